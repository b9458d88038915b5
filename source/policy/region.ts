// First-match evaluation over regions: a list of pieces goes through one
// router direction; every piece leaves with the rule that decided it (or the
// default), and with the translate rule that rewrote it, if any. Translate
// rules rewrite and let the piece continue; the first one to match wins.
import {rewrite, seen, split, touches, type Piece} from './box.js';
import type {CompiledRule} from './compile.js';
import {boxCandidates, candidates, type RuleIndex} from './rule-index.js';
import type {FilterAction} from './types.js';

const DIMS = [0, 1, 2, 3, 4] as const;

/**
 * The rule positions to visit for a one-piece question: the index's
 * candidates when it has some, else every rule. Several pieces (rare) scan.
 */
function visitOrder(input: readonly Piece[], index: RuleIndex | null | undefined): number[] | null {
  if (!index || input.length !== 1) return null;
  const p = input[0];
  return boxCandidates(index, p.rw ? DIMS.map((d) => seen(p, d)) : p.box) ?? candidates(index, seen(p, index.dim));
}

export interface FilterStep {
  /** The deciding filter rule; null when the default decided. */
  decider: CompiledRule | null;
  action: FilterAction;
  /** The translate rule applied on this hop, if any. */
  nat: CompiledRule | null;
}

interface Active {
  p: Piece;
  nat: CompiledRule | null;
}

export function runFilter(
  rules: readonly CompiledRule[],
  defaultAction: FilterAction,
  input: readonly Piece[],
  emit: (piece: Piece, step: FilterStep) => void,
  index?: RuleIndex | null,
): void {
  let active: Active[] = input.map((p) => ({p, nat: null}));
  let order = visitOrder(input, index);
  let i = 0;
  for (;;) {
    let at: number;
    if (order) {
      if (i >= order.length) break;
      at = order[i++]!;
    } else {
      if (i >= rules.length) break;
      at = i++;
    }
    const rule = rules[at];
    if (active.length === 0) return;
    let next: Active[] | null = null;
    let translated = false;
    for (let i = 0; i < active.length; i++) {
      const a = active[i];
      // A packet is translated at most once per hop: later translate rules pass it by.
      const s = rule.kind === 'translate' && a.nat ? null : split(a.p, rule.box);
      if (!s) {
        if (next) next.push(a);
        continue;
      }
      if (!next) next = active.slice(0, i);
      for (const r of s.rest) next.push({p: r, nat: a.nat});
      if (rule.kind === 'filter') emit(s.hit, {decider: rule, action: rule.rule.action as FilterAction, nat: a.nat});
      else {
        next.push({p: rewrite(s.hit, rule.nat!.changes), nat: rule});
        translated = true;
      }
    }
    if (next) active = next;
    // A rewrite may move pieces out of the indexed segment: scan the rest of the list.
    if (translated && order) {
      order = null;
      i = at + 1;
    }
  }
  for (const a of active) emit(a.p, {decider: null, action: defaultAction, nat: a.nat});
}

/** Splits pieces by the first matching route rule (null: no route rule matched). */
export function runRoutes(
  routes: readonly CompiledRule[],
  input: readonly Piece[],
  emit: (piece: Piece, route: CompiledRule | null) => void,
  index?: RuleIndex | null,
): void {
  let active: Piece[] = input.slice();
  const order = visitOrder(input, index);
  const n = order ? order.length : routes.length;
  for (let i = 0; i < n; i++) {
    const rule = routes[order ? order[i] : i];
    if (active.length === 0) return;
    let next: Piece[] | null = null;
    for (let i = 0; i < active.length; i++) {
      const p = active[i];
      const s = touches(p, rule.box) ? split(p, rule.box) : null;
      if (!s) {
        if (next) next.push(p);
        continue;
      }
      if (!next) next = active.slice(0, i);
      next.push(...s.rest);
      emit(s.hit, rule);
    }
    if (next) active = next;
  }
  for (const p of active) emit(p, null);
}
