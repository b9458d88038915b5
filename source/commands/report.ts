// `vseg report`: the segmentation of a site in one file for an auditor or a
// change board — HTML with the diagram inline (no network fetches), or
// Markdown with the diagram as an SVG file beside it.
import {basename, dirname, extname, join} from 'node:path';
import {ALL_SECTIONS} from '../domain/model.js';
import {sanitize} from '../domain/text.js';
import {mapSvg} from '../domain/layout/svg.js';
import {parseService} from '../policy/protocols.js';
import {reportHtml} from '../policy/report/html.js';
import {reportMarkdown} from '../policy/report/markdown.js';
import {siteReport} from '../session/report.js';
import {CommandError, parseSiteFlags, readSitefileText, reportError, withConnection} from './common.js';
import {CONNECTION_HELP} from './flags.js';
import {UsageError} from '../session/io.js';
import {OutputFileError, outputFileProblem, writeOutputFile as writeFile} from '../session/output-file.js';
import {loadSiteWithBaselines} from '../session/site.js';
import {write} from './output.js';
import {EXIT, type Command} from './types.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the segmentation report (HTML or Markdown) an auditor or change board reads',
  usage: `Usage: vseg report [-o report.html|report.md] [--service tcp/443]… [--contracts FILE] [connection]

One self-contained file: the topology diagram (lanes coloured by the verdict
for the first service), the reachability matrix as a heat map for each
--service (default: all traffic), every network's rules in evaluation order
with lint findings and lifecycle, the contracts, rules due for
recertification, rules never hit in the sampled window, VPN endpoints, tenant
isolation, and what is applied versus staged, with the time the state was
taken. HTML carries its style and SVG inline and fetches nothing; Markdown
writes the diagram as <name>.svg beside the file. No secret is in either.

  -o, --output FILE        report.html (default) or a .md file; - writes HTML to stdout
      --service S          a service for the matrix (repeat it): tcp/443, udp/53, icmp, any
      --contracts FILE     judge these contracts (default: the site's saved ones)

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values} = parseSiteFlags(
        argv,
        {output: {type: 'string', short: 'o'}, service: {type: 'string', multiple: true}, contracts: {type: 'string'}},
        false,
      );
      const out = values.output ?? 'report.html';
      const ext = out === '-' ? '.html' : extname(out).toLowerCase();
      if (!['.html', '.htm', '.md', '.markdown'].includes(ext))
        throw new UsageError(`-o must name a .html or .md file (got "${out}")`);
      const problem = out === '-' ? undefined : outputFileProblem(out, '-o');
      if (problem) throw new UsageError(problem);
      for (const svc of values.service ?? []) {
        const parsed = parseService(svc);
        if (!parsed.ok) throw new UsageError(`--service ${svc}: ${parsed.error}`);
      }
      const contractsFile =
        values.contracts === undefined
          ? undefined
          : {text: await readSitefileText(values.contracts, io), name: values.contracts};
      return await withConnection(values, io, async (connection) => {
        const site = await loadSiteWithBaselines(connection, {sections: ALL_SECTIONS});
        const data = siteReport(connection, site, {services: values.service, contracts: {file: contractsFile}});
        if (ext === '.md' || ext === '.markdown') {
          const svg = join(dirname(out), `${basename(out, extname(out))}.svg`);
          writeOutputFile(svg, mapSvg(data.map, {title: `Topology of ${data.site}`}) + '\n');
          writeOutputFile(out, reportMarkdown(data, basename(svg)));
          await write(io.stderr, `wrote ${sanitize(out)} and ${sanitize(svg)}\n`);
        } else if (out === '-') await write(io.stdout, reportHtml(data));
        else {
          writeOutputFile(out, reportHtml(data));
          await write(io.stderr, `wrote ${sanitize(out)}\n`);
        }
        return EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'report', error);
    }
  },
};

/** Writes one of the report's files; a disk that says no is the command's error, not a stack trace. */
function writeOutputFile(path: string, text: string): void {
  try {
    writeFile(path, text, '-o');
  } catch (error) {
    if (error instanceof OutputFileError) throw new CommandError(error.message);
    throw error;
  }
}
