// :plan FILE [--prune] — what applying a site file would change, as a
// scrollable diff (+ add, ~ change, - remove, ↕ reorder, flows whose verdict
// changes), re-planned whenever the site refreshes. a applies it after the
// console's confirmation: the exact calls, Cancel focused, the site's name
// typed; the lockout guard refuses a plan that cuts the console's own path.
import {basename} from 'node:path';
import {Box, Text} from 'ink';
import {useCallback, useMemo, useState} from 'react';
import {
  hasChanges,
  planSummary,
  renderPlanLines,
  type DiffLine,
  type DiffLineKind,
  type Plan,
} from '../../../domain/plan/index.js';
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
  readRevision,
  readSitefile,
  type LoadedFile,
} from '../../../session/site-files.js';
import {planRevert, revertChangePlan, type Revert} from '../../../session/revisions.js';
import {secretSource} from '../../../domain/sitefile/index.js';
import {verdictChanges} from '../../../policy/index.js';
import type {JournalEntry} from '../../../store/journal.js';
import {siteRevisions} from './HistoryView.js';
import {LAST_REVISION} from './revision-ref.js';
import {useAnalysisSite, waitingText} from './use-analysis.js';
import {recordRevision} from '../../../session/revisions.js';
import {planContracts} from '../../../session/contracts.js';
import {planContractLines} from '../../../policy/contracts/index.js';

export interface PlanParams {
  /** A site file; or `revision`: */
  file?: string;
  prune?: boolean;
  /** The site file itself, when it is made in the console (:recertify): `file` is then only its title. */
  text?: string;
  /** Undo this journal revision (u, :history): its saved state, pruned within the networks it touched. */
  revision?: string;
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

const deletedText = (n: number) => (n ? `, ${n} network${n === 1 ? '' : 's'} deleted` : '');

type Planned = {plan: Plan; revert?: Revert; error?: undefined} | {plan?: undefined; revert?: undefined; error: string};

export function PlanDiff({params, width, height, shell, state}: ViewProps<PlanParams>) {
  const theme = useTheme();
  const session = useSession();
  const {site, snapshot} = useAnalysisSite(ALL_SECTIONS);
  // Read once; r reads it again (after editing it elsewhere) and reloads the site.
  const source = params.revision !== undefined ? `revision ${params.revision}` : (params.file ?? '');
  const read = (): LoadedFile & {entry?: JournalEntry} => {
    // A plan made in the console (:recertify) carries its file's text.
    if (params.text !== undefined) return {path: source, text: params.text};
    if (params.revision === undefined) return readSitefile(source);
    if (params.revision !== LAST_REVISION) return readRevision(session.paths.journalDir, params.revision);
    const last = siteRevisions(session.paths.journalDir, session.connection?.host)[0];
    return last
      ? readRevision(session.paths.journalDir, last.id)
      : {path: 'the last change', error: 'Nothing to undo: no change to this site is in the journal (:history)'};
  };
  const [file, setFile] = useState(read);
  const prune = params.prune === true;

  const planned: Planned | null = useMemo(() => {
    if (file.error !== undefined) return {error: file.error};
    if (!site) return null;
    try {
      if (file.entry) {
        const revert = planRevert(site, file.entry, (before, after) => verdictChanges(before, after));
        return {plan: revert.plan, revert};
      }
      const name = basename(source);
      return {plan: planSitefile(site, parseSitefile(file.text!, name), {source: name, prune})};
    } catch (error) {
      return {
        error: error instanceof SitefileError ? error.message : `cannot plan ${source}: ${(error as Error).message}`,
      };
    }
  }, [site, file, source, prune]);
  const undo = planned?.revert;

  // What the plan does to the site's contracts (the lines vseg plan prints under its plan).
  const contractLines = useCallback(
    (plan: Plan): DiffLine[] => {
      const connection = session.connection;
      if (!connection || !site || plan.errors.length > 0) return [];
      try {
        const pc = planContracts(connection, site, plan.after, {});
        return (pc ? planContractLines(pc.delta, pc.contracts.source) : []).map((text): DiffLine => ({
          kind: text.trimStart().startsWith('✗') ? 'error' : text.startsWith('Contracts') ? 'title' : 'note',
          text,
        }));
      } catch (error) {
        return [
          {kind: 'warning', text: `The saved contracts cannot be read: ${(error as Error).message.split('\n')[0]}`},
        ];
      }
    },
    [session, site],
  );

  const lines = useMemo((): DiffLine[] => {
    if (!planned) return [];
    if (planned.error !== undefined) return planned.error.split('\n').map((text) => ({kind: 'error', text}));
    const out = renderPlanLines(planned.plan, {siteLabel: state.profile});
    out.push(...contractLines(planned.plan));
    if (!planned.revert) return out;
    // What the change being undone made that the saved state does not hold: whole networks.
    const extra: DiffLine[] = [
      ...planned.revert.created.map((n): DiffLine => ({
        kind: 'remove',
        text: `- network ${n.name} (created by that change)`,
      })),
      ...planned.revert.kept.map((text): DiffLine => ({kind: 'warning', text})),
    ];
    return [
      {
        kind: 'title',
        text: `Undo: ${file.entry?.title ?? ''} (revision ${params.revision}, ${file.entry?.time ?? ''})`,
      },
      ...extra,
      ...out,
    ];
  }, [planned, state.profile, file.entry, params.revision, contractLines]);
  const view = useTextView({lineCount: lines.length, height: height - 1});
  useTextViewInput(view);

  useActionHandler('app.retry', () => {
    setFile(read());
    void session.refresh();
  });
  useActionHandler('analyze.plan.apply', () => {
    const plan = planned?.plan;
    if (!plan || !site) return shell.notify('error', planned?.error ?? 'The plan is not ready yet');
    if (plan.errors.length > 0)
      return shell.notify(
        'error',
        `${source} cannot be applied as it is (${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'} in the plan)`,
      );
    if (!hasChanges(plan) && !undo?.created.length)
      return shell.notify('info', `${state.profile} already matches ${source}: nothing to apply`);
    let changePlan;
    try {
      changePlan = undo ? revertChangePlan(undo, secretSource(process.env), site) : changePlanOf(plan, process.env);
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
      const removes = (plan.prune && plan.entries.some((e) => e.op === 'remove')) || (undo?.created.length ?? 0) > 0;
      const ok = await shell.confirm({
        title: undo ? `Undo "${file.entry?.title ?? ''}" on ${state.profile}?` : `Apply ${source} to ${state.profile}?`,
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
        recordRevision(
          connection,
          site,
          plan,
          undo ? `console: undo ${file.entry?.title ?? ''}` : `console :plan ${source}`,
        );
      } catch (error) {
        return shell.notify(
          'error',
          `Not applied: the revision journal could not be written (${(error as Error).message})`,
        );
      }
      await session.runPlan(changePlan, {refresh: ALL_SECTIONS, journal: false});
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
        : hasChanges(plan!) || (undo?.created.length ?? 0) > 0
          ? {
              tone: 'warning' as Tone,
              text: undo
                ? `Undo: ${planSummary(plan!)}${deletedText(undo.created.length)} — a to apply`
                : `${planSummary(plan!)} — a to apply${prune ? ' (with --prune: removals are deleted)' : ''}`,
            }
          : {
              tone: 'ok' as Tone,
              text: undo
                ? `Nothing to undo: the site is as it was before that change`
                : `No changes: ${state.profile} matches ${source}`,
            };
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
