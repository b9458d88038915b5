// Lint findings for the console without React: the table's text per
// finding, the detail lines of one finding (with the rules it names as they
// stand now), and where Enter should take the operator.
import type {Rule, Site} from '../../../domain/model.js';
import type {Finding, Severity} from '../../../policy/index.js';
import {withAliasNames} from '../../../policy/present.js';

export const SEVERITY_ORDER: Record<Severity, number> = {error: 0, warning: 1, info: 2};

export function findingRules(f: Finding): string {
  return f.rules.map((r) => `#${r.position} ${r.name}`).join(', ');
}

export function findingSubject(f: Finding): string {
  return f.network ?? (f.alias ? `alias ${f.alias.name}` : '');
}

function ruleLine(site: Site, rule: Rule): string {
  const ports = (p: string) => (p ? `:${p}` : '');
  const src = rule.sourceIp || 'any';
  const dst = rule.destinationIp || 'any';
  return withAliasNames(
    site,
    `${rule.direction} ${rule.action} ${rule.protocol || 'any'} ${src}${ports(rule.sourcePorts)} ` +
      `→ ${dst}${ports(rule.destinationPorts)}${rule.enabled ? '' : ' (disabled)'}`,
  );
}

export function findingLines(site: Site | null, f: Finding): string[] {
  const lines = [`${f.severity.toUpperCase()}  ${f.code}`, '', f.message, ''];
  if (f.network) lines.push(`Network  ${f.network}`);
  if (f.alias) lines.push(`Alias    ${f.alias.name} (key ${f.alias.key})`);
  for (const r of f.rules) {
    lines.push(`Rule     #${r.position} ${r.name} (key ${r.key})`);
    const now = site?.rules.find((x) => x.key === r.key);
    if (now) lines.push(`         ${ruleLine(site!, now)}`);
    else if (site) lines.push('         (no longer on the site)');
  }
  return lines;
}

/**
 * The Rules view's params for a finding about rules of one network, if it
 * names any: the network (key, and its name for the breadcrumb) and the rule
 * to put the cursor on.
 */
export function ruleTarget(f: Finding): {network: number; label?: string; focus: number} | undefined {
  if (f.networkKey === undefined || f.rules.length === 0) return undefined;
  return {network: f.networkKey, label: f.network, focus: f.rules[0].key};
}
