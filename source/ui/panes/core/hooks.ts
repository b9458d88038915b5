// Small hooks the core panes share: the site's policy defaults (profile
// setting over vseg's built-in assumption) and lint findings per rule.
import {useMemo} from 'react';
import type {Key, Site} from '../../../domain/model.js';
import {lint, mergeDefaults, type Finding, type PolicyDefaults} from '../../../policy/index.js';
import {useSession} from '../../data/session.js';

export function usePolicyDefaults(): PolicyDefaults {
  const session = useSession();
  const configured = session.connection?.profile?.policyDefaults as PolicyDefaults | undefined;
  return useMemo(() => mergeDefaults(configured), [configured]);
}

const RANK = {error: 0, warning: 1, info: 2} as const;

/** Lint findings of the staged rules, by rule key (worst first per rule). */
export function findingsByRule(site: Site | null, defaults: PolicyDefaults): Map<Key, Finding[]> {
  const out = new Map<Key, Finding[]>();
  if (!site) return out;
  for (const f of lint(site, {defaults})) {
    for (const r of f.rules) {
      const list = out.get(r.key) ?? [];
      list.push(f);
      out.set(r.key, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return out;
}

export function useFindings(site: Site | null, defaults: PolicyDefaults): Map<Key, Finding[]> {
  return useMemo(() => findingsByRule(site, defaults), [site, defaults]);
}
