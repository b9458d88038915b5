// :plan FILE [--prune] — what applying a site file would change, as a
// scrollable diff (+ add, ~ change, - remove, ↕ reorder, flows whose verdict
// changes), re-planned whenever the site refreshes. a applies it after the
// console's confirmation: the exact calls, Cancel focused, the site's name
// typed; the lockout guard refuses a plan that cuts the console's own path.
import {basename} from 'node:path';
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {hasChanges, planSummary, renderPlanLines, type DiffLineKind, type Plan} from '../../../domain/plan/index.js';
import {ALL_SECTIONS} from '../../../domain/model.js';
import {parseSitefile, SecretError, SitefileError} from '../../../domain/sitefile/index.js';
import {sanitize} from '../../../domain/text.js';
import {ConsoleSession} from '../../../session/console-session.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSession} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {fit} from '../../../domain/text-width.js';
import {
  changePlanOf,
  lockoutRefusal,
  planSitefile,
  readSitefile,
  type LoadedFile,
} from '../../../session/site-files.js';
import {useAnalysisSite, waitingText} from './use-analysis.js';
import {recordRevision} from '../../../session/revisions.js';

export interface PlanParams {
  file: string;
  prune?: boolean;
}

const TONE: Record<DiffLineKind, Tone | undefined> = {
  title: 'accent',
  add: 'ok',
  change: 'warning',
  remove: 'danger',
  reorder: 'info',
  field: undefined,
  verdict: 'warning',
  warning: 'warning',
  error: 'danger',
  note: 'muted',
  blank: undefined,
};

type Planned = {plan: Plan; error?: undefined} | {plan?: undefined; error: string};

export function PlanDiff({params, width, height, shell, state}: ViewProps<PlanParams>) {
  const theme = useTheme();
  const session = useSession();
  const {site, snapshot} = useAnalysisSite(ALL_SECTIONS);
  // Read once; r reads it again (after editing it elsewhere) and reloads the site.
  const [file, setFile] = useState<LoadedFile>(() => readSitefile(params.file));
  const prune = params.prune === true;

  const planned: Planned | null = useMemo(() => {
    if (file.error !== undefined) return {error: file.error};
    if (!site) return null;
    try {
      const source = basename(params.file);
      return {plan: planSitefile(site, parseSitefile(file.text!, source), {source, prune})};
    } catch (error) {
      return {
        error:
          error instanceof SitefileError ? error.message : `cannot plan ${params.file}: ${(error as Error).message}`,
      };
    }
  }, [site, file, params.file, prune]);

  const lines = useMemo(() => {
    if (!planned) return [];
    if (planned.error !== undefined) return planned.error.split('\n').map((text) => ({kind: 'error' as const, text}));
    return renderPlanLines(planned.plan, {siteLabel: state.profile});
  }, [planned, state.profile]);
  const view = useTextView({lineCount: lines.length, height: height - 1});
  useTextViewInput(view);

  useActionHandler('app.retry', () => {
    setFile(readSitefile(params.file));
    void session.refresh();
  });
  useActionHandler('analyze.plan.apply', () => {
    const plan = planned?.plan;
    if (!plan || !site) return shell.notify('error', planned?.error ?? 'The plan is not ready yet');
    if (plan.errors.length > 0)
      return shell.notify(
        'error',
        `${params.file} cannot be applied as it is (${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'} in the plan)`,
      );
    if (!hasChanges(plan))
      return shell.notify('info', `${state.profile} already matches ${params.file}: nothing to apply`);
    let changePlan;
    try {
      changePlan = changePlanOf(plan, process.env);
    } catch (error) {
      return shell.notify(
        'error',
        error instanceof SecretError ? error.message.replace(/\n\s*/g, ' ') : (error as Error).message,
      );
    }
    const connection = session.connection;
    if (!connection) return shell.notify('error', 'Not connected');
    void (async () => {
      const refusal = await lockoutRefusal(connection, site, plan);
      if (refusal)
        return shell.notify(
          'error',
          `Refused: ${refusal.replace(/\.$/, '')}. Fix the file, or use vseg apply --force if you have another way in`,
        );
      const removes = plan.prune && plan.entries.some((e) => e.op === 'remove');
      const ok = await shell.confirm({
        title: `Apply ${params.file} to ${state.profile}?`,
        message:
          `${planSummary(plan)}; ${changePlan.steps.length} call${changePlan.steps.length === 1 ? '' : 's'}` +
          (plan.verdicts.length
            ? `; ${plan.verdicts.length} flow${plan.verdicts.length === 1 ? ' changes' : 's change'} verdict`
            : '') +
          '.',
        calls: ConsoleSession.calls(changePlan),
        confirmLabel: 'Apply',
        typeToConfirm: state.profile,
        triggerKey: 'a',
        dangerous: removes,
      });
      if (!ok) return shell.notify('info', 'Plan not applied');
      // As `vseg apply` does: journal the previous state so `vseg rollback` can restore it.
      try {
        recordRevision(connection, site, plan, `console :plan ${params.file}`);
      } catch (error) {
        return shell.notify(
          'error',
          `Not applied: the revision journal could not be written (${(error as Error).message})`,
        );
      }
      await session.runPlan(changePlan, {refresh: ALL_SECTIONS});
    })();
  });

  const plan = planned?.plan;
  const head = !planned
    ? {tone: 'muted' as Tone, text: waitingText(snapshot, 'the site')}
    : planned.error !== undefined
      ? {tone: 'danger' as Tone, text: `${params.file} cannot be planned`}
      : plan!.errors.length > 0
        ? {
            tone: 'danger' as Tone,
            text: `${plan!.errors.length} error${plan!.errors.length === 1 ? '' : 's'}: the file cannot be applied as it is`,
          }
        : hasChanges(plan!)
          ? {
              tone: 'warning' as Tone,
              text: `${planSummary(plan!)} — a to apply${prune ? ' (with --prune: removals are deleted)' : ''}`,
            }
          : {tone: 'ok' as Tone, text: `No changes: ${state.profile} matches ${params.file}`};
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style(head.tone)}>
        {fit(`${theme.glyphs.tone[head.tone]} ${sanitize(head.text)}`, width, 'left', theme.glyphs.ellipsis)}
      </Text>
      <TextView
        lines={lines.map((l) => l.text)}
        width={width}
        height={height - 1}
        offset={view.offset}
        left={view.left}
        tone={(_, i) => TONE[lines[i].kind]}
        emptyText={waitingText(snapshot, 'the site')}
      />
    </Box>
  );
}
