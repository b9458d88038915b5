// The packet space as a product of five exact sets: protocol × source ×
// source port × destination × destination port. A rule matches a box; a
// question (VM → network, tcp, any port) is a box; first-match evaluation
// splits boxes into disjoint pieces. That keeps "partial" answers exact
// without sampling: every piece is decided as a whole.
import {IntervalSet} from '../domain/ip.js';
import {ALL_PORTS} from '../domain/ports.js';
import {D_DPORT, D_DST, D_PROTO, D_SPORT, D_SRC, type Packet} from './types.js';
import {hasPorts, preferredPort, preferredProtocol} from './protocols.js';

export type Box = readonly IntervalSet[];

/**
 * A region of the question in the *original* coordinates, plus constants that
 * NAT rules wrote over some dimensions. Later rules see the rewritten values;
 * examples and answers stay in the coordinates the operator asked about.
 */
export interface Piece {
  box: Box;
  rw: ReadonlyArray<number | null> | null;
}

/** The set a later rule sees on dimension d. */
export function seen(p: Piece, d: number): IntervalSet {
  const c = p.rw?.[d];
  return c === null || c === undefined ? p.box[d] : IntervalSet.point(c);
}

/** Addresses first: they tell rules apart far more often than protocols do. */
const CHECK_ORDER = [D_DST, D_SRC, D_DPORT, D_PROTO, D_SPORT] as const;

/** Cheap test: does the rule box touch the piece at all? Allocates nothing. */
export function touches(p: Piece, r: Box): boolean {
  const rw = p.rw;
  for (const d of CHECK_ORDER) {
    const c = rw ? rw[d] : null;
    if (c !== null && c !== undefined) {
      if (!r[d].has(c)) return false;
      continue;
    }
    const a = p.box[d].b;
    const x = r[d].b;
    // Single intervals on both sides: the usual case, no call needed.
    if (a.length === 2 && x.length === 2) {
      if (a[1] < x[0] || x[1] < a[0]) return false;
    } else if (!p.box[d].overlaps(r[d])) return false;
  }
  return true;
}

/**
 * Splits a piece by a rule box into the part the rule matches and disjoint
 * remainders; null when they do not touch.
 */
export function split(p: Piece, r: Box): {hit: Piece; rest: Piece[]} | null {
  if (!touches(p, r)) return null;
  const rw = p.rw;
  const hit: IntervalSet[] = [p.box[0], p.box[1], p.box[2], p.box[3], p.box[4]];
  const rest: Piece[] = [];
  for (let d = 0; d < 5; d++) {
    const c = rw ? rw[d] : null;
    if (c !== null && c !== undefined) continue; // constant inside the rule: all of it matches
    const orig = p.box[d];
    const inter = orig.intersect(r[d]);
    if (inter === orig) continue;
    const diff = orig.subtract(inter);
    hit[d] = inter;
    if (!diff.isEmpty) {
      const b = hit.slice();
      b[d] = diff;
      for (let e = d + 1; e < 5; e++) b[e] = p.box[e]!;
      rest.push({box: b, rw});
    }
  }
  return {hit: {box: hit, rw}, rest};
}

/** Rewrites dimensions to constants (NAT); null keeps a dimension. */
export function rewrite(p: Piece, changes: ReadonlyArray<readonly [number, number | null]>): Piece {
  const rw: Array<number | null> = p.rw ? [...p.rw] : [null, null, null, null, null];
  for (const [d, v] of changes) if (v !== null) rw[d] = v;
  return {box: p.box, rw};
}

/**
 * A readable member of an address set: a host-looking address (.10 of a
 * block) rather than the network address, when the first interval allows.
 */
export function preferredAddress(set: IntervalSet): number {
  const lo = set.b[0];
  const hi = set.b[1];
  if (lo % 256 === 0 && hi - lo >= 20) return lo + 10;
  return lo;
}

/** A readable member of a box, in the operator's coordinates. */
export function examplePacket(b: Box): Packet {
  const proto = preferredProtocol(b[D_PROTO]);
  const ports = hasPorts(proto);
  return {
    proto,
    src: preferredAddress(b[D_SRC]),
    dst: preferredAddress(b[D_DST]),
    sport: ports ? preferredPort(b[D_SPORT], true) : null,
    dport: ports ? preferredPort(b[D_DPORT], false) : null,
  };
}

/** The box of one packet (ports outside tcp/udp do not exist: any value). */
export function packetBox(p: Packet): Box {
  return [
    IntervalSet.point(p.proto),
    IntervalSet.point(p.src),
    p.sport === null ? ALL_PORTS : IntervalSet.point(p.sport),
    IntervalSet.point(p.dst),
    p.dport === null ? ALL_PORTS : IntervalSet.point(p.dport),
  ];
}
