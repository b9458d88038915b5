// The six steps in the article's order, and setup, which chains them.
import {aliasesWizard} from './aliases.js';
import {monitorWizard} from './monitor.js';
import {rulesWizard} from './rules.js';
import {tenantsWizard} from './tenants.js';
import {topologyWizard} from './topology-wizard.js';
import type {WizardDef, WizardId} from './types.js';
import {vpnWizard} from './vpn-wizard.js';

// Each wizard has its own answers type; the registry holds them alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWizardDef = WizardDef<any>;

export const WIZARDS: Readonly<Record<WizardId, AnyWizardDef>> = {
  topology: topologyWizard,
  rules: rulesWizard,
  aliases: aliasesWizard,
  vpn: vpnWizard,
  tenants: tenantsWizard,
  monitor: monitorWizard,
};

export const STEP_ORDER: readonly WizardId[] = ['topology', 'rules', 'aliases', 'vpn', 'tenants', 'monitor'];

export const SETUP = {
  title: 'First-time setup',
  summary: 'All six steps in order, each explained, each reviewed before anything is sent.',
  why: [
    'Segmentation is built in layers: boundaries first (topology), then the flows allowed across them',
    '(rules), names for groups (aliases), remote paths in (VPN), other parties kept apart (tenants),',
    'and finally evidence that it works (monitor). Any step can be skipped and done later on its own.',
  ],
} as const;
