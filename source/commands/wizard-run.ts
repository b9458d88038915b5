// Running one wizard headless: plan against the live site, print the review
// with the exact calls, and — with --yes — apply with a progress line per
// step, keeping the answers and the executor's state in a draft after every
// step so a failure (or a dropped session) can be resumed with --resume.
import {executePlan} from '../domain/changes/execute.js';
import type {RunState, Step, StepResult} from '../domain/changes/types.js';
import type {Site} from '../domain/model.js';
import {exportSite, managedNetworks} from '../domain/sitefile/index.js';
import {sanitize} from '../domain/text.js';
import {
  SecretBox,
  WIZARDS,
  planHasChanges,
  type WizardPolicy,
  regenerateFrom,
  reviewWithCalls,
  checkLines,
  nothingToDo,
  runWizard,
  wizardDraftName,
  type PlanContext,
  type WizardDraftData,
  type WizardId,
  type WizardName,
  type WizardPlan,
} from '../domain/wizards/index.js';
import type {SecretSource} from '../domain/sitefile/index.js';
import type {Connection} from '../session/connection.js';
import {saveDraft} from '../store/drafts.js';
import {saveJournalEntry} from '../store/journal.js';
import {auditOverride, contractGate, planContracts, saveWizardIntent} from '../session/contracts.js';
import {planContractLines} from '../policy/contracts/index.js';
import {rememberSecret} from '../store/secrets/known.js';
import {CommandError} from './common.js';
import {write} from './output.js';
import {lockoutCheck} from '../session/lockout.js';
import {policyDefaults} from './analysis-flags.js';
import {EXIT} from './types.js';
import {type CommandIO} from '../session/io.js';
import {wizardPolicy} from '../session/wizard-policy.js';
import {errorText} from '../session/errors.js';
import {loadSiteWithBaselines} from '../session/site.js';

export interface WizardRunOptions {
  yes: boolean;
  force: boolean;
  /** Why a forced run may break a contract (audited). */
  reason?: string;
  secrets: SecretSource;
  apiAddress?: string;
}

export function planContext(
  connection: Connection,
  secrets: SecretSource,
  regenerate?: ReadonlySet<string>,
): PlanContext {
  // Generated keys are known secrets from now on: the audit log masks them and drafts refuse them.
  return {
    policy: wizardPolicy(policyDefaults(connection)),
    secrets: new SecretBox(secrets, rememberSecret),
    regenerate,
  };
}

export function reviewText(plan: WizardPlan, calls = true, live?: Site, policy?: WizardPolicy): string {
  // Review lines carry names and values from the API: neutralise control characters once more.
  return `${(calls ? reviewWithCalls(plan, live, policy) : plan.review).map((l) => sanitize(l.text)).join('\n')}\n`;
}

function progressLine(index: number, total: number, step: Step, result: StepResult): string {
  const status =
    result.status === 'failed'
      ? `failed: ${result.error ?? ''}`
      : result.status === 'skipped'
        ? `skipped (${result.note ?? 'nothing to do'})`
        : `done${result.note && !['created', 'updated', 'deleted'].includes(result.note) ? ` (${result.note})` : ''}`;
  return `[${index}/${total}] ${sanitize(step.title)} … ${sanitize(status)}\n`;
}

export interface DraftWriter {
  save(data: WizardDraftData, run?: RunState): void;
}

export function draftWriter(connection: Connection, name: WizardName): DraftWriter {
  return {
    save(data, run) {
      saveDraft(connection.paths.draftsDir, {
        name: wizardDraftName(name, connection.label),
        kind: `wizard:${name}`,
        site: connection.label,
        data,
        run,
      });
    },
  };
}

/** Journal the networks the plan touches, so `vseg rollback` can undo a wizard too. */
function journal(connection: Connection, site: Site, plan: WizardPlan): string | undefined {
  const live = new Set(managedNetworks(site).map((n) => n.name));
  const networks = plan.touched.filter((n) => live.has(n));
  if (networks.length === 0) return undefined;
  try {
    return saveJournalEntry(connection.paths.journalDir, {
      profile: connection.profile?.name ?? '',
      host: connection.host,
      title: plan.title,
      touchedNetworks: networks,
      previous: exportSite(site, {networks}),
    }).id;
  } catch {
    return undefined;
  }
}

export interface StepOutcome {
  code: number;
  /** The run state to keep for a resume (failure) or undefined (success). */
  state?: RunState;
  plan?: WizardPlan;
  site?: Site;
}

/**
 * Plans and, with `yes`, applies one wizard. `draft` keeps the answers and
 * the run state; `header` is printed first (setup's step titles).
 */
export async function runOneWizard(
  connection: Connection,
  io: CommandIO,
  id: WizardId,
  answers: unknown,
  options: WizardRunOptions & {
    resume?: RunState;
    draft: (run?: RunState) => void;
    resumeHint: string;
    ctx: PlanContext;
  },
): Promise<StepOutcome> {
  const def = WIZARDS[id];
  const site = await loadSiteWithBaselines(connection);
  const plan = def.plan(site, answers, options.ctx);
  await write(io.stdout, reviewText(plan, true, site, options.ctx.policy));
  if (plan.errors.length > 0) {
    throw new CommandError(
      `the ${id} answers cannot be applied to ${connection.label} as they are (${plan.errors.length} ` +
        `problem${plan.errors.length === 1 ? '' : 's'} above); nothing was changed`,
    );
  }
  if (!planHasChanges(plan)) {
    await write(
      io.stderr,
      plan.warnings.length
        ? `${connection.label}: the ${id} wizard has ${sanitize(nothingToDo(plan))}\n`
        : `${connection.label} already matches the ${id} answers: nothing to do\n`,
    );
    return {code: EXIT.ok, plan, site};
  }
  // Contracts: the wizard may not break one unless forced with a reason.
  const pc = planContracts(connection, site, plan.after, {});
  const gate = pc ? contractGate(pc.delta, options.force, options.reason) : {};
  const contractLines = pc ? planContractLines(pc.delta, pc.contracts.source) : [];
  if (contractLines.length > 0) await write(io.stdout, `${contractLines.map((l) => sanitize(l)).join('\n')}\n`);
  if (gate.refuse) throw new CommandError(`refusing to apply: the ${id} wizard ${gate.refuse}`);
  const lockout = await lockoutCheck(connection, site, plan.after, options.apiAddress);
  if (lockout.refuse && !options.force)
    throw new CommandError(
      `refusing to apply: ${lockout.refuse}. Change the answers, or pass --force if you have another way in`,
    );
  if (lockout.refuse) await write(io.stderr, `warning: ${sanitize(lockout.refuse)} (--force given)\n`);
  if (!options.yes) {
    options.draft(options.resume);
    const n = plan.changePlan.steps.length;
    await write(
      io.stderr,
      `${n} step${n === 1 ? '' : 's'} to apply; not applied: pass --yes to apply (the answers are kept as a draft; ${options.resumeHint} continues)\n`,
    );
    return {code: EXIT.changes, plan, site};
  }
  if (connection.readOnly) throw new CommandError(`${connection.label} is read-only: the ${id} wizard would change it`);
  if (gate.override) auditOverride(connection, gate.override, `wizard ${id}`);
  const revision = journal(connection, site, plan);
  options.draft(options.resume);
  let current: WizardPlan = plan;
  const run = await runWizard(
    def,
    answers,
    options.ctx,
    {
      load: () => loadSiteWithBaselines(connection),
      execute: async (changePlan, resume) => {
        const total = changePlan.steps.length;
        const positions = new Map(changePlan.steps.map((s, i) => [s.id, i + 1]));
        return executePlan(connection.client, changePlan, {
          resume,
          onProgress: (step, result) => {
            if (result.status !== 'running')
              void write(io.stderr, progressLine(positions.get(step.id) ?? 0, total, step, result));
          },
          onAudit: (a) => connection.audit(a),
          onCheckpoint: (state) => options.draft(state),
        });
      },
    },
    {
      resume: options.resume,
      onPlan: (p, round) => {
        current = p;
        if (round > 0)
          void write(
            io.stderr,
            `Planning again now that the first steps ran: ${p.changePlan.steps.length} more step${p.changePlan.steps.length === 1 ? '' : 's'}\n`,
          );
      },
    },
  );
  if (run.refused) throw new CommandError(`the site changed while applying: ${run.refused.join('; ')}`);
  if (!run.ok) {
    const failed = run.report;
    const steps = current.changePlan.steps;
    const done = steps.filter((s) => ['done', 'skipped'].includes(run.state?.results[s.id]?.status ?? ''));
    const notDone = steps.filter((s) => !done.includes(s));
    let text = `\nThe ${id} wizard stopped: ${sanitize(failed?.error ? errorText(failed.error) : 'failed')}\n`;
    text += `Done (${done.length}): ${done.map((s) => sanitize(s.title)).join('; ') || 'nothing'}\n`;
    text += `Not done (${notDone.length}): ${notDone
      .slice(0, 20)
      .map((s) => sanitize(s.title))
      .join('; ')}${notDone.length > 20 ? '; …' : ''}\n`;
    text += `The answers and what was done are kept in a draft. Resume with: ${options.resumeHint} (what was done is found and not repeated)\n`;
    await write(io.stderr, text);
    return {code: EXIT.usage, state: run.state, plan: current, site: run.site};
  }
  const result = def.result && run.site ? def.result(run.site, answers, options.ctx) : [];
  if (result.length > 0) await write(io.stdout, `\n${result.map((l) => sanitize(l)).join('\n')}\n`);
  const saved = saveWizardIntent(connection, def, run.site ?? site, answers);
  if (saved.file) await write(io.stderr, `The intent is saved with the site's contracts: ${sanitize(saved.file)}\n`);
  for (const name of saved.skipped)
    await write(io.stderr, `not saved as a contract (the site already differs): ${sanitize(name)}\n`);
  const check = run.check ? checkLines(run.check) : [];
  if (check.length > 0)
    await write(run.check!.problems.length ? io.stderr : io.stdout, `\n${check.map((l) => sanitize(l)).join('\n')}\n`);
  for (const u of run.unfinished ?? [])
    await write(io.stderr, `not done yet: ${sanitize(u)} (run the wizard again once it can be)\n`);
  const steps = run.plans.reduce((n, p) => n + p.changePlan.steps.length, 0);
  await write(
    io.stdout,
    `\nApplied the ${id} wizard to ${connection.label} (${steps} ` +
      `step${steps === 1 ? '' : 's'}).${revision ? ` Revision ${revision}; undo the rule changes with: vseg rollback ${revision}` : ''}\n`,
  );
  // Applied but not working (a stopped network, rules still waiting): a script must not read that as done.
  return {code: run.check?.problems.length ? EXIT.negative : EXIT.ok, plan: current, site: run.site};
}

/** Generated secrets that went with an interrupted run are set again. */
export function regenerateFor(state: RunState | undefined): ReadonlySet<string> {
  return regenerateFrom(state);
}
