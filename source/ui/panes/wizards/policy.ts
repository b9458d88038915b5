// The wizards' policy adapter with the profile's policy defaults.
import {useMemo} from 'react';
import type {WizardPolicy} from '../../../domain/wizards/index.js';
import {wizardPolicy} from '../../../session/wizard-policy.js';
import {usePolicyDefaults} from '../core/hooks.js';

export function useWizardPolicy(): WizardPolicy {
  const defaults = usePolicyDefaults();
  return useMemo(() => wizardPolicy(defaults), [defaults]);
}
