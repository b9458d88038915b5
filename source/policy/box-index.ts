// Which earlier rules of a list can touch a box, without visiting every earlier
// rule: lint's shadow/redundancy check asks this once per rule, and a scan of
// all earlier rules is quadratic (10,000 rules on one network took seconds).
// Every dimension gets an interval index (segments between the rules' bounds,
// with the rules overlapping each one); a question takes, on each dimension
// where its set is narrow, the rules of the segments it spans plus the rules
// too wide to index there, as a bitset, and intersects the dimensions. The
// answer is a superset of the rules that touch the box (a segment may overlap
// a rule's set where the question does not), in list order: callers still
// test `touches`, so results stay exact.
import type {Box} from './box.js';

/** A rule whose set on a dimension spans more segments than this is "wide" there. */
const MAX_SPAN = 64;
/** A question spanning more segments than this does not use that dimension. */
const MAX_SEGMENTS = 32;

interface DimIndex {
  /** Segment starts, sorted; segment s covers [starts[s], starts[s+1] - 1]. */
  starts: number[];
  /** Narrow rules overlapping each segment, in list order. */
  lists: number[][];
  /** The same as a bitset where a segment holds many rules (OR-ed, not walked). */
  bits: Array<Uint32Array | undefined>;
  /** Rules not in any list: they may touch anything on this dimension. */
  wide: Uint32Array;
}

export interface BoxIndex {
  readonly size: number;
  readonly dims: ReadonlyArray<DimIndex | null>;
  /** Scratch bitsets reused by every question (the index is used from one call stack). */
  readonly scratch: [Uint32Array, Uint32Array];
}

const words = (n: number) => (n + 31) >>> 5;

function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] |= 1 << (i & 31);
}

/** The segment holding `x`: the last start at or below it (binary search; starts are sorted). */
export function segmentOf(starts: readonly number[], x: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Whether the flat interval bounds `b` meet [lo, hi]. */
function meets(b: readonly number[], lo: number, hi: number): boolean {
  let l = 0;
  let h = (b.length >> 1) - 1;
  // First interval ending at or after lo.
  while (l < h) {
    const mid = (l + h) >> 1;
    if (b[mid * 2 + 1] < lo) l = mid + 1;
    else h = mid;
  }
  return b[l * 2 + 1] >= lo && b[l * 2] <= hi;
}

function buildDim(boxes: readonly Box[], d: number): DimIndex | null {
  const n = boxes.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const box of boxes) {
    const b = box[d].b;
    if (b.length === 0) continue;
    if (b[0] < lo) lo = b[0]!;
    if (b[b.length - 1] > hi) hi = b[b.length - 1]!;
  }
  const wide = new Uint32Array(words(n));
  const cuts = new Set<number>([lo]);
  const narrow: number[] = [];
  boxes.forEach((box, i) => {
    const b = box[d].b;
    if (b.length === 0) return; // matches nothing: never a candidate
    // One interval over the list's whole range tells no rule apart.
    if ((b.length === 2 && b[0] <= lo && b[1] >= hi) || b.length > MAX_SPAN * 2) {
      setBit(wide, i);
      return;
    }
    narrow.push(i);
    for (let k = 0; k < b.length; k += 2) {
      cuts.add(b[k]);
      cuts.add(b[k + 1] + 1);
    }
  });
  if (narrow.length === 0) return null;
  const starts = [...cuts].sort((a, b) => a - b);
  const lists: number[][] = starts.map(() => []);
  for (const i of narrow) {
    const b = boxes[i][d].b;
    let span = 0;
    for (let k = 0; k < b.length; k += 2) span += segmentOf(starts, b[k + 1]) - segmentOf(starts, b[k]) + 1;
    if (span > MAX_SPAN) {
      setBit(wide, i);
      continue;
    }
    for (let k = 0; k < b.length; k += 2) {
      for (let s = segmentOf(starts, b[k]); s < starts.length && starts[s] <= b[k + 1]; s++) lists[s].push(i);
    }
  }
  // A bitset costs n/32 words to OR; a list costs its length to walk.
  const threshold = Math.max(32, words(n));
  const bits = lists.map((list) => {
    if (list.length < threshold) return undefined;
    const out = new Uint32Array(words(n));
    for (const i of list) setBit(out, i);
    return out;
  });
  return {starts, lists, bits, wide};
}

/** The index of a list of rule boxes (positions are indexes into `boxes`). */
export function buildBoxIndex(boxes: readonly Box[]): BoxIndex {
  const dims = [0, 1, 2, 3, 4].map((d) => buildDim(boxes, d));
  return {
    size: boxes.length,
    dims,
    scratch: [new Uint32Array(words(boxes.length)), new Uint32Array(words(boxes.length))],
  };
}

/**
 * The candidates below `limit` for `q` as a bitset over positions, or null
 * when no dimension narrows them (every position below `limit` is one). The
 * bitset is the index's scratch space: valid until the next question.
 */
function candidateBits(index: BoxIndex, q: Box, limit: number): Uint32Array | null | 'none' {
  const n = Math.min(limit, index.size);
  if (n <= 0) return 'none';
  const nw = words(n);
  const [acc, cur] = index.scratch;
  let used = false;
  for (let d = 0; d < 5; d++) {
    const dim = index.dims[d];
    const b = q[d].b;
    if (b.length === 0) return 'none';
    if (!dim) continue;
    const first = segmentOf(dim.starts, b[0]);
    const last = segmentOf(dim.starts, b[b.length - 1]);
    if (last - first > MAX_SEGMENTS) continue;
    const target = used ? cur : acc;
    target.set(dim.wide.subarray(0, nw));
    for (let s = first; s <= last; s++) {
      const segHi = s + 1 < dim.starts.length ? dim.starts[s + 1] - 1 : Number.MAX_SAFE_INTEGER;
      if (!meets(b, dim.starts[s], segHi)) continue;
      const bits = dim.bits[s];
      if (bits) {
        for (let w = 0; w < nw; w++) target[w] |= bits[w];
        continue;
      }
      for (const i of dim.lists[s]) {
        if (i >= n) break;
        target[i >>> 5] |= 1 << (i & 31);
      }
    }
    if (used) for (let w = 0; w < nw; w++) acc[w] &= cur[w];
    used = true;
  }
  if (!used) return null;
  if (n & 31) acc[nw - 1] &= (1 << (n & 31)) - 1;
  return acc;
}

/**
 * Visits, in ascending order, the positions below `limit` of the rules whose
 * boxes may touch `q` (a superset of those that do), until `visit` returns
 * true. Stopping early costs nothing for the positions not reached: a caller
 * that is answered by the first few candidates (a rule covered by the one
 * above it) does not pay for the thousands after them.
 */
export function forEachCandidate(index: BoxIndex, q: Box, limit: number, visit: (position: number) => boolean): void {
  const n = Math.min(limit, index.size);
  const bits = candidateBits(index, q, limit);
  if (bits === 'none') return;
  if (bits === null) {
    for (let i = 0; i < n; i++) if (visit(i)) return;
    return;
  }
  const nw = words(n);
  for (let w = 0; w < nw; w++) {
    let x = bits[w];
    while (x !== 0) {
      const low = x & -x;
      if (visit(w * 32 + 31 - Math.clz32(low))) return;
      x ^= low;
    }
  }
}

/**
 * Positions below `limit` of the rules whose boxes may touch `q`, ascending
 * (a superset of those that do; none that touch is left out).
 */
export function candidatesBefore(index: BoxIndex, q: Box, limit: number): number[] {
  const out: number[] = [];
  forEachCandidate(index, q, limit, (i) => {
    out.push(i);
    return false;
  });
  return out;
}
