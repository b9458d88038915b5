// `vseg wizard setup`: the six steps in order with the same answers each step
// takes on its own; a step without answers is skipped.
import {z} from 'zod';
import {aliasesSchema} from './aliases.js';
import {monitorSchema} from './monitor.js';
import {STEP_ORDER} from './registry.js';
import {rulesSchema} from './rules.js';
import {tenantsSchema} from './tenants.js';
import {topologySchema} from './topology.js';
import type {WizardId} from './types.js';
import {vpnSchema} from './vpn.js';

export const setupSchema = z.strictObject({
  topology: topologySchema.optional(),
  rules: rulesSchema.optional(),
  aliases: aliasesSchema.optional(),
  vpn: vpnSchema.optional(),
  tenants: tenantsSchema.optional(),
  monitor: monitorSchema.optional(),
});
export type SetupAnswers = z.output<typeof setupSchema>;

/** The steps setup runs, in order, with their answers. */
export function setupSteps(a: SetupAnswers): Array<{id: WizardId; answers: unknown}> {
  return STEP_ORDER.filter((id) => a[id] !== undefined).map((id) => ({id, answers: a[id]}));
}
