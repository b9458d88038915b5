// The wizards' view of the policy analysis (the domain planners cannot import
// the policy layer): a network's default action and a flow's verdict on a
// planned site, with the profile's policy defaults.
import {useMemo} from 'react';
import type {WizardPolicy} from '../../../domain/wizards/index.js';
import {defaultAction, why, type PolicyDefaults} from '../../../policy/index.js';
import {usePolicyDefaults} from '../core/hooks.js';

export function wizardPolicy(defaults: PolicyDefaults): WizardPolicy {
  return {
    defaultAction: (network, direction) => defaultAction(network.type, direction, defaults),
    checkFlow(site, query) {
      const r = why(site, query, {defaults, maxOutcomes: 8});
      if (!r.ok) return {error: r.error};
      const deny = r.value.outcomes.find((o) => o.verdict === 'deny');
      const hop = deny?.trace.hops.find((h) => h.action !== 'accept');
      return {
        verdict: r.value.verdict,
        reason: r.value.reason,
        blocked: hop ? {network: hop.network, direction: hop.direction, action: hop.action, rule: hop.rule?.name ?? null} : undefined,
      };
    },
  };
}

export function useWizardPolicy(): WizardPolicy {
  const defaults = usePolicyDefaults();
  return useMemo(() => wizardPolicy(defaults), [defaults]);
}
