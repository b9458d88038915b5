// How a pane sends a change: every mutation is a ChangePlan run by the
// session (progress, audit log, refresh afterwards). Destructive ones are
// confirmed first, showing the exact calls the plan makes.
import type {ChangePlan} from '../../../domain/changes/types.js';
import {ConsoleSession} from '../../../session/console-session.js';
import type {ShellApi} from '../../app/shell-api.js';
import type {ConfirmOptions} from '../../components/confirm/ConfirmDialog.js';

export type Builder = () => ChangePlan;

/** Builds the plan, reporting a refusal (system rule, alias in use…) instead of throwing. */
export function buildPlan(shell: ShellApi, build: Builder): ChangePlan | undefined {
  try {
    return build();
  } catch (error) {
    shell.notify('error', error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** Runs a plan at once (single-field toggles, moves). True when it went through. */
export async function runPlan(
  session: ConsoleSession,
  shell: ShellApi,
  plan: ChangePlan | undefined,
  options: {override?: string} = {},
): Promise<boolean> {
  if (!plan) return false;
  if (plan.steps.length === 0) {
    shell.notify('info', `${plan.title}: nothing to change`);
    return true;
  }
  const report = await session.runPlan(plan, options.override ? {override: options.override} : {});
  return report?.ok === true;
}

/** Asks first (Cancel focused, the calls listed), then runs. */
export async function confirmAndRun(
  session: ConsoleSession,
  shell: ShellApi,
  plan: ChangePlan | undefined,
  confirm: Omit<ConfirmOptions, 'calls'>,
): Promise<boolean> {
  if (!plan) return false;
  const ok = await shell.confirm({...confirm, calls: ConsoleSession.calls(plan)});
  if (!ok) {
    shell.notify('info', `${plan.title}: cancelled`);
    return false;
  }
  return runPlan(session, shell, plan);
}

/** The error text the session left on the status line after a failed run (for forms). */
export function lastError(session: ConsoleSession, fallback: string): string {
  const status = session.model.getState().status;
  return status?.level === 'error' ? status.text : fallback;
}
