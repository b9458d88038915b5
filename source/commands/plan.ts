// `vseg plan -f FILE`: what applying the file would change, field by field,
// and which flows change verdict. Changes nothing.
import {hasChanges, planJson, planToChangePlan, renderPlanText} from '../domain/plan/index.js';
import {parseSitefile} from '../domain/sitefile/index.js';
import {sanitize} from '../domain/text.js';
import {deltaJson, planContractLines} from '../policy/contracts/index.js';
import {planContracts} from '../session/contracts.js';
import {planAgainstSite} from './apply-flow.js';
import {CommandError, parseSiteFlags, readSitefileText, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, outputFormat} from './flags.js';
import {UsageError} from '../session/io.js';
import {renderJson, renderYaml, write} from './output.js';
import {EXIT, type Command} from './types.js';

export const FILE_OPTION = {file: {type: 'string', short: 'f'}} as const;

export function requireFile(value: string | undefined): string {
  if (value === undefined || value.trim() === '')
    throw new UsageError('-f FILE is required (a site file from vseg export; - reads stdin)');
  return value;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'show what applying a site file would change (exit 3 when there are changes)',
  usage: `Usage: vseg plan -f FILE [--prune] [--contracts FILE] [-o text|json|yaml] [--calls] [connection]

Compares the site file with the live site: objects added, changed (field by
field, old → new), removed (deleted only by apply --prune, always reported),
rules reordered, and the flows whose verdict changes (web → db tcp/3306:
deny → allow). --calls lists the exact API calls apply would send. The
contracts (the file's contracts: section, --contracts FILE, or the site's
saved ones) are checked on the site as it is and as the plan leaves it: the
plan names every contract it would break or fix.

Exit codes: 0 nothing to do, 2 error, 3 there are changes.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(
        argv,
        {
          ...FILE_OPTION,
          ...OUTPUT_OPTION,
          prune: {type: 'boolean'},
          calls: {type: 'boolean'},
          contracts: {type: 'string'},
        },
        false,
      );
      void positionals;
      const format = outputFormat(values.output, ['text', 'json', 'yaml']);
      const file = requireFile(values.file);
      const doc = parseSitefile(await readSitefileText(file, io), file);
      const contractsFile =
        values.contracts === undefined
          ? undefined
          : {text: await readSitefileText(values.contracts, io), name: values.contracts};
      return await withConnection(values, io, async (connection) => {
        const {site, plan} = await planAgainstSite(connection, {doc, source: file, prune: Boolean(values.prune)});
        const pc =
          plan.errors.length === 0
            ? planContracts(connection, site, plan.after, {file: contractsFile, sitefile: {doc, name: file}})
            : null;
        const json = () => ({
          ...planJson(plan),
          ...(pc ? {contracts: {source: pc.contracts.source, ...deltaJson(pc.delta)}} : {}),
        });
        if (format === 'json') await write(io.stdout, renderJson(json()));
        else if (format === 'yaml') await write(io.stdout, renderYaml(json()));
        else {
          // The listing shows secret fields masked, so it never needs their values.
          const calls =
            values.calls && plan.errors.length === 0
              ? planToChangePlan(plan, {secrets: {get: () => '(secret)', hint: () => ''}})
              : undefined;
          await write(io.stdout, renderPlanText(plan, {siteLabel: connection.label, calls}));
          const lines = pc ? planContractLines(pc.delta, pc.contracts.source) : [];
          if (lines.length > 0) await write(io.stdout, `${lines.map(sanitize).join('\n')}\n`);
        }
        if (plan.errors.length > 0)
          throw new CommandError(
            `${sanitize(file)} cannot be applied as it is (${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'})`,
          );
        return hasChanges(plan) ? EXIT.changes : EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'plan', error);
    }
  },
};
