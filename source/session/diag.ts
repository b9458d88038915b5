// Router diagnostics as the console and `vseg diag` both run them: find the
// network, run the query with the per-type time limit, read the answer, and
// put what it says into words — including what an `error` result or a time
// out means for the operator.
import {z} from 'zod';
import type {VergeClient} from '../api/client.js';
import {
  defaultTimeoutS,
  parseAnswer,
  probeOutcome,
  requestParams,
  runVnetQuery,
  type DiagParams,
  type DiagType,
  type ParsedAnswer,
  type QueryAnswer,
  type QueryProgress,
} from '../api/diag/index.js';
import {VergeError} from '../api/errors.js';

export interface DiagNetwork {
  key: number;
  name: string;
  running: boolean;
}

const netSchema = z.object({
  $key: z.number().or(z.string().regex(/^\d+$/).transform(Number)),
  name: z.union([z.string(), z.null()]).transform((v) => v ?? ''),
  running: z
    .union([z.boolean(), z.number(), z.null()])
    .optional()
    .transform((v) => v === true || v === 1),
});

/** The networks a diagnostic can run on (one request). */
export async function listDiagNetworks(client: VergeClient, signal?: AbortSignal): Promise<DiagNetwork[]> {
  const rows = await client.list(
    'vnets',
    netSchema,
    {fields: ['$key', 'name', 'machine#status#running as running']},
    {
      signal,
      operation: 'list the networks',
    },
  );
  return rows.map((r) => ({key: r.$key, name: r.name, running: r.running}));
}

export class DiagError extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'not-found' = 'usage',
  ) {
    super(message);
    this.name = 'DiagError';
  }
}

/** A network by name (or `#key`), with the names on offer when it is not there. */
export function pickNetwork(networks: readonly DiagNetwork[], name: string): DiagNetwork {
  const key = /^#(\d+)$/.exec(name.trim());
  const hit = key ? networks.find((n) => n.key === Number(key[1])) : networks.find((n) => n.name === name);
  if (hit) return hit;
  const names = networks.map((n) => n.name);
  throw new DiagError(
    `no network named "${name}"${names.length ? ` (networks: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''})` : ''}`,
    'not-found',
  );
}

export interface DiagRun {
  network: DiagNetwork;
  params: DiagParams;
  answer: QueryAnswer;
  parsed: ParsedAnswer;
  /** reached / failed per the probe itself; n/a for reports. */
  outcome: 'reached' | 'failed' | 'n/a';
  /** One or two lines saying what the answer means. */
  summary: string[];
}

export interface DiagOptions {
  timeoutS?: number;
  signal?: AbortSignal;
  onProgress?: (p: QueryProgress) => void;
  pollMs?: number;
}

export async function runDiag(
  client: VergeClient,
  network: DiagNetwork,
  params: DiagParams,
  options: DiagOptions = {},
): Promise<DiagRun> {
  const query: DiagType = params.query;
  const timeoutS = options.timeoutS ?? defaultTimeoutS(query);
  let answer: QueryAnswer;
  try {
    answer = await runVnetQuery(client, network.key, query, requestParams(params), {
      timeoutMs: timeoutS * 1000,
      signal: options.signal,
      onProgress: options.onProgress,
      pollMs: options.pollMs,
      operation: `run ${query} on the router of ${network.name}`,
    });
  } catch (error) {
    if (error instanceof VergeError && error.kind === 'timeout')
      throw new VergeError({
        kind: 'timeout',
        message: `${network.name}'s router did not finish ${query} within ${timeoutS} s. ${timeoutAdvice(query)}`,
        operation: error.operation,
        details: error.details,
      });
    throw error;
  }
  const parsed =
    answer.status === 'complete' ? parseAnswer(query, answer.result) : ({kind: 'text', value: null} as const);
  const outcome = answer.status === 'complete' ? probeOutcome(parsed) : 'n/a';
  return {network, params, answer, parsed, outcome, summary: summarize(network, params, answer, parsed)};
}

function timeoutAdvice(query: DiagType): string {
  if (query === 'tcpdump')
    return 'A capture ends after its packet count: lower --count or add a --filter, or allow more time (--timeout).';
  if (query === 'traceroute')
    return 'Unanswered hops each take seconds; allow more time (--timeout) or ping the hops instead.';
  return 'The query may still finish on the router (VergeOS keeps it for a while); allow more time with --timeout.';
}

/** What an `error` result means, in words an operator can act on. */
export function explainError(network: DiagNetwork, answer: QueryAnswer): string {
  const text = answer.result.trim();
  if (/not running|stopped|offline/i.test(text) || !network.running)
    return `${network.name}'s router is not running, so it cannot run ${answer.query}; start the network first. (${firstLine(text)})`;
  if (/syntax error|filter expression/i.test(text))
    return `the router's tcpdump refused the filter: ${firstLine(text)}`;
  if (/No such device/i.test(text)) return `the router has no such interface: ${firstLine(text)} (try "any")`;
  return `the router reported an error for ${answer.query}: ${firstLine(text) || '(no message)'}`;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? ''
  );
}

function target(params: DiagParams): string {
  if ('host' in params) return params.query === 'tcp_connect' ? `${params.host}:${params.port}` : params.host;
  if ('name' in params) return params.name;
  return '';
}

export function summarize(
  network: DiagNetwork,
  params: DiagParams,
  answer: QueryAnswer,
  parsed: ParsedAnswer,
): string[] {
  if (answer.status === 'error') return [explainError(network, answer)];
  const from = `from ${network.name}'s router`;
  switch (parsed.kind) {
    case 'ping': {
      const p = parsed.value;
      if (!p) return [`ping ${target(params)} ${from}: output not recognised (shown as is)`];
      if (p.unresolved) return [`ping ${from}: the router cannot resolve ${target(params)}`];
      const rtt = p.rttMs
        ? `, rtt avg ${p.rttMs.avg.toFixed(2)} ms (min ${p.rttMs.min.toFixed(2)}, max ${p.rttMs.max.toFixed(2)})`
        : '';
      const un = p.unreachable ? ` — ${p.unreachable.from} says "${p.unreachable.message}"` : '';
      return [
        `ping ${target(params)} ${from}: ${p.transmitted} sent, ${p.received} received, ${p.lossPct}% loss${rtt}${un}`,
      ];
    }
    case 'traceroute': {
      const t = parsed.value;
      if (!t) return [`traceroute ${from}: output not recognised (shown as is)`];
      const answered = t.hops.filter((h) => h.address !== null);
      const lastHop = answered[answered.length - 1];
      const mark = lastHop?.mark ? ` (${lastHop.mark})` : '';
      return [
        t.reached
          ? `traceroute ${from}: reached ${t.target} in ${t.hops.length} hop${t.hops.length === 1 ? '' : 's'}`
          : `traceroute ${from}: not reached; last answer from ${lastHop?.address ?? 'no hop'}${mark} at hop ${lastHop?.hop ?? 0}`,
      ];
    }
    case 'tcp_connect': {
      const words: Record<string, string> = {
        open: 'open (connection succeeded)',
        refused: 'refused (a reject rule, or nothing listens on the port)',
        timeout: 'timed out (dropped on the way, or the host is silent)',
        'no-route': 'no route to host (nothing answers at that address)',
        unreachable: 'network unreachable (no route from this router)',
        unresolved: 'name not resolved',
        unknown: 'output not recognised (shown as is)',
      };
      return [`tcp connect to ${target(params)} ${from}: ${words[parsed.value.state]}`];
    }
    case 'dns': {
      const d = parsed.value;
      if (d.answers.length) return [`dns ${target(params)} ${from}: ${d.answers.map((a) => a.address).join(', ')}`];
      return [
        `dns ${target(params)} ${from}: ${d.timeout ? 'no DNS server answered' : d.nxdomain ? 'no such name (NXDOMAIN)' : 'no answer'}`,
      ];
    }
    case 'tcpdump': {
      const c = parsed.value;
      const unanswered = unansweredSyns(c.packets);
      const n = c.captured ?? c.packets.length;
      return [
        `captured ${n} packet${n === 1 ? '' : 's'} on ${network.name}'s router${c.unread ? ` (${c.unread} lines not read)` : ''}`,
        ...(unanswered
          ? [`${unanswered} TCP connection attempt${unanswered === 1 ? '' : 's'} without an answer (SYN, no SYN-ACK)`]
          : []),
      ];
    }
    case 'arp': {
      const incomplete = parsed.value.filter((r) => r.mac === null).length;
      return [
        `${parsed.value.length} neighbour${parsed.value.length === 1 ? '' : 's'}${incomplete ? `, ${incomplete} not answering (incomplete)` : ''}`,
      ];
    }
    case 'firewall': {
      const rules = parsed.value.rules;
      const tied = rules.filter((r) => r.ruleKey !== null).length;
      return [
        `${rules.length} nftables rules in ${parsed.value.chains.length} chains; ${tied} carry a rule key in their comment ` +
          "(matching them to vseg's rules is a guess: VergeOS's naming is not public)",
      ];
    }
    case 'trace': {
      const n = parsed.value.length;
      return [
        n
          ? `${n} traced packet${n === 1 ? '' : 's'}`
          : 'no traced packets (trace is off for every rule of this network, or nothing matched them recently)',
      ];
    }
    default: {
      const lines = answer.result.split('\n').filter((l) => l.trim() !== '').length;
      return [`${answer.query} on ${network.name}'s router: ${lines} line${lines === 1 ? '' : 's'}`];
    }
  }
}

/** SYNs whose connection never got a SYN-ACK back in the capture. */
export function unansweredSyns(
  packets: readonly {proto: string; src: string; sport?: number; dst: string; dport?: number; flags?: string}[],
): number {
  const answered = new Set<string>();
  const syns = new Set<string>();
  for (const p of packets) {
    if (p.proto !== 'tcp') continue;
    if (p.flags === 'S') syns.add(`${p.src}:${p.sport}>${p.dst}:${p.dport}`);
    if (p.flags === 'S.') answered.add(`${p.dst}:${p.dport}>${p.src}:${p.sport}`);
  }
  let n = 0;
  for (const s of syns) if (!answered.has(s)) n++;
  return n;
}
