// Small display helpers the resource panes share (ages, byte counts, flags).

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago"; "never" for no time. */
export function ago(epochSeconds: number | null | undefined, nowMs: number): string {
  if (!epochSeconds) return 'never';
  const s = Math.max(0, Math.round(nowMs / 1000 - epochSeconds));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytes(n: number): string {
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${UNITS[u]}`;
}

export const yesNo = (b: boolean) => (b ? 'yes' : 'no');
