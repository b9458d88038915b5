// `vseg diag <network> <query> …`: ask a network's router directly (ping,
// traceroute, DNS, TCP connect, tcpdump, ARP, its nftables ruleset, packet
// traces, logs, WireGuard and IPsec state). Parameters are checked before
// anything is sent; the answer is the tool's own text, with a one-line
// reading on top.
import {DIAG_TYPES, checkDiagParams, type DiagType} from '../api/diag/index.js';
import {sanitize} from '../domain/text.js';
import {DiagError, listDiagNetworks, pickNetwork, runDiag} from '../session/diag.js';
import {CommandError, parseSiteFlags, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, intFlag, outputFormat} from './flags.js';
import {UsageError} from '../session/io.js';
import {renderJson, write} from './output.js';
import {EXIT, type Command} from './types.js';

const NAMES: Record<string, DiagType> = Object.fromEntries(DIAG_TYPES.map((t) => [t.replace('_', '-'), t]));

export const diagCommand: Command = {
  name: 'diag',
  summary: "ask a network's router: ping, traceroute, dns, tcp-connect, tcpdump, its live ruleset …",
  usage: `Usage: vseg diag NETWORK QUERY [ARGS] [--timeout S] [-o text|json] [connection]

Runs a diagnostic inside NETWORK's router (VergeOS vnet_queries) and prints
the tool's own output, with a one-line reading on top ("# …").

  ping HOST [--count N]          ICMP echo from the router (count 1-20, default 4)
  traceroute HOST                the path from the router
  dns NAME                       resolve NAME with the router's resolver
  tcp-connect HOST PORT          can the router open a TCP connection to HOST:PORT
  tcpdump [FILTER] [-i IF] [--count N] [--filter F]
                                 capture packets on the router (BPF filter: host, net,
                                 port, portrange, tcp/udp/icmp, and/or/not, parentheses)
  arp                            the router's neighbour table
  firewall                       the nftables ruleset the router runs now
  trace                          nftables packet trace (only rules with trace on)
  logs                           the router's log (rules with log on write to it)
  wireguard | ipsec              live VPN state

      --timeout S          how long to wait for the answer, 1-600 (default 30; traceroute 60,
                           tcpdump 120); each request keeps the usual request timeout
  -o, --output FORMAT      text (default) or json

Hosts, ports, counts, interfaces and filters are checked before any request.
A router-originated probe starts at the router, not at a VM on the network:
rules that match on a VM's own address judge it differently.

Exit codes: 0 the query completed, 1 the probe says unreachable, refused,
lost or no such name, 2 usage, connection or query errors (an "error" result,
a time out).

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(argv, {
        output: {type: 'string', short: 'o'},
        count: {type: 'string', short: 'c'},
        interface: {type: 'string', short: 'i'},
        filter: {type: 'string', short: 'f'},
      });
      const format = outputFormat(values.output, ['text', 'json']);
      const timeoutS = intFlag('timeout', values.timeout, 1, 600);
      const [networkName, typeName, ...args] = positionals;
      if (!networkName) throw new UsageError('give a network, e.g. vseg diag web ping 10.10.2.21');
      if (!typeName) throw new UsageError(`give a query after the network: ${Object.keys(NAMES).join(', ')}`);
      const query = NAMES[typeName];
      if (!query) throw new UsageError(`unknown query "${typeName}" (expected ${Object.keys(NAMES).join(', ')})`);
      const raw: Record<string, string | undefined> = {count: values.count, interface: values.interface};
      const want = (n: number, what: string): void => {
        if (args.length < n) throw new UsageError(`${typeName} needs ${what}`);
        if (args.length > n && query !== 'tcpdump') throw new UsageError(`unexpected argument "${args[n]}"`);
      };
      if (query === 'ping' || query === 'traceroute') {
        want(1, 'a host');
        raw.host = args[0];
      } else if (query === 'dns') {
        want(1, 'a name');
        raw.name = args[0];
      } else if (query === 'tcp_connect') {
        const hp = args.length === 1 ? /^(.+):(\d+)$/.exec(args[0]) : null;
        if (hp) [raw.host, raw.port] = [hp[1], hp[2]];
        else {
          want(2, 'a host and a port (HOST PORT)');
          [raw.host, raw.port] = args;
        }
      } else if (query === 'tcpdump') {
        if (args.length && values.filter !== undefined)
          throw new UsageError('give the filter either as arguments or with --filter');
        raw.filter = values.filter ?? args.join(' ');
      } else if (args.length) throw new UsageError(`${typeName} takes no arguments (got "${args[0]}")`);
      if (values.count !== undefined && query !== 'ping' && query !== 'tcpdump')
        throw new UsageError('--count is for ping and tcpdump');
      const checked = checkDiagParams(query, raw);
      if (!checked.ok) throw new UsageError(checked.error);
      // --timeout is the wait for the router's answer here; requests keep the default per-request timeout
      const connectionValues = {...values, timeout: undefined};
      const progress = (io.stderr as NodeJS.WriteStream).isTTY === true;

      return await withConnection(connectionValues, io, async (connection) => {
        let network;
        try {
          network = pickNetwork(await listDiagNetworks(connection.client), networkName);
        } catch (e) {
          if (e instanceof DiagError) throw new CommandError(e.message, EXIT.usage);
          throw e;
        }
        const run = await runDiag(connection.client, network, checked.value, {
          timeoutS,
          onProgress: progress
            ? (p) => {
                const s = (ms: number): string => `${Math.round(ms / 1000)} s`;
                io.stderr.write(
                  `\r\x1b[2Kwaiting for ${sanitize(network.name)}'s router: ${typeName} … ${s(p.elapsedMs)} of ${s(p.timeoutMs)}`,
                );
              }
            : undefined,
        }).finally(() => {
          if (progress) io.stderr.write('\r\x1b[2K');
        });
        if (format === 'json') {
          await write(
            io.stdout,
            renderJson({
              network: {key: network.key, name: network.name},
              query,
              params: checked.value,
              status: run.answer.status,
              outcome: run.outcome,
              summary: run.summary,
              command: run.answer.command,
              key: run.answer.key,
              elapsedMs: run.answer.elapsedMs,
              parsed: run.parsed.value,
              result: run.answer.result,
            }),
          );
        } else {
          const head = run.summary.map((l) => `# ${sanitize(l)}`).join('\n');
          const body = run.answer.result
            .split('\n')
            .map((l) => sanitize(l.replace(/\t/g, '    ')))
            .join('\n');
          await write(io.stdout, `${head}\n${body}${body.endsWith('\n') ? '' : '\n'}`);
        }
        if (run.answer.status === 'error') {
          await write(io.stderr, `vseg diag: ${sanitize(run.summary[0])}\n`);
          return EXIT.usage;
        }
        return run.outcome === 'failed' ? EXIT.negative : EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'diag', error);
    }
  },
};
