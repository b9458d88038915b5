// Findings from what the compiler could not resolve in each rule: missing
// aliases, networks, VMs or NICs, unparseable addresses and ports, ports on a
// protocol without ports, IPv6 the analysis ignores, translate rules without
// a target … (see match.ts and compile.ts for where each is detected).
import type {CompiledRuleset} from '../compile.js';
import type {SiteIndex} from '../site-index.js';
import {finding, type Finding} from './types.js';

export function ruleProblemFindings(idx: SiteIndex, rs: CompiledRuleset): Finding[] {
  const out: Finding[] = [];
  const n = rs.network;
  for (const c of rs.rules) {
    const seen = new Set<string>();
    for (const p of c.problems) {
      const key = `${p.code}|${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (p.code === 'ct-state' && !c.enabled) continue;
      // A disabled rule cannot break anything today: say so, one level down.
      const severity = !c.enabled && p.severity === 'error' ? 'warning' : p.severity;
      const alias = p.alias !== undefined ? idx.aliasesByKey.get(p.alias) : undefined;
      out.push(
        finding({
          severity,
          code: p.code,
          message: `"${c.rule.name}" (#${c.ref.position})${c.enabled ? '' : ' (disabled)'}: ${p.message}`,
          network: n.name,
          networkKey: n.key,
          rules: [c.ref],
          ...(alias ? {alias: {key: alias.alias.key, name: alias.alias.name}} : {}),
        }),
      );
    }
  }
  return out;
}
