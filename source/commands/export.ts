// `vseg export`: the site's segmentation as one site file (docs/SITEFILE.md).
// Deterministic: the same site exports to the same bytes.
import {EXPORT_SECTIONS, exportSite} from '../domain/sitefile/index.js';
import {sanitize} from '../domain/text.js';
import {CommandError, networkNamed, parseSiteFlags, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, outputFormat} from './flags.js';
import {OutputFileError, outputFileProblem, writeOutputFile} from '../session/output-file.js';
import {UsageError} from '../session/io.js';
import {write} from './output.js';
import {EXIT, type Command} from './types.js';
import {loadSiteWithBaselines} from '../session/site.js';

export const exportCommand: Command = {
  name: 'export',
  summary: "write the site's segmentation as a reviewable site file (YAML or JSON)",
  usage: `Usage: vseg export [-o yaml|json] [--network NAME]… [--file FILE] [connection]

Writes networks, rules (in evaluation order, names not keys), aliases, IPsec and
WireGuard (secrets as {secret: NAME} references), tenants and mirroring settings
as one file (docs/SITEFILE.md). With --network, only those networks (a partial
file: applying it never prunes anything outside them). Exporting the same site
twice gives byte-identical output.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(
        argv,
        {...OUTPUT_OPTION, network: {type: 'string', multiple: true}, file: {type: 'string', short: 'f'}},
        false,
      );
      void positionals;
      const format = outputFormat(values.output, ['yaml', 'json']) as 'yaml' | 'json';
      // Before signing in: a path that cannot be written is known now.
      const problem = values.file === undefined ? undefined : outputFileProblem(values.file, '--file');
      if (problem) throw new UsageError(problem);
      return await withConnection(values, io, async (connection) => {
        const site = await loadSiteWithBaselines(connection, {sections: EXPORT_SECTIONS});
        const networks = values.network;
        for (const name of networks ?? []) networkNamed(site, name);
        const text = exportSite(site, {
          format,
          networks,
          onWarning: (w) => void write(io.stderr, `vseg export: warning: ${sanitize(w)}\n`),
        });
        if (values.file !== undefined) {
          try {
            writeOutputFile(values.file, text, '--file');
          } catch (error) {
            // The disk said no after the check (full, or a race): a failed command, not a usage error.
            if (error instanceof OutputFileError) throw new CommandError(error.message);
            throw error;
          }
          await write(io.stderr, `wrote ${values.file}\n`);
        } else {
          await write(io.stdout, text);
        }
        return EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'export', error);
    }
  },
};
