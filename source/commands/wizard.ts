// `vseg wizard <step>`: the six guided steps and setup, headless. The answers
// come from a file (the same answers the console's :wizard forms fill; see
// docs/WIZARDS.md) or from the draft an earlier run left (--resume). Without
// --yes it prints the review and exits 3 when there are changes; with --yes it
// applies, resumable after a failure.
import {sanitize} from '../domain/text.js';
import {
  AnswersError,
  EXAMPLES,
  SETUP,
  STEP_ORDER,
  WIZARDS,
  isWizardName,
  parseAnswers,
  schemaOf,
  wizardDraftName,
  type WizardDraftData,
  type WizardName,
} from '../domain/wizards/index.js';
import {DraftError, deleteDraft, loadDraft, type Draft} from '../store/drafts.js';
import {vsegPaths, type VsegPaths} from '../store/paths.js';
import {openProfiles} from '../store/profiles.js';
import {parseSiteUrl} from '../api/url.js';
import {CommandError, loadSecrets, parseSiteFlags, readSitefileText, reportError, withConnection} from './common.js';
import {CONNECTION_HELP} from './flags.js';
import {UsageError} from '../session/io.js';
import {write} from './output.js';
import {EXIT, type Command} from './types.js';
import {draftWriter, planContext, regenerateFor, runOneWizard} from './wizard-run.js';
import {runSetup} from './wizard-setup.js';

const STEPS_HELP = [
  ...STEP_ORDER.map((id) => `  ${id.padEnd(9)} ${WIZARDS[id].summary}`),
  `  ${'setup'.padEnd(9)} ${SETUP.summary}`,
].join('\n');

/** The label a connection made with these flags will have (a profile's name, else the site's host), without connecting. */
function siteOfFlags(values: {profile?: string; url?: string}, paths: VsegPaths): string | undefined {
  if (values.profile !== undefined) return values.profile;
  if (values.url !== undefined) {
    try {
      return parseSiteUrl(values.url).host;
    } catch {
      return undefined;
    }
  }
  try {
    return openProfiles(paths).resolveDefault()?.name;
  } catch {
    return undefined;
  }
}

export const wizardCommand: Command = {
  name: 'wizard',
  summary: 'the six guided micro-segmentation steps and setup, from an answer file',
  usage: `Usage: vseg wizard <step> --file ANSWERS [--yes] [connection]
       vseg wizard <step> --resume [--yes] [connection]
       vseg wizard <step> --example

Steps:
${STEPS_HELP}

Plans the step against the live site and prints the review: objects to create
or change, each touched network's rules in order, the networks that need
Apply Rules, checks, and the exact API calls. With --yes it applies them with a
progress line per step and Apply Rules on the touched networks. Running it
again with the same answers changes nothing.

The answers are kept as a draft (XDG state dir) before anything is sent; if a
step fails, the draft keeps what was done and --resume continues without
repeating it. Pre-shared keys and private keys are never written to a draft:
they are generated again, or taken from VSEG_SECRET_<NAME> / --secrets.

Without --file the console guides you interactively: run vseg and type
:wizard <step>.

  -f, --file FILE          answers (YAML or JSON; see docs/WIZARDS.md and --example)
      --resume             continue from the draft an earlier run left
      --discard            delete the draft of this step and exit
      --example            print an example answer file and exit
  -y, --yes                apply without asking
      --force              apply even though the console's management path would
                           lose access, or a contract would break (needs --reason)
      --reason TEXT        why a forced run may break a contract (audit log)
      --secrets FILE       secret values (YAML map name → value, mode 0600)
      --api-address IP[:PORT]  the address the API is reached through (lockout guard)

Exit codes: 0 applied or nothing to do, 2 error (nothing or part applied: see
--resume), 3 there are changes and --yes was not given.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(argv, {
        file: {type: 'string', short: 'f'},
        resume: {type: 'boolean'},
        discard: {type: 'boolean'},
        example: {type: 'boolean'},
        yes: {type: 'boolean', short: 'y'},
        force: {type: 'boolean'},
        reason: {type: 'string'},
        secrets: {type: 'string'},
        'api-address': {type: 'string'},
      });
      if (values.help) {
        await write(io.stdout, `${wizardCommand.usage}\n`);
        return EXIT.ok;
      }
      const step = positionals[0];
      if (step === undefined) throw new UsageError(`name a step: ${[...STEP_ORDER, 'setup'].join(', ')}`);
      if (!isWizardName(step))
        throw new UsageError(`unknown step "${step}" (steps: ${[...STEP_ORDER, 'setup'].join(', ')})`);
      if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
      const name: WizardName = step;
      if (values.example) {
        await write(io.stdout, EXAMPLES[name]);
        return EXIT.ok;
      }
      const paths = vsegPaths(io.env);
      // Drafts are kept per site: the one for the site these flags name (and one from before that names it).
      const site = siteOfFlags(values, paths);
      const findDraft = (label: string | undefined): Draft<WizardDraftData> | undefined => {
        const own =
          label === undefined ? undefined : loadDraft<WizardDraftData>(paths.draftsDir, wizardDraftName(name, label));
        if (own) return own;
        const legacy = loadDraft<WizardDraftData>(paths.draftsDir, wizardDraftName(name));
        return legacy && (label === undefined || legacy.site === undefined || legacy.site === label)
          ? legacy
          : undefined;
      };
      if (values.discard) {
        const own = site !== undefined && deleteDraft(paths.draftsDir, wizardDraftName(name, site));
        const legacy = loadDraft<WizardDraftData>(paths.draftsDir, wizardDraftName(name));
        const old =
          legacy !== undefined &&
          (site === undefined || legacy.site === undefined || legacy.site === site) &&
          deleteDraft(paths.draftsDir, wizardDraftName(name));
        const gone = own || old;
        await write(
          io.stderr,
          gone
            ? `Deleted the draft of the ${name} wizard${site ? ` for ${site}` : ''}.\n`
            : `There is no draft of the ${name} wizard${site ? ` for ${site}` : ''}.\n`,
        );
        return EXIT.ok;
      }
      if (values.file !== undefined && values.resume) throw new UsageError('give either --file or --resume, not both');
      let answers: unknown;
      let draft: Draft<WizardDraftData> | undefined;
      if (values.resume) {
        draft = findDraft(site);
        if (!draft)
          throw new CommandError(
            `there is no draft of the ${name} wizard${site ? ` for ${site}` : ''} to resume (drafts are kept in ${paths.draftsDir})`,
          );
        const parsed = schemaOf(name).safeParse(draft.data.answers);
        if (!parsed.success)
          throw new CommandError(
            `the draft of the ${name} wizard does not hold valid answers; delete it with: vseg wizard ${name} --discard`,
          );
        answers = parsed.data;
      } else if (values.file !== undefined) {
        if (values.file.trim() === '') throw new UsageError('--file needs a file name');
        const text = await readSitefileText(values.file, io);
        answers = parseAnswers(name, text, values.file);
      } else {
        const existing = findDraft(site);
        const hint = existing ? ` A draft from ${existing.savedAt} is waiting: vseg wizard ${name} --resume.` : '';
        throw new UsageError(
          `give the answers with --file (vseg wizard ${name} --example prints one), or run the console (vseg) and type :wizard ${name} to be guided.${hint}`,
        );
      }
      const secrets = loadSecrets(io, values.secrets);
      const options = {
        yes: Boolean(values.yes),
        force: Boolean(values.force),
        reason: values.reason,
        secrets,
        apiAddress: values['api-address'],
      };
      return await withConnection(values, io, async (connection) => {
        if (draft?.site !== undefined && draft.site !== connection.label) {
          throw new CommandError(
            `the draft of the ${name} wizard was made for ${sanitize(draft.site)}, not ` +
              `${connection.label}; connect to that site, or delete the draft with --discard`,
          );
        }
        const writer = draftWriter(connection, name);
        const resumeHint = `vseg wizard ${name} --resume --yes`;
        if (name === 'setup') return runSetup(connection, io, answers, {...options, writer, draft, resumeHint});
        const state = draft?.run;
        const ctx = planContext(connection, secrets, regenerateFor(state));
        const outcome = await runOneWizard(connection, io, name, answers, {
          ...options,
          ctx,
          resume: state,
          resumeHint,
          draft: (run) => writer.save({wizard: name, answers, applying: options.yes}, run),
        });
        const drop = () => {
          deleteDraft(connection.paths.draftsDir, wizardDraftName(name, connection.label));
          if (draft && draft.site === connection.label) deleteDraft(connection.paths.draftsDir, wizardDraftName(name));
        };
        if (outcome.code === EXIT.ok && options.yes) drop();
        if (outcome.code === EXIT.ok && !options.yes && draft) drop();
        return outcome.code;
      });
    } catch (error) {
      if (error instanceof AnswersError || error instanceof DraftError)
        return reportError(io, 'wizard', new CommandError(error.message));
      return reportError(io, 'wizard', error);
    }
  },
};
