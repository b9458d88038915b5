// An interval index over one ordered rule list, so a question about a few
// addresses only visits the rules that can touch them. Rules are indexed on
// one address dimension (source or destination, whichever leaves fewer
// "wide" rules); wide rules (any, /8 …) are always candidates.
import {D_DST, D_SRC} from './types.js';
import type {CompiledRule} from './compile.js';
import {IntervalSet} from '../domain/ip.js';
import {buildBoxIndex, candidatesBefore, segmentOf, type BoxIndex} from './box-index.js';
import type {Box} from './box.js';

/** Lists shorter than this are scanned: an index would not pay for itself. */
export const INDEX_MIN_RULES = 48;
const WIDE = 2 ** 20;
/** A question spanning more segments than this scans the whole list. */
const MAX_SEGMENTS = 16;
/**
 * Lists at least this long also get the five-dimension index (built on first
 * use): one address dimension leaves thousands of candidates when most rules
 * name the same source network, where protocol and ports tell them apart.
 */
export const BOX_INDEX_MIN_RULES = 256;

export interface RuleIndex {
  dim: number;
  /** Positions (in list order) of rules whose indexed set is wide. */
  wide: number[];
  /** Segment starts, sorted; segment i covers [starts[i], starts[i+1] - 1]. */
  starts: number[];
  /** Narrow rules overlapping each segment, in list order. */
  lists: number[][];
  /** The rule boxes, for the five-dimension index of long lists. */
  boxes: readonly Box[];
  /** That index: undefined until first asked for, null for lists too short for it. */
  box?: BoxIndex | null;
}

/** A narrow rule spanning more segments than this is treated as wide (bounds the index size). */
const MAX_SPAN = 64;

function build(rules: readonly CompiledRule[], dim: number): RuleIndex {
  const wide: number[] = [];
  const cuts = new Set<number>([0]);
  let narrow: number[] = [];
  rules.forEach((r, i) => {
    const set = r.box[dim];
    if (set.size() > WIDE || set.count > MAX_SPAN) wide.push(i);
    else {
      narrow.push(i);
      for (let k = 0; k < set.b.length; k += 2) {
        cuts.add(set.b[k]);
        cuts.add(set.b[k + 1] + 1);
      }
    }
  });
  const starts = [...cuts].sort((a, b) => a - b);
  narrow = narrow.filter((i) => {
    const set = rules[i].box[dim];
    if (segmentOf(starts, set.max) - segmentOf(starts, set.min) <= MAX_SPAN) return true;
    wide.push(i);
    return false;
  });
  wide.sort((a, b) => a - b);
  const lists: number[][] = starts.map(() => []);
  for (const i of narrow) {
    const b = rules[i].box[dim].b;
    for (let k = 0; k < b.length; k += 2) {
      for (let s = segmentOf(starts, b[k]); s < starts.length && starts[s] <= b[k + 1]; s++) lists[s].push(i);
    }
  }
  return {dim, wide, starts, lists, boxes: rules.map((r) => r.box)};
}

/** The index for a list, on the dimension that leaves fewer wide rules; null for short lists. */
export function buildRuleIndex(rules: readonly CompiledRule[]): RuleIndex | null {
  if (rules.length < INDEX_MIN_RULES) return null;
  const bySrc = build(rules, D_SRC);
  const byDst = build(rules, D_DST);
  const best = bySrc.wide.length <= byDst.wide.length ? bySrc : byDst;
  // Long lists are asked through the five-dimension index (boxCandidates), whatever the addresses say.
  return best.wide.length > rules.length / 2 && rules.length < BOX_INDEX_MIN_RULES ? null : best;
}

/**
 * Positions of the rules that can touch `set` on the indexed dimension, in
 * list order; null when the set spans too many segments to be worth it.
 */
export function candidates(index: RuleIndex, set: IntervalSet): number[] | null {
  if (set.isEmpty) return [];
  const first = segmentOf(index.starts, set.min);
  const last = segmentOf(index.starts, set.max);
  if (last - first > MAX_SEGMENTS) return null;
  const seen = new Set<number>(index.wide);
  for (let s = first; s <= last; s++) {
    const lo = index.starts[s];
    const hi = s + 1 < index.starts.length ? index.starts[s + 1] - 1 : Number.MAX_SAFE_INTEGER;
    if (!set.overlaps(IntervalSet.range(lo, hi))) continue;
    for (const i of index.lists[s]) seen.add(i);
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * Positions of the rules whose boxes may touch `q` on any dimension, in list
 * order (a superset of those that do); null when the list is too short for the
 * five-dimension index, so the caller uses candidates() on the indexed dimension.
 */
export function boxCandidates(index: RuleIndex, q: Box): number[] | null {
  if (index.box === undefined)
    index.box = index.boxes.length >= BOX_INDEX_MIN_RULES ? buildBoxIndex(index.boxes) : null;
  return index.box ? candidatesBefore(index.box, q, index.boxes.length) : null;
}
