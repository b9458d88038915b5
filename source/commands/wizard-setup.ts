// `vseg wizard setup`: the six steps in order, each with a short word on why it
// matters. Without --yes every step is planned against the site as the steps
// before it would leave it (the exact calls of later steps are computed when
// they run); with --yes each step is applied, then the next is planned against
// the site it left. The draft remembers which steps are done, so --resume
// continues with the step that stopped.
import type {RunState} from '../domain/changes/types.js';
import {
  SETUP,
  WIZARDS,
  planHasChanges,
  setupSteps,
  wizardDraftName,
  type SetupAnswers,
  type WizardDraftData,
  type WizardId,
} from '../domain/wizards/index.js';
import type {Connection} from '../session/connection.js';
import {deleteDraft, type Draft} from '../store/drafts.js';
import {write} from './output.js';
import {EXIT} from './types.js';
import {type CommandIO} from '../session/io.js';
import {
  planContext,
  regenerateFor,
  reviewText,
  runOneWizard,
  type DraftWriter,
  type WizardRunOptions,
} from './wizard-run.js';
import {loadSiteWithBaselines} from '../session/site.js';

export interface SetupOptions extends WizardRunOptions {
  writer: DraftWriter;
  draft?: Draft<WizardDraftData>;
  resumeHint: string;
}

function header(index: number, total: number, id: WizardId): string {
  const def = WIZARDS[id];
  return `\n━━ Step ${index}/${total}: ${def.title}\n${def.why.join('\n')}\n\n`;
}

export async function runSetup(
  connection: Connection,
  io: CommandIO,
  raw: unknown,
  options: SetupOptions,
): Promise<number> {
  const answers = raw as SetupAnswers;
  const steps = setupSteps(answers);
  await write(
    io.stdout,
    `${SETUP.title}: ${steps.map((s) => s.id).join(' → ') || 'no steps (every section is missing)'}\n${SETUP.why.join('\n')}\n`,
  );
  if (steps.length === 0) return EXIT.ok;

  if (!options.yes) {
    // Each step is planned against the site the steps before it would leave.
    let site = await loadSiteWithBaselines(connection);
    let changes = false;
    let blocked = false;
    for (const [i, s] of steps.entries()) {
      await write(io.stdout, header(i + 1, steps.length, s.id));
      const ctx = planContext(connection, options.secrets);
      const plan = WIZARDS[s.id].plan(site, s.answers, ctx);
      await write(io.stdout, reviewText(plan, i === 0, site, ctx.policy));
      if (i > 0 && plan.changePlan.steps.length > 0)
        await write(
          io.stdout,
          `(the exact calls of this step are computed when it runs, against the site step ${i} leaves)\n`,
        );
      if (plan.errors.length > 0) blocked = true;
      changes ||= planHasChanges(plan);
      site = plan.after;
    }
    if (blocked) {
      await write(
        io.stderr,
        'Some answers cannot be applied as they are (see the errors above); nothing was changed.\n',
      );
      return EXIT.usage;
    }
    if (!changes) {
      await write(io.stderr, `${connection.label} already matches every step: nothing to do\n`);
      return EXIT.ok;
    }
    options.writer.save({wizard: 'setup', answers, setup: {current: 0, outcomes: {}}});
    await write(
      io.stderr,
      `not applied: pass --yes to apply the steps in order (the answers are kept as a draft; ${options.resumeHint} continues)\n`,
    );
    return EXIT.changes;
  }

  const previous = options.draft?.data.setup;
  const outcomes: Partial<Record<WizardId, 'applied' | 'skipped'>> = {...(previous?.outcomes ?? {})};
  let resume: RunState | undefined = options.draft?.run;
  for (const [i, s] of steps.entries()) {
    if (outcomes[s.id] === 'applied') {
      await write(io.stdout, `\n━━ Step ${i + 1}/${steps.length}: ${WIZARDS[s.id].title} — done earlier\n`);
      continue;
    }
    await write(io.stdout, header(i + 1, steps.length, s.id));
    const save = (run?: RunState) =>
      options.writer.save({wizard: 'setup', answers, setup: {current: i, outcomes}, applying: true}, run);
    const outcome = await runOneWizard(connection, io, s.id, s.answers, {
      ...options,
      ctx: planContext(connection, options.secrets, regenerateFor(resume)),
      resume,
      draft: save,
      resumeHint: options.resumeHint,
    });
    if (outcome.code !== EXIT.ok) {
      save(outcome.state);
      return outcome.code;
    }
    outcomes[s.id] = 'applied';
    resume = undefined;
    save();
  }
  deleteDraft(connection.paths.draftsDir, wizardDraftName('setup', connection.label));
  await write(io.stdout, `\nSetup complete: ${steps.map((s) => s.id).join(', ')}.\n`);
  return EXIT.ok;
}
