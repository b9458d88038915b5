// `vseg get <kind>`: every list view of the console for scripts. Loads only
// the sections the view needs; -o table fits the terminal, json/yaml are the
// stable forms documented in docs/HEADLESS.md.
import {CONNECTION_HELP, OUTPUT_OPTION, outputFormat} from './flags.js';
import {UsageError} from '../session/io.js';
import {networkNamed, parseSiteFlags, reportError, withConnection} from './common.js';
import {GET_KINDS, GET_SECTIONS, NETWORK_FILTERED, buildView, type GetKind} from './get-views.js';
import {renderJson, renderRows, renderYaml, TABLE_FORMATS, write} from './output.js';
import {EXIT, type Command} from './types.js';
import {loadSiteWithBaselines} from '../session/site.js';

export const getCommand: Command = {
  name: 'get',
  summary: 'list networks, rules, aliases, VPNs, tenants, mirrors or VMs (table, json, yaml)',
  usage: `Usage: vseg get <${GET_KINDS.join('|')}> [--network NAME] [-o table|wide|csv|json|yaml] [connection]

Prints one view of the site: a table fitted to the terminal (whole values in a
file or a pipe, and with -o wide), csv, json or yaml. --network NAME limits rules, ipsec, wireguard,
mirrors, vms and networks to one network. JSON and YAML field names are stable
(docs/HEADLESS.md).

Exit codes: 0 success, 1 no such network, 2 usage or connection error.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(argv, {...OUTPUT_OPTION, network: {type: 'string'}});
      const format = outputFormat(values.output, TABLE_FORMATS);
      const kind = positionals[0];
      if (kind === undefined) throw new UsageError(`say what to list: ${GET_KINDS.join(', ')}`);
      if (!(GET_KINDS as readonly string[]).includes(kind))
        throw new UsageError(`unknown kind "${kind}" (one of ${GET_KINDS.join(', ')})`);
      if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
      const k = kind as GetKind;
      if (values.network !== undefined && !NETWORK_FILTERED.has(k))
        throw new UsageError(`--network does not apply to ${k}`);
      return await withConnection(values, io, async (connection) => {
        const sections =
          values.network !== undefined && !GET_SECTIONS[k].includes('networks')
            ? [...GET_SECTIONS[k], 'networks' as const]
            : GET_SECTIONS[k];
        const site = await loadSiteWithBaselines(connection, {sections: sections});
        const only = values.network !== undefined ? networkNamed(site, values.network) : undefined;
        const view = buildView(k, site, only);
        if (format === 'json') await write(io.stdout, renderJson(view.rows));
        else if (format === 'yaml') await write(io.stdout, renderYaml(view.rows));
        else if (view.rows.length === 0) await write(io.stderr, `no ${k}${only ? ` on ${only.name}` : ''}\n`);
        else await write(io.stdout, renderRows(view.rows, view.columns, io, format));
        return EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'get', error);
    }
  },
};
