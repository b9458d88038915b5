// Alias hygiene: empty aliases, entries vseg cannot read, IPv6 entries the
// analysis ignores, and aliases no rule references.
import type {Rule} from '../../domain/model.js';
import {findAlias, type SiteIndex} from '../site-index.js';
import {finding, type Finding} from './types.js';

const FIELDS: ReadonlyArray<keyof Rule> = [
  'sourceIp',
  'destinationIp',
  'sourcePorts',
  'destinationPorts',
  'targetIp',
  'targetPorts',
];

/** Alias keys referenced by any of the rules (alias:<key> or alias:<name>). */
export function referencedAliases(idx: SiteIndex, rules: readonly Rule[]): Set<number> {
  const used = new Set<number>();
  for (const r of rules) {
    for (const f of FIELDS) {
      const text = r[f] as string;
      if (!text.toLowerCase().includes('alias:')) continue;
      for (const token of text.split(',')) {
        const t = token.trim();
        if (!t.toLowerCase().startsWith('alias:')) continue;
        const a = findAlias(idx, t.slice(6).trim());
        if (a) used.add(a.alias.key);
      }
    }
  }
  return used;
}

export function aliasFindings(idx: SiteIndex, rules: readonly Rule[]): Finding[] {
  const out: Finding[] = [];
  const used = referencedAliases(idx, rules);
  for (const a of idx.aliasesByKey.values()) {
    const alias = {key: a.alias.key, name: a.alias.name};
    if (a.alias.entries.length === 0) {
      out.push(
        finding({
          severity: 'warning',
          code: 'empty-alias',
          message: `alias "${a.alias.name}" is empty: rules using it match nothing`,
          rules: [],
          alias,
        }),
      );
    }
    for (const e of a.entries) {
      if (e.kind === 'invalid') {
        out.push(
          finding({
            severity: 'error',
            code: 'bad-alias-entry',
            message: `alias "${a.alias.name}": entry "${e.value}" is not an IP, CIDR, range or port (${e.error})`,
            rules: [],
            alias,
          }),
        );
      } else if (e.kind === 'ipv6') {
        out.push(
          finding({
            severity: 'info',
            code: 'ipv6',
            message: `alias "${a.alias.name}": entry "${e.value}" is IPv6, which vseg's analysis ignores`,
            rules: [],
            alias,
          }),
        );
      }
    }
    if (!used.has(a.alias.key)) {
      out.push(
        finding({
          severity: 'warning',
          code: 'unused-alias',
          message: `alias "${a.alias.name}" is not used by any rule`,
          rules: [],
          alias,
        }),
      );
    }
  }
  return out;
}
