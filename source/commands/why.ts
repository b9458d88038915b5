// `vseg why`: would traffic from one endpoint reach another, and which rule
// (or default) decides, under the live and the staged rules. Everything that
// can be checked without the site (endpoints given, protocol, port) is
// checked before connecting.
import {why} from '../policy/index.js';
import {ANALYSIS_SECTIONS} from '../domain/model.js';
import {SERVICE_HELP, SERVICE_OPTIONS, policyDefaults, serviceFlags} from './analysis-flags.js';
import {CommandError, parseSiteFlags, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, outputFormat} from './flags.js';
import {UsageError} from '../session/io.js';
import {renderJson, renderYaml, write} from './output.js';
import {EXIT, type Command} from './types.js';
import {sanitize} from '../domain/text.js';
import {verifyContext, verifyWhy} from '../session/verify.js';
import {primaryVerdict, verifyText, whyDocument, whyText} from './why-format.js';
import {loadSiteWithBaselines} from '../session/site.js';

export const whyCommand: Command = {
  name: 'why',
  summary: 'explain whether traffic between two endpoints passes, and which rule decides',
  usage: `Usage: vseg why --from A --to B [--proto P] [--port N] [--pending] [--verify [--no-trace]]
                [-o table|json|yaml] [connection]
       vseg why A B [SERVICE] [--verify]

Judges the first packet of a connection from A to B through every router on
the way (A's outgoing rules, the route, B's incoming rules): the verdict, the
deciding rule or default per hop, the rules skipped above it and why, alias
entries that matched, routes and NAT. The live (applied) rules answer first;
the staged rules' answer follows when Apply Rules would change it.

Endpoints: a VM (web-01, or one NIC as web-01.eth0), an IP, CIDR or range, a
network, an alias, or "outside". Prefixes vm: net: ip: alias: pick one when a
name is ambiguous (vm:#<key> for VMs with the same name).

      --from A             where the traffic starts
      --to B               where it goes
${SERVICE_HELP}
      --pending            answer with the staged rules (as after Apply Rules)
      --verify             then ask the routers: a probe (tcp connect or ping) from the
                           source network's router towards the destination — it stands in
                           for the VM, starting at the router — and, when the probe cannot
                           stand in, a packet trace of just the deciding rules (trace is
                           turned on, applied, read and turned off again; an interrupted
                           run is put right when vseg next connects to the site)
      --no-trace           with --verify: never change a flag (probe only)
      --timeout S          per-request timeout; with --verify also the wait per router query
  -o, --output FORMAT      table (a readable trace, default), json or yaml

JSON: {verdict, reason, hops: [{network, direction, action, rule: {key, name,
position} | null, default}], pending?: {…}} plus extensions (docs/HEADLESS.md).
"partial" means some of the addresses or ports asked about pass and some do not.

JSON with --verify gains verify: {predicted, observed: allow|deny|unknown, agrees,
probe: {network, source, query, host, port?, said, predicted, observed,
representative, note, command, key}, trace?: [{network, rules, events,
flowEvents, verdicts, lines}], causes: [{cause, detail, guess?}], flags?, notes}.

Exit codes: 0 allowed, 1 denied or partly denied, 2 usage or connection error,
4 (--verify) the routers do not do what the rules say.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(argv, {
        ...OUTPUT_OPTION,
        ...SERVICE_OPTIONS,
        from: {type: 'string'},
        to: {type: 'string'},
        pending: {type: 'boolean'},
        verify: {type: 'boolean'},
        'no-trace': {type: 'boolean'},
      });
      const format = outputFormat(values.output);
      if (positionals.length > 3) throw new UsageError(`unexpected argument "${positionals[3]}"`);
      if (positionals.length > 0 && (values.from !== undefined || values.to !== undefined)) {
        throw new UsageError('give the endpoints either as --from/--to or as two arguments, not both');
      }
      const from = values.from ?? positionals[0];
      const to = values.to ?? positionals[1];
      if (from === undefined || from.trim() === '')
        throw new UsageError('--from is required (a VM, IP, CIDR, network, alias or "outside")');
      if (to === undefined || to.trim() === '')
        throw new UsageError('--to is required (a VM, IP, CIDR, network, alias or "outside")');
      if (
        positionals[2] !== undefined &&
        values.service === undefined &&
        values.proto === undefined &&
        values.port === undefined
      )
        values.service = positionals[2];
      else if (positionals[2] !== undefined)
        throw new UsageError('give the service either as an argument or with --service/--proto/--port');
      const {text: service} = serviceFlags(values);
      const pending = Boolean(values.pending);
      const verify = Boolean(values.verify);
      if (verify && pending)
        throw new UsageError('--verify compares with what the routers run now: leave out --pending');
      if (values['no-trace'] && !verify) throw new UsageError('--no-trace goes with --verify');

      return await withConnection(values, io, async (connection) => {
        // --verify also reads the tenants: a layer-2 pass-through explains a disagreement
        const site = await loadSiteWithBaselines(connection, {
          sections: ANALYSIS_SECTIONS,
        });
        const defaults = policyDefaults(connection);
        const result = why(site, {from, to, service}, {defaults});
        // An endpoint that names nothing, or several things, is the caller's to fix.
        if (!result.ok) throw new CommandError(result.error, EXIT.usage);
        const r = result.value;
        const progress = verify && (io.stderr as NodeJS.WriteStream).isTTY === true;
        const checked = verify
          ? await verifyWhy(verifyContext(connection), site, r, {
              trace: values['no-trace'] ? 'off' : 'auto',
              defaults,
              timeoutS: values.timeout === undefined ? undefined : Number(values.timeout),
              onStep: progress ? (s) => io.stderr.write(`\r\x1b[2Kverify: ${sanitize(s)} …`) : undefined,
            }).finally(() => {
              if (progress) io.stderr.write('\r\x1b[2K');
            })
          : undefined;
        const doc = checked ? {...whyDocument(r, pending), verify: checked} : whyDocument(r, pending);
        if (format === 'json') await write(io.stdout, renderJson(doc));
        else if (format === 'yaml') await write(io.stdout, renderYaml(doc));
        else
          await write(
            io.stdout,
            whyText(site, r, {pending, defaults, width: io.columns}) + (checked ? verifyText(checked) : ''),
          );
        if (checked && !checked.agrees) return EXIT.disagree;
        return primaryVerdict(r, pending) === 'allow' ? EXIT.ok : EXIT.negative;
      });
    } catch (error) {
      return reportError(io, 'why', error);
    }
  },
};
