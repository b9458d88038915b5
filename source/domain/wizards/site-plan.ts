// Idempotent by construction: a wizard states the networks, rules, aliases,
// VPN objects and tenants it wants as a partial site file (everything it does
// not mention stays as it is), and the site-file diff (domain/plan) compares
// that with the live site by name. Objects that already exist are reused,
// differing fields become updates, and a second run with the same answers
// finds nothing to do. What is not state (power on, restarts, NIC moves,
// isolation) is appended as steps that check the live state first.
import type {ApplyRulesStep, ChangePlan, KeyOrRef, Step} from '../changes/types.js';
import type {Site} from '../model.js';
import {diffSite, planToChangePlan, type Plan} from '../plan/index.js';
import {emptySitefile, siteToDoc, type NetworkSpec, type SecretSource, type Sitefile} from '../sitefile/index.js';

/** A partial site file holding the live form of these networks (rules, VPN included), nothing else. */
export function docFor(site: Site, networks: readonly string[]): Sitefile {
  const doc = networks.length > 0 ? siteToDoc(site, {networks}) : emptySitefile(true);
  return {...doc, partial: true, aliases: [], tenants: []};
}

/** The network's spec in `doc`, adding the live one (or `fresh`) when missing. */
export function networkSpec(
  doc: Sitefile,
  site: Site,
  name: string,
  fresh?: () => NetworkSpec,
): NetworkSpec | undefined {
  let spec = doc.networks.find((n) => n.name === name);
  if (spec) return spec;
  const live = docFor(site, [name]).networks[0] ?? fresh?.();
  if (!live) return undefined;
  spec = live;
  doc.networks.push(spec);
  return spec;
}

export function diffDoc(site: Site, doc: Sitefile, title: string): Plan {
  return diffSite(site, doc, {source: title, title});
}

export interface Assembly {
  title: string;
  sitePlan?: Plan;
  secrets: SecretSource;
  /** Steps that are not state (actions, NIC moves, tenant addresses), run after the site-file steps and before Apply Rules. */
  extra?: Step[];
  /** Steps run after Apply Rules (e.g. a restart that should load the applied rules). */
  last?: Step[];
  /** Networks an extra step stages rules on, beyond the site-file plan's own. */
  touched?: Array<{name: string; vnet: KeyOrRef}>;
}

/** The executor's plan: site-file steps, extra steps, one Apply Rules per touched network, last steps. */
export function assemble(a: Assembly): {changePlan: ChangePlan; touched: string[]} {
  const base: ChangePlan = a.sitePlan
    ? planToChangePlan(a.sitePlan, {secrets: a.secrets})
    : {title: a.title, steps: [], known: {}};
  const applies = base.steps.filter((s): s is ApplyRulesStep => s.kind === 'apply-rules');
  const others = base.steps.filter((s) => s.kind !== 'apply-rules');
  const touched = new Map<string, ApplyRulesStep>(applies.map((s) => [s.network, s]));
  for (const t of a.touched ?? []) {
    if (!touched.has(t.name))
      touched.set(t.name, {
        kind: 'apply-rules',
        id: `apply rules ${t.name}`,
        title: `Apply Rules on ${t.name}`,
        vnet: t.vnet,
        network: t.name,
      });
  }
  const applySteps = [...touched.values()].sort((x, y) => (x.network < y.network ? -1 : x.network > y.network ? 1 : 0));
  return {
    changePlan: {
      title: a.title,
      known: base.known,
      steps: [...others, ...(a.extra ?? []), ...applySteps, ...(a.last ?? [])],
    },
    touched: applySteps.map((s) => s.network),
  };
}

/** The key of a network by name: live key, or a ref to the step that creates it. */
export function networkKeyOf(site: Site, name: string): KeyOrRef {
  const n = site.networks.find((x) => x.name === name);
  return n ? n.key : {ref: `network:${name}`};
}
