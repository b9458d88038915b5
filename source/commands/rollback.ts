// `vseg rollback ID`: put back the state a revision saved before its change —
// the networks it touched (their settings, rules, VPN) and the aliases — by
// planning that export against the live site and applying it, with prune
// limited to the objects of those networks. It is itself journaled, so a
// rollback can be rolled back.
import {parseSitefile} from '../domain/sitefile/index.js';
import {JournalError, getJournalEntry, type JournalEntry} from '../store/journal.js';
import {vsegPaths} from '../store/paths.js';
import {applyFlow} from './apply-flow.js';
import {APPLY_HELP, APPLY_OPTIONS} from './apply.js';
import {CommandError, loadSecrets, parseSiteFlags, reportError, withConnection} from './common.js';
import {CONNECTION_HELP} from './flags.js';
import {UsageError} from '../session/io.js';
import {EXIT, type Command} from './types.js';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'restore the state a revision saved before its change (see vseg history)',
  usage: `Usage: vseg rollback ID [--yes] [--force] [--secrets FILE] [connection]

Plans the revision's saved export against the live site, as apply -f would,
deleting only objects of the networks that revision touched, shows the plan and
applies it (asking first unless --yes).

${APPLY_HELP}

Exit codes: 0 restored or nothing to do, 1 no such revision, 2 error, 3 not
applied (not confirmed).

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(argv, APPLY_OPTIONS);
      const id = positionals[0];
      if (id === undefined) throw new UsageError('name the revision to roll back (vseg history lists them)');
      if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
      const entry = revision(vsegPaths(io.env).journalDir, id);
      if (!entry) throw new CommandError(`there is no revision ${id} (vseg history lists them)`, EXIT.negative);
      const source = `revision ${id}`;
      const doc = parseSitefile(entry.previous, source);
      const secrets = loadSecrets(io, values.secrets);
      return await withConnection(values, io, (connection) => {
        if (connection.host !== entry.host) {
          throw new CommandError(
            `revision ${id} belongs to ${entry.host}, not ${connection.host}; connect to that site to roll it back`,
          );
        }
        return applyFlow(connection, io, {
          command: 'rollback',
          doc: {...doc, partial: true},
          source,
          prune: true,
          yes: Boolean(values.yes),
          force: Boolean(values.force),
          secrets,
          apiAddress: values['api-address'],
          reason: values.reason,
        });
      });
    } catch (error) {
      return reportError(io, 'rollback', error);
    }
  },
};

/** The journal's entry; an id that is no revision id, or a damaged file, is the operator's to fix (exit 2). */
function revision(dir: string, id: string): JournalEntry | undefined {
  try {
    return getJournalEntry(dir, id);
  } catch (error) {
    if (error instanceof JournalError) throw new UsageError(`${error.message} vseg history lists the revisions.`);
    throw error;
  }
}
