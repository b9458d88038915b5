// The review: the plan as the operator checks it before anything is sent —
// objects, actions, each touched network's rules in order, Apply Rules, checks
// and the exact API calls. `a` asks (Cancel focused, the calls listed, the name
// typed) and applies with per-step progress; a failure lists what was done and
// what was not, and `a` again resumes without repeating it.
import {Box} from 'ink';
import {useLayoutEffect, useMemo} from 'react';
import type {RunState} from '../../../domain/changes/types.js';
import {ALL_SECTIONS} from '../../../domain/model.js';
import {saveWizardIntent} from '../../../session/contracts.js';
import {sanitize} from '../../../domain/text.js';
import {
  WIZARDS,
  applyConfirmation,
  nothingToDo,
  planHasChanges,
  reviewWithCalls,
  runWizard,
  type ReviewLine,
  type WizardPlan,
} from '../../../domain/wizards/index.js';
import {ConsoleSession} from '../../../session/console-session.js';
import {lockoutCheck} from '../../../session/lockout.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSession} from '../../data/session.js';
import {Lines, Loading, toneOfKind, useWizard, type WizardParams} from './common.js';
import {errorText} from '../../../session/errors.js';
import type {WizardSession} from '../../../session/wizard-store.js';

function failureLines(plan: WizardPlan, state: RunState | undefined, error: string): ReviewLine[] {
  const steps = plan.changePlan.steps;
  const done = steps.filter((s) => ['done', 'skipped'].includes(state?.results[s.id]?.status ?? ''));
  const notDone = steps.filter((s) => !done.includes(s));
  return [
    {kind: 'error', text: `The apply stopped: ${sanitize(error)}`},
    {kind: 'field', text: `  Done (${done.length}): ${done.map((s) => sanitize(s.title)).join('; ') || 'nothing'}`},
    {kind: 'field', text: `  Not done (${notDone.length}): ${notDone.map((s) => sanitize(s.title)).join('; ')}`},
    {
      kind: 'note',
      text: '  Press a to resume: what was done is found and not repeated (the draft keeps it if you leave).',
    },
    {kind: 'blank', text: ''},
  ];
}

export function WizardReview({params, width, height, active, shell}: ViewProps<WizardParams>) {
  const session = useSession();
  const def = WIZARDS[params.id];
  const {site, w, ctx, store} = useWizard(params.id);
  const opened = w !== null;
  const answers = w?.answers;
  const planned = useMemo((): {plan: WizardPlan | null; error?: string} => {
    if (!site || !opened || !ctx) return {plan: null};
    try {
      return {plan: def.plan(site, answers, ctx)};
    } catch (error) {
      return {plan: null, error: errorText(error)};
    }
  }, [def, site, opened, answers, ctx]);
  const plan = planned.plan;
  const lines = useMemo((): ReviewLine[] => {
    if (planned.error)
      return [
        {kind: 'error', text: `The plan could not be made: ${sanitize(planned.error)}`},
        {kind: 'note', text: 'Esc goes back to the answers.'},
      ];
    return plan && w
      ? [
          ...(w.failure ?? []).map((text, i): ReviewLine => ({kind: i === 0 ? 'error' : 'field', text})),
          ...reviewWithCalls(plan, site ?? undefined, ctx?.policy),
        ]
      : [];
  }, [plan, planned.error, w, site, ctx]);
  const head = w?.run && !w.busy ? ['An interrupted apply waits: a resumes it (steps already done are skipped).'] : [];
  const bodyHeight = Math.max(1, height - head.length);
  const text = useTextView({lineCount: lines.length, height: bodyHeight});
  useTextViewInput(text, {isActive: active});

  // The site already matches the answers: there is nothing to resume later.
  const settled =
    plan !== null && w !== null && !w.busy && w.run === undefined && plan.errors.length === 0 && !planHasChanges(plan);
  // A layout effect runs in the same task as the commit that draws "nothing to do":
  // a passive effect could run after the frame reached the terminal, so a
  // session dropped right then (or a test reading the drafts) still found the draft.
  useLayoutEffect(() => {
    if (settled) store.dropDraft(params.id);
  }, [settled, store, params.id]);

  useActionHandler('wizard.apply', () => {
    if (!plan || !w || !ctx) return;
    void apply(session, shell, params, plan, w, ctx);
  });

  if (!site || !w || (!plan && !planned.error)) return <Loading width={width} height={height} />;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={head} width={width} tone={() => 'warning'} />
      <TextView
        lines={lines.map((l) => l.text)}
        width={width}
        height={bodyHeight}
        offset={text.offset}
        left={text.left}
        tone={(_, i) => toneOfKind(lines[i]?.kind ?? 'note')}
      />
    </Box>
  );
}

async function apply(
  session: ConsoleSession,
  shell: ViewProps<WizardParams>['shell'],
  params: WizardParams,
  plan: WizardPlan,
  w: WizardSession,
  ctx: NonNullable<ReturnType<typeof useWizard>['ctx']>,
): Promise<void> {
  const def = WIZARDS[params.id];
  if (w.busy) return shell.notify('info', `${plan.title} is already running`);
  if (plan.errors.length > 0) return shell.notify('error', `${plan.title}: fix the answers first (${plan.errors[0]})`);
  if (!planHasChanges(plan)) {
    shell.notify(plan.warnings.length ? 'warning' : 'info', `${plan.title}: ${nothingToDo(plan)}`);
    session.wizards.dropDraft(params.id);
    finish(session, shell, params, w);
    return;
  }
  // The lockout guard of vseg apply: never cut the console off its own site.
  const connection = session.connection;
  const live = session.getSnapshot().site;
  if (connection && live) {
    const lockout = await lockoutCheck(connection, live, plan.after);
    if (lockout.refuse)
      return shell.notify(
        'error',
        `Refused: ${lockout.refuse}. Change the answers, or use vseg wizard ${params.id} --force if you have another way in`,
      );
    if (lockout.note) shell.notify('warning', lockout.note);
  }
  const steps = plan.changePlan.steps.length;
  const typed = applyConfirmation(plan);
  const word = typed?.kind === 'restart' ? typed.network : typed ? session.model.getState().profile : undefined;
  const ok = await shell.confirm({
    title: `Apply the ${def.title.toLowerCase()} plan?`,
    message: [
      `${steps} step${steps === 1 ? '' : 's'}${w.run ? ' (steps already done are skipped)' : ''}` +
        `${plan.touched.length ? `; Apply Rules on ${plan.touched.join(', ')}` : ''}.`,
      ...(plan.restarts.length ? [`Restarts ${plan.restarts.join(', ')}: traffic through it stops for a moment.`] : []),
      ...plan.followUp.map((f) => `Then: ${f}.`),
    ].join('\n'),
    calls: ConsoleSession.calls(plan.changePlan),
    confirmLabel: 'Apply',
    typeToConfirm: word,
    triggerKey: 'a',
    dangerous: typed !== undefined,
  });
  if (!ok) return shell.notify('info', `${plan.title}: not applied`);
  const store = session.wizards;
  store.update(params.id, {busy: true, failure: undefined}, {applying: true});
  let last: RunState | undefined = w.run;
  let current = plan;
  const run = await runWizard(
    def,
    w.answers,
    ctx,
    {
      load: async () => {
        await session.refresh(ALL_SECTIONS);
        const site = session.getSnapshot().site;
        if (!site) throw new Error('the site could not be loaded');
        return site;
      },
      execute: (changePlan, resume) =>
        session.runPlan(changePlan, {
          resume,
          refresh: ALL_SECTIONS,
          onCheckpoint: (state) => {
            last = state;
            store.update(params.id, {run: state}, {applying: true});
          },
        }),
    },
    {resume: w.run, onPlan: (p) => (current = p)},
  ).catch((error: unknown) => ({
    ok: false as const,
    plans: [],
    state: last,
    refused: [errorText(error)],
  }));
  if (!run.ok) {
    const status = session.model.getState().status;
    const error = run.refused?.join('; ') ?? (status?.level === 'error' ? status.text : 'a step failed');
    const failure = failureLines(current, last, error).map((l) => l.text);
    store.update(params.id, {busy: false, run: last, failure}, {applying: false});
    return;
  }
  const after = run.site ?? session.getSnapshot().site;
  let result = after && def.result ? def.result(after, w.answers, ctx) : undefined;
  // The intent the answers state joins the site's saved contracts (checked on every later change).
  if (session.connection && after) {
    try {
      const saved = saveWizardIntent(session.connection, def, after, w.answers);
      const lines = [
        ...(saved.file ? [`The intent is saved with the site's contracts (${saved.file}): see :contracts.`] : []),
        ...saved.skipped.map((name) => `Not saved as a contract (the site already differs): ${name}`),
      ];
      if (lines.length) result = [...(result ?? []), '', ...lines];
    } catch (error) {
      shell.notify('warning', `The contracts could not be saved: ${errorText(error)}`);
    }
  }
  store.update(params.id, {busy: false, run: undefined, result, check: run.check});
  if (run.unfinished?.length) shell.notify('warning', `Not done yet: ${run.unfinished.join('; ')}`);
  store.dropDraft(params.id);
  finish(session, shell, params, w);
}

function finish(
  session: ConsoleSession,
  shell: ViewProps<WizardParams>['shell'],
  params: WizardParams,
  w: WizardSession,
): void {
  if (params.setup) session.wizards.recordSetup(params.id, 'applied');
  session.wizards.update(params.id, {page: 0});
  shell.pop();
  shell.pop();
  if (params.id === 'monitor') {
    const answers = w.answers as {network?: string};
    shell.push('wizard.monitor', {network: answers.network, setup: params.setup});
  } else shell.push('wizard.result', params);
}
