// `vseg history`: the revision journal — every apply and rollback vseg did,
// newest first, with the networks it touched. `--show ID` prints the saved
// export of a revision (what `vseg rollback ID` would put back). Local only:
// nothing is sent to a site.
import {parseSiteUrl} from '../api/url.js';
import {sanitize} from '../domain/text.js';
import {getJournalEntry, listJournal, type JournalSummary} from '../store/journal.js';
import {openProfiles} from '../store/profiles.js';
import {vsegPaths} from '../store/paths.js';
import {checkConnectionFlags} from '../session/connection-flags.js';
import {CommandError, connectionFlags, parseSiteFlags, reportError} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, intFlag, outputFormat} from './flags.js';
import {UsageError} from '../session/io.js';
import {renderJson, renderRows, renderYaml, TABLE_FORMATS, write} from './output.js';
import {EXIT, type Command} from './types.js';

export const historyCommand: Command = {
  name: 'history',
  summary: 'list the revisions vseg applied (the journal rollback uses)',
  usage: `Usage: vseg history [connection] [--limit N] [-o table|wide|csv|json|yaml]
       vseg history --show ID

Lists the revision journal, newest first: when, which site, what was applied and
which networks it touched — vseg apply and rollback, and every change made in the
console or a wizard. Each entry holds the export of those networks (and the
aliases) from before the change; --show prints it. Undo one with vseg rollback ID
(or u in the console). The connection flags choose the site (--profile or --url);
the journal is local, so nothing is sent.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      // The same connection flags as every other command: they say which site's history to list.
      const {values, positionals} = parseSiteFlags(
        argv,
        {
          ...OUTPUT_OPTION,
          limit: {type: 'string'},
          show: {type: 'string'},
        },
        false,
      );
      void positionals;
      // Checked as every command checks them, though nothing is sent: a typo is an error, not ignored.
      checkConnectionFlags(connectionFlags(values));
      const format = outputFormat(values.output, TABLE_FORMATS);
      const limit = intFlag('limit', values.limit, 1, 100000);
      const paths = vsegPaths(io.env);
      if (values.show !== undefined) {
        const entry = getJournalEntry(paths.journalDir, values.show);
        if (!entry)
          throw new CommandError(`there is no revision ${values.show} (vseg history lists them)`, EXIT.negative);
        await write(io.stdout, entry.previous);
        return EXIT.ok;
      }
      let host: string | undefined;
      if (values.profile !== undefined && values.url !== undefined)
        throw new UsageError('give --profile or --url, not both');
      if (values.profile !== undefined) {
        const profile = openProfiles(paths).get(values.profile);
        if (!profile) throw new UsageError(`there is no profile "${values.profile}"`);
        host = parseSiteUrl(profile.url).host;
      } else if (values.url !== undefined) {
        try {
          host = parseSiteUrl(values.url).host;
        } catch (error) {
          throw new UsageError(`--url: ${(error as Error).message}`);
        }
      }
      // Ids have second resolution; within a second, the recorded time orders them.
      const entries = listJournal(paths.journalDir, {host, limit}).sort((a, b) =>
        a.time < b.time ? 1 : a.time > b.time ? -1 : 0,
      );
      if (format === 'json') await write(io.stdout, renderJson(entries));
      else if (format === 'yaml') await write(io.stdout, renderYaml(entries));
      else if (entries.length === 0)
        await write(io.stderr, 'no revisions yet: vseg apply records one before every change\n');
      else {
        await write(
          io.stdout,
          renderRows<JournalSummary>(
            entries,
            [
              {header: 'ID', value: (e) => e.id},
              {header: 'SITE', value: (e) => e.profile || e.host, priority: 2},
              {header: 'CHANGE', value: (e) => sanitize(e.title), minWidth: 12},
              {header: 'NETWORKS', value: (e) => e.touchedNetworks.join(', '), priority: 1},
            ],
            io,
            format,
          ),
        );
      }
      return EXIT.ok;
    } catch (error) {
      return reportError(io, 'history', error);
    }
  },
};
