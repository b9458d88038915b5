// Rule order. The file lists a network's rules in evaluation order; VergeOS
// orders by pin, then `orderid`. Changing as few rules as possible: within each
// pin group, the longest run of existing rules whose orderids already increase
// in the wanted order keeps its orderids; every other rule (new, or out of
// place) gets an orderid in the gap between its kept neighbours. Only when a
// gap is too small is the group renumbered — and even then only the rules
// whose orderid actually changes are sent.
import type {RulePin} from '../../api/enums.js';

export const ORDER_STEP = 10;
export const MIN_ORDERID = 1;

export interface OrderItem {
  name: string;
  pin: RulePin;
  /** Current orderid of an existing rule; null for a rule to create. */
  current: number | null;
}

/** Indices (into `values`, among non-null entries) of one longest strictly increasing subsequence. */
export function longestIncreasing(values: ReadonlyArray<number | null>): Set<number> {
  const idx = values.flatMap((v, i) => (v === null ? [] : [i]));
  const tails: number[] = []; // index into idx of the smallest tail of each length
  const prev = new Array<number>(idx.length).fill(-1);
  for (let j = 0; j < idx.length; j++) {
    const v = values[idx[j]]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[idx[tails[mid]]]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[j] = tails[lo - 1]!;
    tails[lo] = j;
  }
  const out = new Set<number>();
  let j = tails.length > 0 ? tails[tails.length - 1] : -1;
  while (j >= 0) {
    out.add(idx[j]);
    j = prev[j]!;
  }
  return out;
}

function placeGroup(items: readonly OrderItem[]): number[] | undefined {
  const keep = longestIncreasing(items.map((i) => i.current));
  const out = items.map((item, i) => (keep.has(i) ? item.current! : NaN));
  let i = 0;
  while (i < items.length) {
    if (keep.has(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < items.length && !keep.has(j)) j++;
    const k = j - i;
    const lo = i > 0 ? out[i - 1] : undefined;
    const hi = j < items.length ? out[j] : undefined;
    for (let n = 0; n < k; n++) {
      let v: number;
      if (lo !== undefined && hi !== undefined) {
        if (hi - lo - 1 < k) return undefined;
        v = lo + Math.floor(((hi - lo) * (n + 1)) / (k + 1));
      } else if (lo !== undefined) {
        v = lo + ORDER_STEP * (n + 1);
      } else if (hi !== undefined) {
        const step = hi - ORDER_STEP * k >= MIN_ORDERID ? ORDER_STEP : 1;
        v = hi - step * (k - n);
        if (v < MIN_ORDERID) return undefined;
      } else {
        v = ORDER_STEP * (n + 1);
      }
      out[i + n] = v;
    }
    i = j;
  }
  return out;
}

/**
 * The orderid every rule should have so that evaluation follows `wanted`
 * (which lists pin-top rules first, then unpinned, then pin-bottom).
 */
export function assignOrderIds(wanted: readonly OrderItem[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const pin of ['top', 'no', 'bottom'] as const) {
    const group = wanted.filter((w) => w.pin === pin);
    if (group.length === 0) continue;
    const placed = placeGroup(group) ?? group.map((_, n) => ORDER_STEP * (n + 1));
    group.forEach((item, n) => result.set(item.name, placed[n]));
  }
  return result;
}
