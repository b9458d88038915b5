// Small hooks the core panes share: the site's policy defaults (profile
// setting over vseg's built-in assumption) and lint findings per rule.
import {useEffect, useMemo, useState} from 'react';
import type {Key, Site} from '../../../domain/model.js';
// From the modules themselves, not policy/index.js: the networks view is the
// console's first, and the index would load the whole evaluator (why, trace,
// matrix) with it before a site has answered (docs/PERFORMANCE.md).
import {mergeDefaults, type PolicyDefaults} from '../../../policy/defaults.js';
import {lint, lintSteps, type Finding} from '../../../policy/lint/index.js';
import {runInSlices} from '../../data/slices.js';
import {useSession} from '../../data/session.js';

export function usePolicyDefaults(): PolicyDefaults {
  const session = useSession();
  const configured = session.connection?.profile?.policyDefaults;
  return useMemo(() => mergeDefaults(configured), [configured]);
}

const RANK = {error: 0, warning: 1, info: 2} as const;

export type FindingsByRule = ReadonlyMap<Key, readonly Finding[]>;

function byRule(findings: readonly Finding[]): Map<Key, Finding[]> {
  const out = new Map<Key, Finding[]>();
  for (const f of findings) {
    for (const r of f.rules) {
      const list = out.get(r.key) ?? [];
      list.push(f);
      out.set(r.key, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return out;
}

/** Lint findings of the staged rules, by rule key (worst first per rule). */
export function findingsByRule(
  site: Site | null,
  defaults: PolicyDefaults,
  networks?: readonly Key[],
): Map<Key, Finding[]> {
  return site ? byRule(lint(site, {defaults, networks})) : new Map<Key, Finding[]>();
}

// Findings per snapshot, so a view opened again (or a second view on the same
// networks) does not lint again; a new snapshot is a new Site object.
const cache = new WeakMap<Site, Map<string, FindingsByRule>>();

function cacheKey(defaults: PolicyDefaults, networks: readonly Key[] | undefined): string {
  return `${networks ? [...networks].sort((a, b) => a - b).join(',') : '*'}|${JSON.stringify(defaults)}`;
}

/**
 * Lint findings of the staged rules of `networks` (default: every network),
 * by rule key. Linting 10,000 rules takes a while, so it runs in slices
 * between keystrokes: `findings` is undefined until the first result, and
 * after a refresh keeps the previous snapshot's result until the new one is
 * ready (`checking` meanwhile).
 */
export function useFindings(
  site: Site | null,
  defaults: PolicyDefaults,
  networks?: readonly Key[],
): {findings: FindingsByRule | undefined; checking: boolean} {
  const key = cacheKey(defaults, networks);
  const cached = site ? cache.get(site)?.get(key) : undefined;
  const [last, setLast] = useState<{site: Site; key: string; findings: FindingsByRule} | undefined>(undefined);
  useEffect(() => {
    if (!site || cached) return undefined;
    return runInSlices(lintSteps(site, {defaults, networks}), (found) => {
      const findings = byRule(found);
      let perSite = cache.get(site);
      if (!perSite) cache.set(site, (perSite = new Map<string, FindingsByRule>()));
      perSite.set(key, findings);
      setLast({site, key, findings});
    });
    // `networks` is part of `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [site, key, cached, defaults]);
  if (cached) return {findings: cached, checking: false};
  if (!site) return {findings: undefined, checking: false};
  return {findings: last?.key === key ? last.findings : undefined, checking: true};
}
