// IPv4 arithmetic for the simulated routers. The simulator keeps its own copy
// (it must not share vseg's address code): its routers are the reference the
// client's predictions are checked against.

/** An inclusive range of addresses as unsigned 32-bit integers. */
export type Span = readonly [number, number];

export function parseIp(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return null;
    v = v * 256 + o;
  }
  return v;
}

export function formatIp(v: number): string {
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** "10.0.0.0/24", "10.0.0.5", "10.0.0.5-10.0.0.9" → a span; anything else → null. */
export function parseSpan(text: string): Span | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash > 0) {
    const base = parseIp(t.slice(0, slash));
    const bits = Number(t.slice(slash + 1));
    if (base === null || !/^\d{1,2}$/.test(t.slice(slash + 1)) || bits > 32) return null;
    const size = 2 ** (32 - bits);
    const lo = Math.floor(base / size) * size;
    return [lo, lo + size - 1];
  }
  const dash = t.indexOf('-');
  if (dash > 0) {
    const lo = parseIp(t.slice(0, dash));
    const hi = parseIp(t.slice(dash + 1));
    return lo !== null && hi !== null && lo <= hi ? [lo, hi] : null;
  }
  const ip = parseIp(t);
  return ip === null ? null : [ip, ip];
}

export function inSpans(spans: readonly Span[], v: number): boolean {
  for (const [lo, hi] of spans) if (v >= lo && v <= hi) return true;
  return false;
}

/** The prefix length of a CIDR text, or -1. */
export function prefixOf(cidr: string): number {
  const m = /\/(\d{1,2})$/.exec(cidr.trim());
  return m ? Number(m[1]) : -1;
}
