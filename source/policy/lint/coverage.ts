// Rules that can never decide anything because rules above them already
// decide every packet they would match (exact, by set arithmetic over the
// packet space, not by comparing names), and accept-everything rules.
import {ALL_ADDRESSES} from '../../domain/ip.js';
import {ALL_PORTS} from '../../domain/ports.js';
import {split, touches, type Piece} from '../box.js';
import {buildBoxIndex, candidatesBefore} from '../box-index.js';
import type {CompiledRule, CompiledRuleset} from '../compile.js';
import {ALL_PROTOCOLS} from '../protocols.js';
import {INDEX_MIN_RULES} from '../rule-index.js';
import {runSteps, type Steps} from '../steps.js';
import {finding, type Finding} from './types.js';

function refs(rules: readonly CompiledRule[]): string {
  if (rules.length === 1) return `rule "${rules[0].rule.name}" (#${rules[0].ref.position})`;
  const shown = rules
    .slice(0, 5)
    .map((r) => `"${r.rule.name}" (#${r.ref.position})`)
    .join(', ');
  return `rules ${shown}${rules.length > 5 ? ` and ${rules.length - 5} more` : ''}`;
}

function verb(action: string): string {
  return action === 'accept' ? 'accept' : action === 'drop' ? 'drop' : 'reject';
}

/**
 * The earlier filter rules that together decide all of `rule`'s packets, or
 * null when some reach it. `earlier`: positions in `list`, ascending; rules
 * that do not touch `rule` may be left out (they split nothing).
 */
function coveredBy(
  rule: CompiledRule,
  list: readonly CompiledRule[],
  earlier: readonly number[],
): CompiledRule[] | null {
  let pieces: Piece[] = [{box: rule.box, rw: null}];
  const covering: CompiledRule[] = [];
  for (const at of earlier) {
    const e = list[at];
    if (e.kind !== 'filter') continue;
    let hit = false;
    const next: Piece[] = [];
    for (const p of pieces) {
      const s = touches(p, e.box) ? split(p, e.box) : null;
      if (!s) next.push(p);
      else {
        hit = true;
        next.push(...s.rest);
      }
    }
    if (hit) covering.push(e);
    pieces = next;
    if (pieces.length === 0) return covering;
  }
  return null;
}

/** `scan`: visit every earlier rule (the reference the index is tested against). */
export function coverageFindings(rs: CompiledRuleset, opts: {scan?: boolean} = {}): Finding[] {
  return runSteps(coverageSteps(rs, opts));
}

/** Rules checked between two yields of coverageSteps. */
const CHUNK = 250;

export function* coverageSteps(rs: CompiledRuleset, opts: {scan?: boolean} = {}): Steps<Finding[]> {
  const out: Finding[] = [];
  const n = rs.network;
  for (const dir of ['incoming', 'outgoing'] as const) {
    const list = rs[dir];
    // Long lists: only the earlier rules that can touch a rule are visited (see box-index).
    const index = list.length >= INDEX_MIN_RULES && !opts.scan ? buildBoxIndex(list.map((r) => r.box)) : null;
    for (let i = 0; i < list.length; i++) {
      if (i > 0 && i % CHUNK === 0) yield;
      const rule = list[i];
      if (rule.kind !== 'filter') continue;
      if (
        rule.rule.action === 'accept' &&
        rule.protocols.equals(ALL_PROTOCOLS) &&
        rule.box[1].equals(ALL_ADDRESSES) &&
        rule.box[3].equals(ALL_ADDRESSES) &&
        rule.box[2].equals(ALL_PORTS) &&
        rule.box[4].equals(ALL_PORTS)
      ) {
        out.push(
          finding({
            severity: dir === 'incoming' ? 'warning' : 'info',
            code: 'any-to-any',
            message:
              dir === 'incoming'
                ? `"${rule.rule.name}" (#${rule.ref.position}) accepts any incoming traffic from anywhere: everything below it is dead and ${n.name} ` +
                  `is not segmented`
                : `"${rule.rule.name}" (#${rule.ref.position}) accepts any outgoing traffic (the same as the default for most networks); consider ` +
                  `least privilege`,
            network: n.name,
            networkKey: n.key,
            rules: [rule.ref],
          }),
        );
      }
      // Translate rules above change what later rules see; vseg does not claim coverage across them.
      const piece: Piece = {box: rule.box, rw: null};
      const earlier = index ? candidatesBefore(index, rule.box, i) : Array.from({length: i}, (_, k) => k);
      if (earlier.some((k) => list[k].kind === 'translate' && touches(piece, list[k].box))) continue;
      const covering = coveredBy(rule, list, earlier);
      if (!covering) continue;
      const differing = covering.filter((c) => c.rule.action !== rule.rule.action);
      if (differing.length > 0) {
        const actions = [...new Set(covering.map((c) => verb(c.rule.action)))].join('/');
        out.push(
          finding({
            severity: 'error',
            code: 'shadowed',
            message:
              `"${rule.rule.name}" (#${rule.ref.position}, ${rule.rule.action}) never matches: ${refs(covering)} above it already ${actions} ` +
              `every packet it would match`,
            network: n.name,
            networkKey: n.key,
            rules: [rule.ref, ...covering.map((c) => c.ref)],
          }),
        );
      } else {
        out.push(
          finding({
            severity: 'warning',
            code: 'redundant',
            message:
              `"${rule.rule.name}" (#${rule.ref.position}) is redundant: ${refs(covering)} above it already ${verb(rule.rule.action)} every ` +
              `packet it would match`,
            network: n.name,
            networkKey: n.key,
            rules: [rule.ref, ...covering.map((c) => c.ref)],
          }),
        );
      }
    }
  }
  return out;
}
