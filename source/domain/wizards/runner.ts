// Running a wizard's plan: plan against the live site, run the steps, and, if
// the plan said some work can only be planned afterwards (a NIC for a mirror
// network the restart creates), load the site again and plan the rest. The
// I/O is passed in, so the console (session.runPlan) and the headless command
// (the executor with a draft checkpoint) share the sequence.
import type {ExecuteReport} from '../changes/execute.js';
import type {ChangePlan, RunState} from '../changes/types.js';
import type {Site} from '../model.js';
import type {AnyWizardDef} from './registry.js';
import {checkRun, type RunCheck} from './check.js';
import type {PlanContext, WizardPlan} from './types.js';

export interface RunnerIO {
  load(): Promise<Site>;
  /** Runs the steps, skipping those `resume` marks done; checkpoints are the caller's business. */
  execute(plan: ChangePlan, resume: RunState | undefined): Promise<ExecuteReport | undefined>;
}

export interface WizardRun {
  ok: boolean;
  plans: WizardPlan[];
  report?: ExecuteReport;
  /** Accumulated over the rounds; what a resume passes back. */
  state?: RunState;
  /** The site after the run (for the result screen). */
  site?: Site;
  /** The plan refused (errors) before anything was sent. */
  refused?: string[];
  /** Work the plan announced that could not be planned even after the rounds. */
  unfinished?: string[];
  /** On a finished run: whether what it made works (running networks, live rules, the wizard's flows). */
  check?: RunCheck;
}

/** Objects created by a run whose generated secret went with it: planners set new ones. */
export function regenerateFrom(state: RunState | undefined): Set<string> {
  const out = new Set<string>();
  for (const r of Object.values(state?.results ?? {})) {
    if (r.status === 'done' && /^create (peer|ipsec) [^/]+\/[^/]+/.test(r.id)) out.add(r.id);
  }
  return out;
}

export async function runWizard(
  def: AnyWizardDef,
  answers: unknown,
  ctx: PlanContext,
  io: RunnerIO,
  options: {resume?: RunState; maxRounds?: number; onPlan?: (plan: WizardPlan, round: number) => void} = {},
): Promise<WizardRun> {
  let state = options.resume;
  const plans: WizardPlan[] = [];
  let report: ExecuteReport | undefined;
  let unfinished: string[] = [];
  const rounds = options.maxRounds ?? 3;
  for (let round = 0; round < rounds; round++) {
    const site = await io.load();
    const plan = def.plan(site, answers, ctx);
    plans.push(plan);
    options.onPlan?.(plan, round);
    if (plan.errors.length > 0) return {ok: false, plans, state, refused: plan.errors, site};
    unfinished = plan.followUp;
    if (plan.changePlan.steps.length === 0) break;
    report = await io.execute(plan.changePlan, state);
    if (!report) return {ok: false, plans, state, site};
    state = report.state;
    if (!report.ok) return {ok: false, plans, report, state, site};
    if (plan.followUp.length === 0) {
      unfinished = [];
      break;
    }
  }
  const site = await io.load();
  const check = checkRun(def, plans, site, answers, ctx);
  return {ok: true, plans, report, state, site, unfinished: unfinished.length > 0 ? unfinished : undefined, check};
}
