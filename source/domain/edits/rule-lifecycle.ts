// The rule form's lifecycle fields (owner, ticket, expires, reviewed) as tag
// calls added to the rule's own plan: a new rule is tagged once it exists
// (by the ref its create step provides), an edited one moves from its tags
// to the new values. See domain/lifecycle for how they are stored.
import type {ChangePlan} from '../changes/types.js';
import {
  LIFECYCLE_KINDS,
  NO_LIFECYCLE,
  lifecycleOf,
  validateLifecycleValue,
  type LifecycleKind,
  type RuleLifecycle,
} from '../lifecycle/model.js';
import {lifecycleSteps} from '../lifecycle/steps.js';
import type {Key, Site} from '../model.js';
import {text, type EditValues} from './common.js';

export const LIFECYCLE_LABELS: Record<LifecycleKind, {label: string; hint: string}> = {
  owner: {label: 'Owner', hint: 'Who answers for this rule (a tag on the site: owner:<name>)'},
  ticket: {label: 'Ticket', hint: 'The change ticket or request it was made for'},
  expires: {label: 'Expires', hint: 'YYYY-MM-DD, the last day it is needed (vseg expire disables it after)'},
  reviewed: {label: 'Reviewed', hint: 'YYYY-MM-DD of the last re-certification'},
};

export function lifecycleValues(values: EditValues): RuleLifecycle {
  const out = {...NO_LIFECYCLE};
  for (const k of LIFECYCLE_KINDS) out[k] = text(values, k).trim();
  return out;
}

export function lifecycleErrors(values: EditValues): Partial<Record<LifecycleKind, string>> {
  const out: Partial<Record<LifecycleKind, string>> = {};
  for (const k of LIFECYCLE_KINDS) {
    const problem = validateLifecycleValue(k, text(values, k).trim());
    if (problem) out[k] = problem;
  }
  return out;
}

/**
 * Adds the tag calls that give the rule the form's lifecycle. `rule` is the
 * edited rule's key, or undefined for a new one (its create step must be in
 * the plan).
 */
export function withLifecycle(
  plan: ChangePlan,
  site: Site,
  rule: {key?: Key; vnet: Key; name: string},
  values: EditValues,
): ChangePlan {
  const errors = Object.entries(lifecycleErrors(values));
  if (errors.length) throw new Error(`the rule form has errors: ${errors.map(([f, e]) => `${f}: ${e}`).join('; ')}`);
  const from = rule.key === undefined ? NO_LIFECYCLE : lifecycleOf(site, {key: rule.key});
  const to = lifecycleValues(values);
  if (LIFECYCLE_KINDS.every((k) => from[k] === to[k])) return plan;
  const net = site.networks.find((n) => n.key === rule.vnet)?.name ?? String(rule.vnet);
  const label = `${net}/${rule.name}`;
  let steps = plan.steps;
  let ref: string | undefined;
  if (rule.key === undefined) {
    ref = `rule:${label}`;
    steps = steps.map((s) =>
      s.kind === 'create' && s.table === 'vnet_rules' && s.identity['name'] === rule.name ? {...s, provides: ref} : s,
    );
  }
  const tags = lifecycleSteps(site.tagging, [{rule: rule.key ?? {ref: ref!}, label, from, to}]);
  if (tags.errors.length) throw new Error(tags.errors.join('; '));
  return {...plan, steps: [...steps, ...tags.prepare, ...tags.untag, ...tags.tag]};
}
