// `vseg lint`: every check over the chosen ruleset (staged by default).
// Severity: error for what can never work (missing references, ports on a
// protocol without ports, rules shadowed by a different action); warning for
// the rest; info for what only limits vseg's own analysis.
import type {Key, Rule, Site} from '../../domain/model.js';
import {compileSite, type CompiledRuleset, type CompiledSite} from '../compile.js';
import {runSteps, type Steps} from '../steps.js';
import {aliasFindings} from './aliases.js';
import {coverageSteps} from './coverage.js';
import {
  networkStateFindings,
  routeAnswerSteps,
  routeCheckOrder,
  routeQuestions,
  type RouteQuestion,
} from './networks.js';
import {ruleProblemFindings} from './rule-problems.js';
import type {Finding, LintOptions} from './types.js';

export type {Finding, LintOptions} from './types.js';

const RANK = {error: 0, warning: 1, info: 2} as const;

export function lint(site: Site | CompiledSite, opts: LintOptions = {}): Finding[] {
  return runSteps(lintSteps(site, opts));
}

/**
 * lint() in steps (see steps.ts): yields every few milliseconds of work, so
 * the console can lint 10,000 rules without holding up a keystroke.
 */
export function* lintSteps(site: Site | CompiledSite, opts: LintOptions = {}): Steps<Finding[]> {
  const cs = 'index' in site ? site : compileSite(site);
  const choice = opts.ruleset ?? 'pending';
  const scope = opts.networks ? new Set<Key>(opts.networks) : null;
  const findings: Finding[] = [];
  const rules: Rule[] = [];
  const staged = new Map<Key, Rule[]>();
  for (const r of cs.site.rules) {
    const list = staged.get(r.vnet);
    if (list) list.push(r);
    else staged.set(r.vnet, [r]);
  }
  const order = routeCheckOrder(cs);
  const questions: RouteQuestion[] = [];
  // With opts.release, what the missing-route check needs of each network once it is checked: its route rules.
  const routes = new Map<Key, CompiledRuleset>();
  for (const n of cs.site.networks) {
    if (scope && !scope.has(n.key)) continue;
    yield* cs.prepare(n.key, choice);
    const {rs} = cs.ruleset(n.key, choice);
    for (const c of rs.rules) rules.push(c.rule);
    // Loops, not push(...list): a spread passes every element on the stack, and 140,000 findings overflow it.
    append(findings, ruleProblemFindings(cs.index, rs));
    append(findings, networkStateFindings(cs, n, staged.get(n.key) ?? []));
    append(findings, yield* coverageSteps(rs, {defaults: opts.defaults}));
    append(questions, routeQuestions(cs, order, n, rs));
    if (opts.release) {
      routes.set(n.key, routesOnly(rs));
      cs.release(n.key);
    }
    yield;
  }
  append(findings, yield* routeAnswerSteps(questions, (a) => routes.get(a) ?? cs.ruleset(a, choice).rs));
  // Unused aliases are a property of the whole site, and name no rule.
  if (!scope) append(findings, aliasFindings(cs.index, rules));
  findings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      (a.network ?? '').localeCompare(b.network ?? '') ||
      (a.rules[0]?.position ?? 0) - (b.rules[0]?.position ?? 0) ||
      a.code.localeCompare(b.code),
  );
  // Ids must be unique even when one rule has the same problem twice (source and destination).
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = seen.get(f.id) ?? 0;
    seen.set(f.id, n + 1);
    return n === 0 ? f : {...f, id: `${f.id}#${n + 1}`};
  });
}

/** A ruleset with its route rules alone (and their index): all a released network is still asked for. */
function routesOnly(rs: CompiledRuleset): CompiledRuleset {
  return {
    ...rs,
    rules: [],
    incoming: [],
    outgoing: [],
    index: rs.index.routes === undefined ? {} : {routes: rs.index.routes},
  };
}

function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

/** The CLI's exit code: 1 when any finding is an error. */
export function lintExitCode(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

export function countBySeverity(findings: readonly Finding[]): {error: number; warning: number; info: number} {
  const out = {error: 0, warning: 0, info: 0};
  for (const f of findings) out[f.severity]++;
  return out;
}
