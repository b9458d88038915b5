// Rule order that does not hang on a tie. Two writers that each place a rule
// in the same gap (two `vseg apply` runs at once, or vseg and the UI) give
// both the same orderid; VergeOS then orders them by something no public
// source states. Before Apply Rules makes a ruleset live, vseg reads the
// network's rules and gives every tied rule an orderid of its own, keeping the
// order the tie-break gives (pin, then orderid, then key: what vseg's
// evaluator and the simulator both use, see source/policy/README.md). Only
// the rules whose orderid changes are written; writers that settle the same
// ruleset at once compute the same orderids, so they cannot disagree.
import {z} from 'zod';
import type {RulePin} from '../../api/enums.js';
import {assignOrderIds} from '../plan/order.js';

export interface OrderRow {
  key: number;
  orderid: number;
  pin: RulePin;
  /** System and owned rules are VergeOS's: never written. */
  fixed: boolean;
}

export const orderRowSchema = z
  .object({
    $key: z.coerce.number(),
    orderid: z.coerce.number().nullable().optional(),
    pin: z.string().nullable().optional(),
    system_rule: z.union([z.boolean(), z.number()]).nullable().optional(),
    owner: z.string().nullable().optional(),
  })
  .transform((r): OrderRow => ({
    key: r.$key,
    orderid: r.orderid ?? 0,
    pin: r.pin === 'top' || r.pin === 'bottom' ? r.pin : 'no',
    fixed: r.system_rule === true || r.system_rule === 1 || (r.owner ?? '') !== '',
  }));

export const ORDER_FIELDS = ['$key', 'orderid', 'pin', 'system_rule', 'owner'];

const PIN_RANK: Record<RulePin, number> = {top: 0, no: 1, bottom: 2};

/** New orderids (rule key → orderid) that make every orderid in a pin group unique, in the same order. */
export function untieOrder(rows: readonly OrderRow[]): Map<number, number> {
  const sorted = [...rows].sort((a, b) => PIN_RANK[a.pin] - PIN_RANK[b.pin] || a.orderid - b.orderid || a.key - b.key);
  const out = new Map<number, number>();
  for (const pin of ['top', 'no', 'bottom'] as const) {
    const group = sorted.filter((r) => r.pin === pin);
    const tied = new Set<number>();
    group.forEach((r, i) => {
      if (i > 0 && group[i - 1].orderid === r.orderid) {
        // Of a tied run, a rule vseg may not write keeps its place; the others move.
        const prev = group[i - 1];
        tied.add(prev.fixed && !r.fixed ? r.key : !prev.fixed && r.fixed ? prev.key : r.key);
      }
    });
    if (tied.size === 0) continue;
    const placed = assignOrderIds(
      group.map((r) => ({name: String(r.key), pin, current: tied.has(r.key) ? null : r.orderid})),
    );
    for (const r of group) {
      const next = placed.get(String(r.key))!;
      if (next !== r.orderid && !r.fixed) out.set(r.key, next);
    }
  }
  return out;
}
