// IPv4 addresses, CIDRs, ranges and exact interval sets. Pure functions shared
// by the policy analysis (which needs exact set arithmetic, not sampling) and
// the input forms (which need clear messages, not exceptions).
//
// Addresses are unsigned 32-bit integers held in ordinary numbers, so sets of
// addresses are sorted lists of inclusive [lo, hi] intervals. The same
// IntervalSet type serves ports (0–65535) and protocol numbers (0–255).

/** Result of every parse/validate function: a value or one clear message. */
export type Parsed<T> = {ok: true; value: T} | {ok: false; error: string};

export const IPV4_MAX = 0xffffffff;
export const IPV6_UNSUPPORTED = "IPv6 is not supported by vseg's analysis yet";

const ok = <T>(value: T): Parsed<T> => ({ok: true, value});
const fail = <T>(error: string): Parsed<T> => ({ok: false, error});

// ---------------------------------------------------------------------------
// Interval sets

function sameBounds(x: readonly number[], y: readonly number[]): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * An immutable set of integers stored as sorted, disjoint, non-adjacent
 * inclusive intervals (flat `[lo0, hi0, lo1, hi1, …]`). Every operation is a
 * linear merge, which keeps rule evaluation exact and fast.
 */
export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  /** Flat bounds; read-only by contract (hot loops read it directly). */
  readonly b: readonly number[];

  private constructor(bounds: readonly number[]) {
    this.b = bounds;
  }

  static range(lo: number, hi: number): IntervalSet {
    return lo > hi ? IntervalSet.EMPTY : new IntervalSet([lo, hi]);
  }

  static point(x: number): IntervalSet {
    return new IntervalSet([x, x]);
  }

  /** Builds a set from intervals in any order, overlapping or adjacent. */
  static from(intervals: Iterable<readonly [number, number]>): IntervalSet {
    const list = [...intervals].filter(([lo, hi]) => lo <= hi).sort((x, y) => x[0] - y[0]);
    const out: number[] = [];
    for (const [lo, hi] of list) {
      const n = out.length;
      if (n > 0 && lo <= out[n - 1] + 1) {
        if (hi > out[n - 1]) out[n - 1] = hi;
      } else {
        out.push(lo, hi);
      }
    }
    return out.length === 0 ? IntervalSet.EMPTY : new IntervalSet(out);
  }

  /** Trusted constructor for already-normalised bounds. */
  private static raw(bounds: number[]): IntervalSet {
    return bounds.length === 0 ? IntervalSet.EMPTY : new IntervalSet(bounds);
  }

  get isEmpty(): boolean {
    return this.b.length === 0;
  }

  /** Number of intervals (not of members). */
  get count(): number {
    return this.b.length >> 1;
  }

  get min(): number {
    if (this.b.length === 0) throw new RangeError('empty set has no minimum');
    return this.b[0];
  }

  get max(): number {
    if (this.b.length === 0) throw new RangeError('empty set has no maximum');
    return this.b[this.b.length - 1];
  }

  /** Number of members (exact up to 2^53). */
  size(): number {
    let n = 0;
    for (let i = 0; i < this.b.length; i += 2) n += this.b[i + 1] - this.b[i] + 1;
    return n;
  }

  has(x: number): boolean {
    const b = this.b;
    let lo = 0;
    let hi = (b.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (x < b[mid * 2]) hi = mid - 1;
      else if (x > b[mid * 2 + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** True when the sets share a member; allocates nothing. */
  overlaps(other: IntervalSet): boolean {
    const a = this.b;
    const c = other.b;
    if (a.length === 0 || c.length === 0) return false;
    if (a[a.length - 1] < c[0] || c[c.length - 1] < a[0]) return false;
    let i = 0;
    let j = 0;
    while (i < a.length && j < c.length) {
      if (a[i + 1] < c[j]) i += 2;
      else if (c[j + 1] < a[i]) j += 2;
      else return true;
    }
    return false;
  }

  /** True when every member of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    const a = this.b;
    const c = other.b;
    let i = 0;
    for (let j = 0; j < c.length; j += 2) {
      while (i < a.length && a[i + 1] < c[j]) i += 2;
      if (i >= a.length || a[i] > c[j] || a[i + 1] < c[j + 1]) return false;
    }
    return true;
  }

  equals(other: IntervalSet): boolean {
    if (this === other) return true;
    const a = this.b;
    const c = other.b;
    if (a.length !== c.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== c[i]) return false;
    return true;
  }

  union(other: IntervalSet): IntervalSet {
    if (other.b.length === 0) return this;
    if (this.b.length === 0) return other;
    const a = this.b;
    const c = other.b;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < c.length) {
      let lo: number;
      let hi: number;
      if (j >= c.length || (i < a.length && a[i] <= c[j])) {
        lo = a[i]!;
        hi = a[i + 1]!;
        i += 2;
      } else {
        lo = c[j]!;
        hi = c[j + 1]!;
        j += 2;
      }
      const n = out.length;
      if (n > 0 && lo <= out[n - 1] + 1) {
        if (hi > out[n - 1]) out[n - 1] = hi;
      } else {
        out.push(lo, hi);
      }
    }
    return IntervalSet.raw(out);
  }

  intersect(other: IntervalSet): IntervalSet {
    const a = this.b;
    const c = other.b;
    if (a.length === 0 || c.length === 0) return IntervalSet.EMPTY;
    // Fast paths: one side covers the other entirely (common in rule matching).
    if (c.length === 2 && c[0] <= a[0] && c[1] >= a[a.length - 1]) return this;
    if (a.length === 2 && a[0] <= c[0] && a[1] >= c[c.length - 1]) return other;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < c.length) {
      const lo = Math.max(a[i], c[j]);
      const hi = Math.min(a[i + 1], c[j + 1]);
      if (lo <= hi) out.push(lo, hi);
      if (a[i + 1] < c[j + 1]) i += 2;
      else j += 2;
    }
    // The answer is often one of the operands (tcp ∩ {tcp, udp}): return that one, so
    // a kept result shares its bounds rather than holding a new array with room for 17.
    if (out.length === a.length && sameBounds(out, a)) return this;
    if (out.length === c.length && sameBounds(out, c)) return other;
    return IntervalSet.raw(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    const a = this.b;
    const c = other.b;
    if (a.length === 0 || c.length === 0) return this;
    if (a[a.length - 1] < c[0] || c[c.length - 1] < a[0]) return this;
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < a.length; i += 2) {
      let lo = a[i];
      const hi = a[i + 1];
      while (j < c.length && c[j + 1] < lo) j += 2;
      let k = j;
      while (k < c.length && c[k] <= hi) {
        if (c[k] > lo) out.push(lo, c[k] - 1);
        lo = Math.max(lo, c[k + 1] + 1);
        if (lo > hi) break;
        k += 2;
      }
      if (lo <= hi) out.push(lo, hi);
    }
    return IntervalSet.raw(out);
  }

  /** The members of [0, max] not in this set. */
  complement(max: number): IntervalSet {
    return IntervalSet.range(0, max).subtract(this);
  }

  intervals(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.b.length; i += 2) out.push([this.b[i], this.b[i + 1]]);
    return out;
  }

  /** One member per interval (its low end): the representative points. */
  representatives(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.b.length; i += 2) out.push(this.b[i]);
    return out;
  }

  /** Every member, lazily; callers bound it (sets can hold 2^32 members). */
  *members(): Generator<number> {
    for (let i = 0; i < this.b.length; i += 2) for (let x = this.b[i]; x <= this.b[i + 1]; x++) yield x;
  }

  toString(format: (lo: number, hi: number) => string = (lo, hi) => (lo === hi ? `${lo}` : `${lo}-${hi}`)): string {
    const parts: string[] = [];
    for (let i = 0; i < this.b.length; i += 2) parts.push(format(this.b[i], this.b[i + 1]));
    return parts.join(',');
  }
}

// ---------------------------------------------------------------------------
// IPv4 addresses

/** Loose check used to give IPv6 its own message instead of "not an address". */
export function looksLikeIpv6(text: string): boolean {
  // Every IPv6 form has at least two colons; helper tokens (alias:3) have one.
  const t = text.trim().replace(/\/\d+$/, '');
  return /^[0-9a-fA-F:.]+(%[\w.-]+)?$/.test(t) && (t.match(/:/g)?.length ?? 0) >= 2;
}

/**
 * Whether `text` is one IPv6 address (RFC 4291 text forms: eight groups, one
 * `::`, an embedded dotted quad at the end). Zone ids are refused: a firewall
 * rule cannot hold one.
 */
export function isIpv6Address(text: string): boolean {
  const t = text.trim();
  if (!/^[0-9a-fA-F:.]+$/.test(t)) return false;
  const halves = t.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const all = [...groups(halves[0]), ...(halves.length === 2 ? groups(halves[1]) : [])];
  let count = 0;
  for (const [i, g] of all.entries()) {
    if (g.includes('.')) {
      // A dotted quad only as the very last group.
      if (i !== all.length - 1 || !t.endsWith(g) || parseIpv4(g) === null) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** An IPv6 address or CIDR (prefix 0–128), with a message saying which part is wrong. */
export function validateIpv6(text: string): Parsed<string> {
  const t = text.trim();
  const slash = t.indexOf('/');
  const address = slash < 0 ? t : t.slice(0, slash);
  if (!isIpv6Address(address))
    return fail(`"${t}" is not a valid IPv6 address${slash < 0 ? '' : ' or CIDR'} (e.g. fd00::10 or 2001:db8::/32)`);
  if (slash >= 0) {
    const prefix = t.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > 128)
      return fail(`"${t}": an IPv6 prefix length must be 0–128`);
  }
  return ok(t);
}

/** Strict dotted quad → number, or null. Leading zeros are refused (octal ambiguity). */
export function parseIpv4(text: string): number | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return `${Math.floor(n / 16777216) & 255}.${Math.floor(n / 65536) & 255}.${Math.floor(n / 256) & 255}.${n & 255}`;
}

function ipError(text: string): string {
  const t = text.trim();
  if (t === '') return 'an IP address is required';
  if (looksLikeIpv6(t)) return IPV6_UNSUPPORTED;
  const parts = t.split('.');
  if (parts.length === 4 && parts.every((p) => /^\d+$/.test(p))) {
    const zero = parts.find((p) => p.length > 1 && p[0] === '0');
    if (zero)
      return `"${t}": leading zeros are ambiguous (octal?); write ${parts.map((p) => String(Number(p))).join('.')}`;
    const big = parts.find((p) => Number(p) > 255);
    if (big) return `"${t}": each part must be 0–255 (${big} is too large)`;
  }
  return `"${t}" is not an IPv4 address (expected four numbers 0–255, e.g. 10.0.0.5)`;
}

export function validateIp(text: string): Parsed<string> {
  const n = parseIpv4(text);
  return n === null ? fail(ipError(text)) : ok(formatIpv4(n));
}

// ---------------------------------------------------------------------------
// CIDRs

export interface Cidr {
  /** Network address (host bits cleared). */
  base: number;
  prefix: number;
  /** The address as written, before clearing host bits. */
  address: number;
  /** True when the text had host bits set (e.g. 10.0.0.5/24). */
  hostBitsSet: boolean;
  /** Normalised text, e.g. "10.0.0.0/24". */
  text: string;
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Parses "a.b.c.d/n". Host bits are cleared and flagged, not refused: callers decide. */
export function parseCidr(text: string): Parsed<Cidr> {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return fail(`"${t}" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24)`);
  const addrText = t.slice(0, slash);
  const prefText = t.slice(slash + 1);
  if (looksLikeIpv6(addrText)) return fail(IPV6_UNSUPPORTED);
  const address = parseIpv4(addrText);
  if (address === null) return fail(ipError(addrText));
  if (!/^\d{1,2}$/.test(prefText) || Number(prefText) > 32) return fail(`"${t}": the prefix length must be 0–32`);
  const prefix = Number(prefText);
  const base = (address & prefixMask(prefix)) >>> 0;
  return ok({base, prefix, address, hostBitsSet: base !== address, text: `${formatIpv4(base)}/${prefix}`});
}

/**
 * Validates a network CIDR. Host bits set is an error unless `normalize` is
 * given, in which case the normalised CIDR is returned.
 */
export function validateCidr(text: string, options: {normalize?: boolean} = {}): Parsed<string> {
  const c = parseCidr(text);
  if (!c.ok) return c;
  if (c.value.hostBitsSet && !options.normalize) {
    return fail(`"${text.trim()}" has host bits set; did you mean ${c.value.text}?`);
  }
  return ok(c.value.text);
}

/** An interface address in CIDR form ("192.168.255.1/24"): host bits expected. */
export function parseInterfaceAddress(text: string): Parsed<{address: string; prefix: number; network: string}> {
  const c = parseCidr(text);
  if (!c.ok) return c;
  return ok({address: formatIpv4(c.value.address), prefix: c.value.prefix, network: c.value.text});
}

export function cidrRange(c: Cidr): [number, number] {
  return [c.base, c.base + blockSize(c.prefix) - 1];
}

function toCidr(c: string | Cidr): Cidr | null {
  if (typeof c !== 'string') return c;
  const p = parseCidr(c);
  if (p.ok) return p.value;
  const ip = parseIpv4(c);
  return ip === null ? null : {base: ip, prefix: 32, address: ip, hostBitsSet: false, text: `${formatIpv4(ip)}/32`};
}

/** True when the two blocks share an address. Unparseable input never overlaps. */
export function cidrOverlaps(a: string | Cidr, b: string | Cidr): boolean {
  const x = toCidr(a);
  const y = toCidr(b);
  if (!x || !y) return false;
  const [xl, xh] = cidrRange(x);
  const [yl, yh] = cidrRange(y);
  return xl <= yh && yl <= xh;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string | Cidr, inner: string | Cidr): boolean {
  const x = toCidr(outer);
  const y = toCidr(inner);
  if (!x || !y) return false;
  const [xl, xh] = cidrRange(x);
  const [yl, yh] = cidrRange(y);
  return xl <= yl && yh <= xh;
}

/** The smallest list of CIDRs that covers exactly [lo, hi]. */
export function rangeToCidrs(lo: number, hi: number): string[] {
  const out: string[] = [];
  let cur = lo;
  while (cur <= hi) {
    let prefix = 32;
    while (prefix > 0) {
      const size = blockSize(prefix - 1);
      if (cur % size !== 0 || cur + size - 1 > hi) break;
      prefix--;
    }
    out.push(`${formatIpv4(cur)}/${prefix}`);
    cur += blockSize(prefix);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Ranges, single address specs and lists

export function parseRange(text: string): Parsed<[number, number]> {
  const t = text.trim();
  const dash = t.indexOf('-');
  if (dash < 0) return fail(`"${t}" is not a range (expected first-last, e.g. 10.0.0.10-10.0.0.20)`);
  const a = t.slice(0, dash).trim();
  const b = t.slice(dash + 1).trim();
  const lo = parseIpv4(a);
  if (lo === null) return fail(ipError(a));
  const hi = parseIpv4(b);
  if (hi === null) return fail(ipError(b));
  if (lo > hi) return fail(`"${t}": the range starts after it ends`);
  return ok([lo, hi]);
}

export function validateRange(text: string): Parsed<string> {
  const r = parseRange(text);
  return r.ok ? ok(`${formatIpv4(r.value[0])}-${formatIpv4(r.value[1])}`) : r;
}

export type AddressSpecKind = 'ip' | 'cidr' | 'range';

export interface AddressSpec {
  kind: AddressSpecKind;
  lo: number;
  hi: number;
  /** Canonical text. */
  text: string;
  /** CIDR written with host bits set (matched as the whole block). */
  hostBitsSet?: boolean;
}

/** One IP, CIDR or range. */
export function parseAddressSpec(text: string): Parsed<AddressSpec> {
  const t = text.trim();
  if (t === '') return fail('empty address');
  if (looksLikeIpv6(t)) return fail(IPV6_UNSUPPORTED);
  if (t.includes('/')) {
    const c = parseCidr(t);
    if (!c.ok) return c;
    const [lo, hi] = cidrRange(c.value);
    return ok({kind: 'cidr', lo, hi, text: c.value.text, ...(c.value.hostBitsSet ? {hostBitsSet: true} : {})});
  }
  if (t.includes('-')) {
    const r = parseRange(t);
    if (!r.ok) return r;
    return ok({
      kind: 'range',
      lo: r.value[0],
      hi: r.value[1],
      text: `${formatIpv4(r.value[0])}-${formatIpv4(r.value[1])}`,
    });
  }
  const n = parseIpv4(t);
  if (n === null) return fail(ipError(t));
  return ok({kind: 'ip', lo: n, hi: n, text: formatIpv4(n)});
}

export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}

/**
 * A comma list of IPs, CIDRs and ranges. Empty entries (a trailing comma) are
 * an error, so a form never stores something VergeOS may read differently.
 */
export function parseAddressList(text: string): Parsed<{set: IntervalSet; specs: AddressSpec[]}> {
  if (text.trim() === '') return fail('an address, CIDR or range is required');
  const specs: AddressSpec[] = [];
  for (const [i, part] of splitList(text).entries()) {
    if (part === '') return fail(`entry ${i + 1} is empty (stray comma?)`);
    const s = parseAddressSpec(part);
    if (!s.ok) return fail(s.error);
    specs.push(s.value);
  }
  return ok({set: IntervalSet.from(specs.map((s) => [s.lo, s.hi] as [number, number])), specs});
}

/** Validates an address list; returns it normalised (", " → ","). */
export function validateAddressList(text: string): Parsed<string> {
  const p = parseAddressList(text);
  return p.ok ? ok(p.value.specs.map((s) => s.text).join(',')) : p;
}

/** Formats an address set compactly: single IPs, CIDRs where exact, else ranges. */
export function formatAddressSet(set: IntervalSet, limit = 8): string {
  const parts: string[] = [];
  for (const [lo, hi] of set.intervals()) {
    if (lo === hi) parts.push(formatIpv4(lo));
    else if (lo === 0 && hi === IPV4_MAX) parts.push('any');
    else {
      const cidrs = rangeToCidrs(lo, hi);
      parts.push(cidrs.length === 1 ? cidrs[0] : `${formatIpv4(lo)}-${formatIpv4(hi)}`);
    }
  }
  if (parts.length > limit) return `${parts.slice(0, limit).join(',')},… (${parts.length} blocks)`;
  return parts.join(',');
}

export const ALL_ADDRESSES = IntervalSet.range(0, IPV4_MAX);

// ---------------------------------------------------------------------------
// Allocation helpers (topology wizard)

function avoidSet(avoid: readonly string[]): IntervalSet {
  const ranges: Array<[number, number]> = [];
  for (const a of avoid) {
    const s = parseAddressSpec(a);
    if (s.ok) ranges.push([s.value.lo, s.value.hi]);
  }
  return IntervalSet.from(ranges);
}

/**
 * The first `/prefix` blocks inside `base` that overlap none of `avoid`
 * (CIDRs, IPs or ranges; unparseable entries are ignored), lowest first.
 */
export function freeBlocks(base: string, prefix: number, avoid: readonly string[], count = 1): Parsed<string[]> {
  const b = parseCidr(base);
  if (!b.ok) return b;
  if (!Number.isInteger(prefix) || prefix < b.value.prefix || prefix > 32) {
    return fail(`a /${prefix} block does not fit in ${b.value.text}`);
  }
  const taken = avoidSet(avoid);
  const size = blockSize(prefix);
  const [lo, hi] = cidrRange(b.value);
  const out: string[] = [];
  let cur = lo;
  const t = taken.b;
  while (cur + size - 1 <= hi && out.length < count) {
    const block = IntervalSet.range(cur, cur + size - 1);
    if (!block.overlaps(taken)) {
      out.push(`${formatIpv4(cur)}/${prefix}`);
      cur += size;
      continue;
    }
    // Jump past the end of the first taken interval that overlaps this block.
    let end = cur;
    for (let i = 0; i < t.length; i += 2) {
      if (t[i + 1] >= cur && t[i] <= cur + size - 1) {
        end = t[i + 1]!;
        break;
      }
    }
    cur = (Math.floor(end / size) + 1) * size;
  }
  if (out.length === 0) return fail(`no free /${prefix} left in ${b.value.text}`);
  return ok(out);
}

/** The next free `/prefix` block in `base` avoiding the given CIDRs. */
export function nextFreeBlock(base: string, prefix: number, avoid: readonly string[]): Parsed<string> {
  const r = freeBlocks(base, prefix, avoid, 1);
  return r.ok ? ok(r.value[0]) : r;
}

/** Usable host addresses of a block (network and broadcast excluded below /31). */
export function hostRange(cidr: string): Parsed<{first: string; last: string; count: number}> {
  const c = parseCidr(cidr);
  if (!c.ok) return c;
  const [lo, hi] = cidrRange(c.value);
  if (c.value.prefix >= 31) return ok({first: formatIpv4(lo), last: formatIpv4(hi), count: hi - lo + 1});
  return ok({first: formatIpv4(lo + 1), last: formatIpv4(hi - 1), count: hi - lo - 1});
}
