// Plan → ChangePlan: the executor's steps in dependency order — aliases,
// networks, rules, VPN, tenants, then deletions (only with prune; rules before
// the aliases and networks they use), then one Apply Rules per touched
// network. Secrets are filled in here, from the caller's source, and every
// missing one is reported at once before anything is sent.
import type {ApplyRulesStep, Body, ChangePlan, Step} from '../changes/types.js';
import {SecretError, type SecretSource} from '../sitefile/secrets.js';
import type {Plan} from './types.js';

export interface ToChangePlanOptions {
  /** Where secret values come from; required when the plan creates objects that need one. */
  secrets?: SecretSource;
}

/** True when running the plan would change something (staged rules going live included). */
export function hasChanges(plan: Plan): boolean {
  return plan.operations.some((op) => !op.removal || plan.prune) || plan.entries.some((e) => e.op === 'apply');
}

export function planToChangePlan(plan: Plan, options: ToChangePlanOptions = {}): ChangePlan {
  if (plan.errors.length > 0) throw new Error(`the plan cannot be applied:\n  ${plan.errors.join('\n  ')}`);
  const ops = plan.operations
    .map((op, index) => ({op, index}))
    .filter(({op}) => !op.removal || plan.prune)
    .sort((a, b) => a.op.phase - b.op.phase || a.index - b.index)
    .map(({op}) => op);

  const missing: string[] = [];
  const steps: Step[] = [];
  const seen = new Set<string>();
  for (const op of ops) {
    if (seen.has(op.step.id)) continue;
    seen.add(op.step.id);
    // Every create in a plan is for an object the diff did not find on the
    // live site: the executor may skip its lookup (it still reconciles a lost
    // answer, and looks first when resuming) — unless the step says the
    // snapshot cannot know (tags no rule carries yet: knownNew false).
    let step: Step = op.step.kind === 'create' ? {...op.step, knownNew: op.step.knownNew ?? true} : op.step;
    if (op.secrets && op.secrets.length > 0 && step.kind === 'create') {
      const body: Body = {...step.body};
      const secretFields: string[] = [];
      for (const need of op.secrets) {
        const value = options.secrets?.get(need.ref.secret);
        if (value === undefined || value === '') {
          if (!need.ref.optional)
            missing.push(
              `${need.ref.secret} (${need.where}): ${options.secrets?.hint(need.ref.secret) ?? 'no secrets were supplied'}`,
            );
          continue;
        }
        body[need.field] = value;
        secretFields.push(need.field);
      }
      step = {...step, body, secretFields: secretFields.length > 0 ? secretFields : undefined};
    }
    steps.push(step);
  }
  if (missing.length > 0) {
    throw new SecretError(
      `${missing.length === 1 ? 'a secret is' : `${missing.length} secrets are`} missing; nothing was changed:\n  ${missing.join('\n  ')}`,
    );
  }
  for (const name of plan.touched) {
    const vnet = plan.networkKeys[name];
    if (vnet === undefined) continue;
    const step: ApplyRulesStep = {
      kind: 'apply-rules',
      id: `apply rules ${name}`,
      title: `Apply Rules on ${name}`,
      vnet,
      network: name,
    };
    if (!seen.has(step.id)) steps.push(step);
  }
  const known: Record<string, number> = {};
  for (const [name, key] of Object.entries(plan.networkKeys))
    if (typeof key === 'number') known[`network:${name}`] = key;
  return {title: plan.title, steps, known};
}
