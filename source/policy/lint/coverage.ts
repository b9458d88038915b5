// Rules that can never decide anything because rules above them already
// decide every packet they would match (exact, by set arithmetic over the
// packet space, not by comparing names), and accept-everything rules.
import {ALL_ADDRESSES} from '../../domain/ip.js';
import {ALL_PORTS} from '../../domain/ports.js';
import {split, touches, type Piece} from '../box.js';
import {buildBoxIndex, forEachCandidate} from '../box-index.js';
import type {CompiledRule, CompiledRuleset} from '../compile.js';
import {ALL_PROTOCOLS} from '../protocols.js';
import {INDEX_MIN_RULES} from '../rule-index.js';
import {runSteps, type Steps} from '../steps.js';
import {DEFAULT_POLICY, defaultAction, type PolicyDefaults} from '../defaults.js';
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

/** Visits earlier positions of the list in ascending order until the callback returns true. */
type Earlier = (visit: (position: number) => boolean) => void;

/**
 * The earlier filter rules that together decide all of `rule`'s packets, or
 * null when some reach it. `earlier` visits positions in `list`, ascending;
 * rules that do not touch `rule` may be left out (they split nothing). Stops
 * at the first rule that leaves nothing over.
 */
function coveredBy(rule: CompiledRule, list: readonly CompiledRule[], earlier: Earlier): CompiledRule[] | null {
  let pieces: Piece[] = [{box: rule.box, rw: null}];
  const covering: CompiledRule[] = [];
  earlier((at) => {
    const e = list[at];
    if (e.kind !== 'filter') return false;
    let hit = false;
    const next: Piece[] = [];
    for (const p of pieces) {
      const s = touches(p, e.box) ? split(p, e.box) : null;
      if (!s) next.push(p);
      else {
        hit = true;
        for (const r of s.rest) next.push(r);
      }
    }
    if (hit) covering.push(e);
    pieces = next;
    return pieces.length === 0;
  });
  return pieces.length === 0 ? covering : null;
}

/**
 * Whether a translate rule above position `i` touches `piece`. Translate
 * rules are few on most networks; when there are many, they get their own
 * index so the question stays cheap.
 */
function translateAbove(list: readonly CompiledRule[], scan: boolean): (i: number, piece: Piece) => boolean {
  const positions: number[] = [];
  for (let k = 0; k < list.length; k++) if (list[k].kind === 'translate') positions.push(k);
  if (positions.length === 0) return () => false;
  const index = positions.length >= INDEX_MIN_RULES && !scan ? buildBoxIndex(positions.map((k) => list[k].box)) : null;
  return (i, piece) => {
    // How many translate rules are above i (positions are ascending).
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positions[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    let found = false;
    const visit = (t: number) => (found = touches(piece, list[positions[t]].box));
    if (index) forEachCandidate(index, piece.box, lo, visit);
    else for (let t = 0; t < lo && !visit(t); t++);
    return found;
  };
}

export interface CoverageOptions {
  /** Visit every earlier rule (the reference the index is tested against). */
  scan?: boolean;
  /** The defaults a rule may duplicate (site overrides). */
  defaults?: PolicyDefaults;
}

export function coverageFindings(rs: CompiledRuleset, opts: CoverageOptions = {}): Finding[] {
  return runSteps(coverageSteps(rs, opts));
}

/**
 * A rule that does what the network's default does to every packet it
 * decides: nothing after it (another action, or a translation) touches those
 * packets, so without it they reach the default, which does the same. The
 * explicit final drop of a default-drop network is the usual case.
 */
function duplicatesDefault(rule: CompiledRule, list: readonly CompiledRule[], at: number, action: string): boolean {
  if (rule.rule.action !== action) return false;
  const piece: Piece = {box: rule.box, rw: null};
  for (let k = at + 1; k < list.length; k++) {
    const later = list[k];
    if ((later.kind === 'translate' || later.rule.action !== action) && touches(piece, later.box)) return false;
  }
  return true;
}

/** Rules checked between two yields of coverageSteps. */
const CHUNK = 250;

export function* coverageSteps(rs: CompiledRuleset, opts: CoverageOptions = {}): Steps<Finding[]> {
  const out: Finding[] = [];
  const n = rs.network;
  for (const dir of ['incoming', 'outgoing'] as const) {
    const list = rs[dir];
    // Long lists: only the earlier rules that can touch a rule are visited (see box-index).
    const index = list.length >= INDEX_MIN_RULES && !opts.scan ? buildBoxIndex(list.map((r) => r.box)) : null;
    const translated = translateAbove(list, opts.scan === true);
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
      if (translated(i, piece)) continue;
      const earlier: Earlier = index
        ? (visit) => forEachCandidate(index, rule.box, i, visit)
        : (visit) => {
            for (let k = 0; k < i && !visit(k); k++);
          };
      const covering = coveredBy(rule, list, earlier);
      const fallback = defaultAction(n.type, dir, opts.defaults ?? DEFAULT_POLICY);
      if (!covering) {
        if (rule.enabled && duplicatesDefault(rule, list, i, fallback))
          out.push(
            finding({
              severity: 'info',
              code: 'same-as-default',
              message:
                `"${rule.rule.name}" (#${rule.ref.position}) ${verb(rule.rule.action)}s only what ${n.name}'s default ` +
                `for ${dir} traffic (${fallback}) would: nothing below it decides otherwise, so removing it changes nothing`,
              network: n.name,
              networkKey: n.key,
              rules: [rule.ref],
            }),
          );
        continue;
      }
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
