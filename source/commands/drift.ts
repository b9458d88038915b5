// `vseg drift -f FILE`: does the live site still match the site file? The
// plan's comparison (removals included) as a short report with an exit code
// for CI. Changes nothing.
import {planJson, planSummary, renderPlanLines} from '../domain/plan/index.js';
import {parseSitefile} from '../domain/sitefile/index.js';
import {sanitize} from '../domain/text.js';
import {checkContracts, contractReportJson, reportLines, summaryText} from '../policy/contracts/index.js';
import {chooseContracts, contractOptions} from '../session/contracts.js';
import {planAgainstSite} from './apply-flow.js';
import {CommandError, parseSiteFlags, readSitefileText, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, outputFormat} from './flags.js';
import {renderJson, renderYaml, write} from './output.js';
import {FILE_OPTION, requireFile} from './plan.js';
import {EXIT, type Command} from './types.js';

export const driftCommand: Command = {
  name: 'drift',
  summary: 'check that the live site still matches a site file (exit 3 on drift), for CI',
  usage: `Usage: vseg drift -f FILE [--contracts FILE] [-o text|json|yaml] [connection]

Like plan, as a short report: every object that differs from the file,
including objects the site has and the file does not. It also reports the
contracts (the file's contracts: section, --contracts FILE, or the site's
saved ones) as the live rules hold them.

Exit codes: 0 the site matches the file and holds its contracts, 2 error, 3 the
site differs or violates a contract.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values} = parseSiteFlags(argv, {...FILE_OPTION, ...OUTPUT_OPTION, contracts: {type: 'string'}}, false);
      const format = outputFormat(values.output, ['text', 'json', 'yaml']);
      const file = requireFile(values.file);
      const doc = parseSitefile(await readSitefileText(file, io), file);
      const contractsFile =
        values.contracts === undefined
          ? undefined
          : {text: await readSitefileText(values.contracts, io), name: values.contracts};
      return await withConnection(values, io, async (connection) => {
        const {site, plan: planned} = await planAgainstSite(
          connection,
          {doc, source: file, prune: false},
          {verdicts: false},
        );
        // Drift counts everything that differs, removals included.
        const plan = {...planned, prune: true};
        const drifted = plan.entries.length > 0;
        // The contracts as the routers hold them now.
        const contracts = chooseContracts(connection, {file: contractsFile, sitefile: {doc, name: file}});
        const report = contracts ? checkContracts(site, contracts.spec, contractOptions(connection, 'applied')) : null;
        const violated = (report?.summary.fail ?? 0) > 0;
        if (format !== 'text') {
          const body = {
            drift: drifted,
            ...planJson(plan),
            ...(report && contracts ? {contracts: contractReportJson(report, contracts.source)} : {}),
          };
          await write(io.stdout, format === 'json' ? renderJson(body) : renderYaml(body));
        } else if (!drifted) {
          await write(io.stdout, `no drift: ${sanitize(connection.label)} matches ${sanitize(file)}\n`);
        } else {
          const heads = renderPlanLines(plan).filter((l) =>
            ['add', 'change', 'remove', 'reorder', 'error'].includes(l.kind),
          );
          const shown = heads.slice(0, 50).map((l) => `  ${l.text}`);
          if (heads.length > 50) shown.push(`  … and ${heads.length - 50} more (vseg plan -f ${file} shows all)`);
          await write(
            io.stdout,
            `drift: ${sanitize(connection.label)} differs from ${sanitize(file)}: ${planSummary(plan)}\n${shown.join('\n')}\n`,
          );
        }
        if (format === 'text' && report && contracts) {
          const lines = violated
            ? reportLines({...report, statements: report.statements.filter((st) => st.status !== 'pass')})
            : [];
          await write(
            io.stdout,
            [`contracts (${contracts.source}): ${summaryText(report)}`, ...lines].map(sanitize).join('\n') + '\n',
          );
        }
        if (plan.errors.length > 0)
          throw new CommandError(
            `${sanitize(file)} does not fit the site (${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'})`,
          );
        return drifted || violated ? EXIT.changes : EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'drift', error);
    }
  },
};
