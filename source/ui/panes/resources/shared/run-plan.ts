// The one way the resource panes change a site: show the exact calls, let the
// operator confirm (Cancel focused), then run the plan through the session
// (progress, audit log, refresh). Nothing is sent before the confirmation.
import type {ExecuteReport} from '../../../../domain/changes/execute.js';
import type {ChangePlan} from '../../../../domain/changes/types.js';
import type {Section} from '../../../../domain/model.js';
import {ConsoleSession} from '../../../../session/console-session.js';
import type {ShellApi} from '../../../app/shell-api.js';

export interface ConfirmPlanOptions {
  message?: readonly string[];
  confirmLabel?: string;
  /** Deletes and bulk changes: the operator types this name. */
  typeToConfirm?: string;
  /** The key that opened the dialog (swallowed so it cannot confirm). */
  triggerKey?: string;
  dangerous?: boolean;
  refresh?: readonly Section[];
  /** Shown after success instead of the plain "done" (e.g. Apply Rules is needed). */
  after?: string;
}

/** Resolves the report, or undefined when cancelled, empty or failed (the session has said why). */
export async function confirmAndRun(
  shell: ShellApi,
  session: ConsoleSession,
  plan: ChangePlan,
  options: ConfirmPlanOptions = {},
): Promise<ExecuteReport | undefined> {
  if (plan.steps.length === 0) {
    shell.notify('info', `${plan.title}: nothing changed`);
    return undefined;
  }
  const confirmed = await shell.confirm({
    title: `${plan.title}?`,
    message: options.message?.filter(Boolean).join('\n'),
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
