// How a pane sends a change: every mutation is a ChangePlan run by the
// session (progress, audit log, refresh afterwards). Destructive ones are
// confirmed first, showing the exact calls the plan makes.
import type {ExecuteReport} from '../../../domain/changes/execute.js';
import type {ChangePlan} from '../../../domain/changes/types.js';
import type {Section, Site} from '../../../domain/model.js';
import {ConsoleSession} from '../../../session/console-session.js';
import type {ShellApi} from '../../app/shell-api.js';
import type {ConflictView} from '../../components/form/conflicts.js';
import type {FormValues} from '../../components/form/fields.js';
import {keptNotice, mergeFormEdit, type FormEdit} from './merge-edit.js';

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
  shell: ShellApi,
  session: ConsoleSession,
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

export interface ConfirmPlanOptions {
  /** The dialog's title; the plan's own title with a question mark by default. */
  title?: string;
  /** Lines (empty ones dropped) or one text. */
  message?: string | readonly string[];
  confirmLabel?: string;
  /** Deletes and bulk changes: the operator types this name. */
  typeToConfirm?: string;
  /** The key that opened the dialog (swallowed so it cannot confirm). */
  triggerKey?: string;
  dangerous?: boolean;
  /** Sections to load again afterwards (besides what the plan touched). */
  refresh?: readonly Section[];
  /** Shown after success instead of the plain "done" (e.g. Apply Rules is needed). */
  after?: string;
}

/**
 * The one way a pane sends a change that needs a yes: show the exact calls,
 * let the operator confirm (Cancel focused), then run the plan through the
 * session (progress, audit log, refresh). Nothing is sent before the
 * confirmation. Resolves the report, or undefined when there was nothing to
 * do, it was cancelled, or it failed (the session has said why).
 */
export async function confirmAndRun(
  shell: ShellApi,
  session: ConsoleSession,
  plan: ChangePlan | undefined,
  options: ConfirmPlanOptions = {},
): Promise<ExecuteReport | undefined> {
  if (!plan) return undefined;
  if (plan.steps.length === 0) {
    shell.notify('info', `${plan.title}: nothing to change`);
    return undefined;
  }
  const message = typeof options.message === 'string' ? options.message : options.message?.filter(Boolean).join('\n');
  const confirmed = await shell.confirm({
    title: options.title ?? `${plan.title}?`,
    message,
    calls: ConsoleSession.calls(plan),
    confirmLabel: options.confirmLabel ?? 'Send',
    typeToConfirm: options.typeToConfirm,
    triggerKey: options.triggerKey,
    dangerous: options.dangerous,
  });
  if (!confirmed) {
    shell.notify('info', `${plan.title}: cancelled, nothing sent`);
    return undefined;
  }
  const report = await session.runPlan(plan, {refresh: options.refresh});
  if (report?.ok && options.after) shell.notify('warning', options.after);
  return report?.ok ? report : undefined;
}

/** The error text the session left on the status line after a failed run (for forms). */
export function lastError(session: ConsoleSession, fallback: string): string {
  const status = session.model.getState().status;
  return status?.level === 'error' ? status.text : fallback;
}

/**
 * Saves an edit form: reads the row again and merges it with what the form
 * started from (only what the operator changed is sent; see
 * core/merge-edit.ts), then confirms and runs the plan `build` makes from the
 * merged values. Resolves the fields to choose when both sides changed them,
 * or whether the change went through.
 */
export async function confirmEdit<Row>(
  shell: ShellApi,
  session: ConsoleSession,
  edit: FormEdit<Row> & {what: string},
  build: (row: Row, values: FormValues, site: Site) => ChangePlan,
  /** Options, or a function of them read after `build` (messages that depend on the merged values). */
  options: ConfirmPlanOptions | (() => ConfirmPlanOptions) = {},
): Promise<{conflicts: ConflictView[]} | {done: boolean}> {
  const merged = await mergeFormEdit(session, edit);
  if (merged.kind === 'gone') {
    shell.notify('error', `${edit.what} was deleted meanwhile; nothing was sent`);
    return {done: false};
  }
  if (merged.kind === 'conflicts') return {conflicts: merged.conflicts};
  let plan: ChangePlan;
  try {
    plan = build(merged.row, merged.values, merged.site);
  } catch (error) {
    shell.notify('error', error instanceof Error ? error.message : String(error));
    return {done: false};
  }
  const report = await confirmAndRun(shell, session, plan, typeof options === 'function' ? options() : options);
  const notice = keptNotice(edit.what, merged.kept);
  if (report && notice) shell.notify('warning', notice);
  return {done: report !== undefined};
}
