// Small display helpers for numbers and times, one wording for the console,
// the headless commands and the wizards' reviews.

/** How long ago, from elapsed milliseconds: "12 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function agoText(elapsedMs: number): string {
  const s = Math.max(0, Math.floor(elapsedMs / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** How long ago an API timestamp (epoch seconds) was; "never" for none (0 or null). */
export function ago(epochSeconds: number | null | undefined, nowMs: number): string {
  return epochSeconds ? agoText(nowMs - epochSeconds * 1000) : 'never';
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A byte count in binary units: "512 B", "1.5 KiB", "120 MiB". */
export function bytes(n: number): string {
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${UNITS[u]}`;
}

export const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
