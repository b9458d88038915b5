// The wizards' view of the policy analysis (domain/wizards cannot import the
// policy layer, which sits above it): a network's default action, the verdict
// of a flow on a planned site with where it is blocked, and the flows whose
// verdict a plan changes. One adapter for the console and the command line.
import type {WizardPolicy} from '../domain/wizards/index.js';
import {defaultAction, verdictChanges, why, type PolicyDefaults} from '../policy/index.js';

export function wizardPolicy(defaults?: PolicyDefaults): WizardPolicy {
  return {
    defaultAction: (network, direction) => defaultAction(network.type, direction, defaults),
    checkFlow(site, query) {
      const r = why(site, query, {defaults, maxOutcomes: 8});
      if (!r.ok) return {error: r.error};
      const v = r.value;
      const deny = v.outcomes.find((o) => o.verdict === 'deny');
      const hop = deny?.trace.hops.find((h) => h.action !== 'accept');
      return {
        verdict: v.verdict,
        reason: v.reason,
        liveKnown: v.appliedState !== 'unknown',
        blocked: hop
          ? {network: hop.network, direction: hop.direction, action: hop.action, rule: hop.rule?.name ?? null}
          : undefined,
      };
    },
    verdictChanges: (before, after) => verdictChanges(before, after, {defaults}).map((c) => c.text),
  };
}
