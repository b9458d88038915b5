// `vseg check`: are the segmentation contracts true of the site? Every
// statement is judged exactly over the sets it names; a violation comes with a
// witness packet, the rules that decided it, and the `vseg why` that explains it.
import {parseSitefile} from '../domain/sitefile/index.js';
import {sanitize} from '../domain/text.js';
import {checkContracts, contractReportJson, reportLines, summaryText} from '../policy/contracts/index.js';
import {chooseContracts, contractOptions, type ContractChoice} from '../session/contracts.js';
import {GOVERN_SECTIONS} from '../domain/model.js';
import {parseSiteFlags, readSitefileText, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, outputFormat} from './flags.js';
import {UsageError} from '../session/io.js';
import {renderJson, renderYaml, write} from './output.js';
import {EXIT, type Command} from './types.js';
import {loadSiteWithBaselines} from '../session/site.js';

export const CONTRACTS_OPTION = {contracts: {type: 'string'}} as const;

export const checkCommand: Command = {
  name: 'check',
  summary: 'check the segmentation contracts against the rules (exit 1 when one is violated)',
  usage: `Usage: vseg check [-f SITEFILE | --contracts FILE] [--applied] [--verbose] [-o text|json|yaml] [connection]

Judges every contract statement exactly, over the whole sets it names (not
samples): "allow only" (nothing else passes), "never" (nothing passes),
"must reach" (everything on those services passes), and the properties
logged, described, maxAge and notUnusedFor of the rules that decide. Each
violation shows a witness packet, the rules that decided it, and the vseg why
command that explains it.

Contracts come from --contracts FILE (a contract file, or a site file with a
contracts: section), else from -f SITEFILE's contracts: section, else from the
site's saved contract file (the demo has the article's contracts built in).
See docs/SITEFILE.md for the grammar.

      --contracts FILE     a contract file (kind: Contracts) or a site file
  -f, --file FILE          a site file; its contracts: section is checked
      --applied            judge the rules live on the routers (default: the staged ones)
      --verbose            show notes for statements that hold too
  -o, --output FORMAT      text (default), json or yaml

Exit codes: 0 every statement holds, 1 at least one is violated, 2 usage or
connection error, or a statement that cannot be checked (a zone naming
nothing, too little hit history for notUnusedFor).

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values} = parseSiteFlags(
        argv,
        {
          ...OUTPUT_OPTION,
          ...CONTRACTS_OPTION,
          file: {type: 'string', short: 'f'},
          applied: {type: 'boolean'},
          verbose: {type: 'boolean'},
        },
        false,
      );
      const format = outputFormat(values.output, ['text', 'json', 'yaml']);
      if (values.contracts !== undefined && values.file !== undefined)
        throw new UsageError('give --contracts FILE or -f SITEFILE, not both');
      const choice: ContractChoice = {};
      if (values.contracts !== undefined)
        choice.file = {text: await readSitefileText(values.contracts, io), name: values.contracts};
      if (values.file !== undefined) {
        const doc = parseSitefile(await readSitefileText(values.file, io), values.file);
        if (!doc.contracts || doc.contracts.statements.length === 0)
          throw new UsageError(`${values.file} states no contracts (add a contracts: section, see docs/SITEFILE.md)`);
        choice.sitefile = {doc, name: values.file};
      }
      const ruleset = values.applied ? 'applied' : 'pending';
      return await withConnection(values, io, async (connection) => {
        const contracts = chooseContracts(connection, choice);
        if (!contracts)
          throw new UsageError(
            `no contracts for ${connection.label}: pass --contracts FILE or -f SITEFILE (see docs/SITEFILE.md)`,
          );
        const site = await loadSiteWithBaselines(connection, {sections: GOVERN_SECTIONS});
        const report = checkContracts(site, contracts.spec, contractOptions(connection, ruleset, {}, site));
        if (format === 'json' || format === 'yaml') {
          const doc = contractReportJson(report, contracts.source);
          await write(io.stdout, format === 'json' ? renderJson(doc) : renderYaml(doc));
        } else {
          await write(io.stdout, `Contracts from ${sanitize(contracts.source)}\n`);
          await write(
            io.stdout,
            reportLines(report, {verbose: Boolean(values.verbose)})
              .map(sanitize)
              .join('\n') + '\n',
          );
          await write(io.stderr, `${sanitize(summaryText(report))}\n`);
        }
        if (report.summary.fail > 0) return EXIT.negative;
        return report.summary.unknown > 0 ? EXIT.usage : EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'check', error);
    }
  },
};
