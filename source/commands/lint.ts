// `vseg lint`: what in the rules is risky, redundant or cannot work —
// shadowed and redundant rules, any-to-any accepts, references to aliases,
// networks or VMs that do not exist, empty or unused aliases, ports on a
// protocol without ports, changes not applied, east/west mirroring left on.
import {countBySeverity, lintExitCode, lintSteps, type Finding, type Severity} from '../policy/index.js';
import {drainSteps} from '../session/drain-steps.js';
import {checkContracts, contractFindings} from '../policy/contracts/index.js';
import {chooseContracts, contractOptions} from '../session/contracts.js';
import {ANALYSIS_SECTIONS, GOVERN_SECTIONS} from '../domain/model.js';
import {policyDefaults} from './analysis-flags.js';
import {parseSiteFlags, readSitefileText, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, outputFormat} from './flags.js';
import {UsageError} from '../session/io.js';
import {renderJson, renderYaml, TABLE_FORMATS, write, writeRows, type Column} from './output.js';
import {EXIT, type Command} from './types.js';
import {loadSiteWithBaselines} from '../session/site.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Findings at this severity or worse. */
export function atLeast(findings: readonly Finding[], severity: Severity): Finding[] {
  const rank = SEVERITIES.indexOf(severity);
  return findings.filter((f) => SEVERITIES.indexOf(f.severity) <= rank);
}

// Every column stays: the message and the rules shrink (truncated) before anything is dropped.
const COLUMNS: readonly Column<Finding>[] = [
  {header: 'SEVERITY', value: (f) => f.severity},
  {header: 'CODE', value: (f) => f.code},
  {header: 'NETWORK', value: (f) => f.network ?? (f.alias ? `alias ${f.alias.name}` : ''), minWidth: 8},
  {header: 'RULES', value: (f) => f.rules.map((r) => `#${r.position} ${r.name}`).join(', '), minWidth: 12},
  {header: 'MESSAGE', value: (f) => f.message, minWidth: 24},
];

export const lintCommand: Command = {
  name: 'lint',
  summary: 'find shadowed, redundant, risky or broken rules and aliases (exit 1 on errors)',
  usage: `Usage: vseg lint [--severity error|warning|info] [--applied] [--contracts FILE]
                 [-o table|wide|csv|json|yaml] [connection]

Checks the staged rules of every network (--applied: the live ones where
known): rules shadowed or made redundant by earlier rules, any-to-any
accepts, references to aliases, networks, VMs or NICs that do not exist,
empty or unused aliases, ports on a protocol without ports, staged changes
not applied, east/west port mirroring left on, the limits of the analysis,
and violated segmentation contracts (--contracts FILE, else the site's saved
ones; see vseg check).

      --severity LEVEL     list only findings at this level or worse
      --applied            check the rules live on the routers instead of the staged ones
      --contracts FILE     also check these contracts (a contract file or a site file)
  -o, --output FORMAT      table (default), json or yaml

Exit codes: 0 no error-level finding, 1 at least one error-level finding (whatever
--severity shows), 2 usage or connection error.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values} = parseSiteFlags(
        argv,
        {...OUTPUT_OPTION, severity: {type: 'string'}, applied: {type: 'boolean'}, contracts: {type: 'string'}},
        false,
      );
      const format = outputFormat(values.output, TABLE_FORMATS);
      const severity = (values.severity ?? 'info') as Severity;
      if (!SEVERITIES.includes(severity))
        throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')} (got "${values.severity}")`);
      const contractsFile =
        values.contracts === undefined
          ? undefined
          : {text: await readSitefileText(values.contracts, io), name: values.contracts};
      return await withConnection(values, io, async (connection) => {
        const contracts = chooseContracts(connection, {file: contractsFile});
        // Review dates (contracts' maxAge) live in the tags.
        const site = await loadSiteWithBaselines(connection, {
          sections: contracts ? GOVERN_SECTIONS : ANALYSIS_SECTIONS,
        });
        const ruleset = values.applied ? 'applied' : 'pending';
        // In slices: a signal is acted on at once, not after linting 100,000 rules. Nothing
        // but the contracts below asks for the compiled rules again: let them go as lint goes.
        const findings = await drainSteps(
          lintSteps(site, {ruleset, defaults: policyDefaults(connection), release: true}),
        );
        if (contracts) {
          const report = checkContracts(site, contracts.spec, contractOptions(connection, ruleset, {}, site));
          for (const f of contractFindings(report)) findings.push(f);
          findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
        }
        const shown = atLeast(findings, severity);
        const counts = countBySeverity(findings);
        if (format === 'json' || format === 'yaml') {
          const doc = {ruleset: values.applied ? 'applied' : 'pending', counts, findings: shown};
          await write(io.stdout, format === 'json' ? renderJson(doc) : renderYaml(doc));
        } else {
          if (shown.length > 0) await writeRows(io.stdout, shown, COLUMNS, io, format);
          const summary =
            `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ` +
            `${counts.info} info`;
          await write(
            shown.length > 0 ? io.stderr : io.stdout,
            shown.length > 0
              ? `${summary}\n`
              : `no findings${findings.length > 0 ? ` at ${severity} level or worse` : ''} (${summary})\n`,
          );
        }
        return lintExitCode(findings) === 1 ? EXIT.negative : EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'lint', error);
    }
  },
};
