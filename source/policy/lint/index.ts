// `vseg lint`: every check over the chosen ruleset (staged by default).
// Severity: error for what can never work (missing references, ports on a
// protocol without ports, rules shadowed by a different action); warning for
// the rest; info for what only limits vseg's own analysis.
import type {Site} from '../../domain/model.js';
import {compileSite, type CompiledSite} from '../compile.js';
import {aliasFindings} from './aliases.js';
import {coverageFindings} from './coverage.js';
import {missingRouteFindings, networkStateFindings} from './networks.js';
import {ruleProblemFindings} from './rule-problems.js';
import type {Finding, LintOptions} from './types.js';

export type {Finding, LintOptions} from './types.js';

const RANK = {error: 0, warning: 1, info: 2} as const;

export function lint(site: Site | CompiledSite, opts: LintOptions = {}): Finding[] {
  const cs = 'index' in site ? site : compileSite(site);
  const choice = opts.ruleset ?? 'pending';
  const findings: Finding[] = [];
  const rules = [];
  for (const n of cs.site.networks) {
    const {rs} = cs.ruleset(n.key, choice);
    rules.push(...rs.rules.map((c) => c.rule));
    findings.push(...ruleProblemFindings(cs.index, rs), ...coverageFindings(rs), ...networkStateFindings(cs, n));
  }
  findings.push(...missingRouteFindings(cs, choice), ...aliasFindings(cs.index, rules));
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

/** The CLI's exit code: 1 when any finding is an error. */
export function lintExitCode(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

export function countBySeverity(findings: readonly Finding[]): {error: number; warning: number; info: number} {
  const out = {error: 0, warning: 0, info: 0};
  for (const f of findings) out[f.severity]++;
  return out;
}
