// How the console sends a change: a ChangePlan run step by step with progress
// in the model (what the progress panel and the status line show), every call
// in the audit log, the site reloaded afterwards. Read-only mode and a lost
// connection refuse before anything is sent.
import type {ExecuteReport} from '../domain/changes/execute.js';
import {describeCall, formatCall} from '../domain/changes/describe.js';
import type {ChangePlan, RunState, Step} from '../domain/changes/types.js';
import type {Network, Section, Site} from '../domain/model.js';
import type {Connection} from './connection.js';
import type {MemoryModel} from './memory-model.js';

// The executor and the journal are loaded with the first change, not with the console.
const executeModule = () => import('../domain/changes/execute.js');
const revisionsModule = () => import('./revisions.js');

/** The exact calls a plan will send, for confirmation dialogs. */
export function planCalls(plan: ChangePlan): Array<{method: string; path: string; body?: string}> {
  return plan.steps.map((s) => describeCall(s));
}

export interface PlanRunOptions {
  /** Sections to load again afterwards (default: networks, rules and what the views watch). */
  refresh?: readonly Section[];
  /** The state of an earlier, interrupted run of the same plan. */
  resume?: RunState;
  onCheckpoint?: (state: RunState) => void | Promise<void>;
  /** Why this change may break a contract (the operator typed it); audited when it does. */
  override?: string;
  /** false: the caller journaled the change itself (:plan). */
  journal?: boolean;
}

/** What a plan run needs from the console session. */
export interface PlanRunHost {
  readonly connection: Connection | null;
  readonly model: MemoryModel;
  /** What the mounted views show (reloaded after the run). */
  watched(): Section[];
  refresh(sections: readonly Section[]): Promise<boolean>;
  getSnapshot(): {site: Site | null; error?: string};
  /** null when the change may run, else why a contract refuses it (console-contracts.ts). */
  contractGate(plan: ChangePlan, override: string | undefined): Promise<string | null>;
}

/**
 * Runs a plan with per-step progress and the audit log, then reloads what it
 * touched. Resolves the report (ok or not); undefined when there is no
 * connection or the operator is in read-only mode.
 */
export async function runPlanInConsole(
  host: PlanRunHost,
  plan: ChangePlan,
  options: PlanRunOptions = {},
): Promise<ExecuteReport | undefined> {
  const connection = host.connection;
  if (!connection) {
    host.model.notify('error', `${plan.title}: not connected`);
    return undefined;
  }
  if (host.model.getState().readOnly) {
    host.model.notify('error', `${plan.title}: the console is read-only`);
    return undefined;
  }
  // A resumed run was judged when it started.
  const refusal = options.resume ? null : await host.contractGate(plan, options.override);
  if (refusal) {
    host.model.notify('error', refusal);
    return undefined;
  }
  const unjournaled =
    options.journal !== false && options.resume === undefined ? await journal(host, connection, plan) : undefined;
  const label = (step: Step) => step.title;
  const report = await host.model.run(plan.title, async (reporter) => {
    for (const step of plan.steps) reporter.step(step.id, label(step), 'pending', formatCall(describeCall(step)));
    const {executePlan} = await executeModule();
    const result = await executePlan(connection.client, plan, {
      signal: reporter.signal,
      // A wizard resumes an interrupted run and keeps its state in a draft after every step.
      resume: options.resume,
      onCheckpoint: options.onCheckpoint,
      onAudit: (entry) => connection.audit(entry),
      onProgress: (step, r) => {
        const state =
          r.status === 'running'
            ? 'running'
            : r.status === 'failed'
              ? 'failed'
              : r.status === 'pending'
                ? 'pending'
                : 'done';
        reporter.step(step.id, label(step), state, r.error ?? r.note);
      },
    });
    if (!result.ok) {
      const done = result.results.filter((r) => r.status === 'done' || r.status === 'skipped').length;
      throw new Error(
        `${result.error?.describe() ?? 'failed'} — ${done} of ${plan.steps.length} steps were done; ` +
          'running it again resumes without repeating them',
      );
    }
    return result;
  });
  await host.refresh(options.refresh ?? [...new Set<Section>(['networks', 'rules', ...host.watched()])]);
  if (report && unjournaled)
    host.model.notify('warning', `${plan.title}: done, but not in the journal (${unjournaled}): u cannot undo it`);
  else if (report) host.model.notify('success', `${plan.title}: done`);
  return report;
}

/**
 * Every change made in the console goes into the same journal as `vseg apply`
 * (:history lists it, u undoes it). A journal that cannot be written (the
 * export's sections would not load) does not stop the change: the reason is
 * returned and said after it.
 */
async function journal(host: PlanRunHost, connection: Connection, plan: ChangePlan): Promise<string | undefined> {
  if (!host.getSnapshot().site) return undefined;
  try {
    const {recordChange, JOURNAL_SECTIONS} = await revisionsModule();
    // The journal saves an export: the sections it needs are loaded first (once per session at most).
    if (!JOURNAL_SECTIONS.every((s) => host.getSnapshot().site?.sections.has(s))) await host.refresh(JOURNAL_SECTIONS);
    const {site, error} = host.getSnapshot();
    if (!site || !JOURNAL_SECTIONS.every((s) => site.sections.has(s)))
      throw new Error(error ?? 'the site could not be loaded');
    recordChange(connection, site, plan);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Apply Rules on these networks, one step each. */
export function applyRulesPlan(networks: readonly Network[]): ChangePlan {
  return {
    title: networks.length === 1 ? `Apply Rules on ${networks[0].name}` : `Apply Rules on ${networks.length} networks`,
    steps: networks.map((n) => ({
      kind: 'apply-rules',
      id: `apply ${n.key}`,
      title: `Apply Rules on ${n.name}`,
      vnet: n.key,
      network: n.name,
    })),
  };
}
