// The monitor wizard's capture: tcpdump on a network's router (or on its
// mirror network, which carries the same traffic without loading the
// router), then the conversations it saw grouped into flows — who talks to
// whom on what, how much, whether the other side answered — each judged by
// vseg's rules, so the flows no rule allows and the rules that let traffic
// through can be acted on.
import type {VergeClient} from '../api/client.js';
import type {CapturedPacket} from '../api/diag/index.js';
import {parseIpv4} from '../domain/ip.js';
import type {Network, Site} from '../domain/model.js';
import {why, type PolicyDefaults, type Verdict} from '../policy/index.js';
import {runDiag, type DiagRun} from './diag.js';

export interface CapturedFlow {
  src: string;
  dst: string;
  protocol: 'tcp' | 'udp' | 'icmp';
  /** Destination port (tcp/udp). */
  port: number | null;
  packets: number;
  /** The other side answered (SYN-ACK, a UDP or ICMP reply) at least once. */
  answered: boolean;
  /** What the rules say about it, when vseg can judge it. */
  verdict: Verdict | null;
  /** The rule that decides on the network captured on, if any (null: its default). */
  rule: {key: number; name: string; network: string} | null;
  /** It enters the network captured on (an incoming accept rule there would let it in). */
  entersHere: boolean;
  reason: string;
}

export interface CaptureResult {
  run: DiagRun;
  /** Where it was taken: the network's router or its mirror network. */
  on: string;
  flows: CapturedFlow[];
}

/** Initiating packets: a SYN, a UDP packet to the lower port, an echo request. */
function initiating(p: CapturedPacket): boolean {
  if (p.proto === 'tcp') return p.flags === 'S';
  if (p.proto === 'udp') return (p.dport ?? 0) <= (p.sport ?? 0);
  if (p.proto === 'icmp') return /request/.test(p.raw);
  return false;
}

/** Groups a capture into flows (initiator → responder on a port), most packets first. */
export function flowsOf(
  packets: readonly CapturedPacket[],
): Omit<CapturedFlow, 'verdict' | 'rule' | 'reason' | 'entersHere'>[] {
  const flows = new Map<string, Omit<CapturedFlow, 'verdict' | 'rule' | 'reason' | 'entersHere'>>();
  const replies = new Set<string>();
  for (const p of packets) {
    if (p.proto === 'other') continue;
    // a packet back from the responder: SYN-ACK, or anything from the service port
    if (!initiating(p)) replies.add(`${p.proto}|${p.dst}|${p.src}|${p.sport ?? ''}`);
  }
  for (const p of packets) {
    // -i any shows a forwarded packet twice (in, then out): count it once
    if (p.proto === 'other' || !initiating(p) || p.dir === 'Out') continue;
    const port = p.proto === 'icmp' ? null : (p.dport ?? null);
    const id = `${p.proto}|${p.src}|${p.dst}|${port ?? ''}`;
    const f = flows.get(id) ?? {src: p.src, dst: p.dst, protocol: p.proto, port, packets: 0, answered: false};
    f.packets++;
    f.answered ||= replies.has(id);
    flows.set(id, f);
  }
  return [...flows.values()].sort(
    (a, b) => b.packets - a.packets || a.src.localeCompare(b.src) || a.dst.localeCompare(b.dst),
  );
}

/** vseg's judgement of each flow (applied rules) and the rule deciding on `network`. */
export function judgeFlows(
  site: Site,
  network: Network,
  flows: ReturnType<typeof flowsOf>,
  defaults?: PolicyDefaults,
): CapturedFlow[] {
  return flows.map((f) => {
    const service = f.protocol === 'icmp' ? 'icmp' : `${f.protocol}/${f.port}`;
    const none = {verdict: null, rule: null, entersHere: false};
    if (parseIpv4(f.src) === null || parseIpv4(f.dst) === null)
      return {...f, ...none, reason: 'not an IPv4 flow vseg can judge'};
    const r = why(site, {from: `ip:${f.src}`, to: `ip:${f.dst}`, service}, {defaults});
    if (!r.ok) return {...f, ...none, reason: r.error};
    const hop = r.value.hops.find((h) => h.networkKey === network.key) ?? r.value.hops.at(-1);
    const path = [...r.value.hops, ...r.value.unreachedHops];
    return {
      ...f,
      verdict: r.value.verdict,
      rule: hop?.rule ? {key: hop.rule.key, name: hop.rule.name, network: hop.network} : null,
      entersHere: path.some((h) => h.networkKey === network.key && h.direction === 'incoming'),
      reason: r.value.reason,
    };
  });
}

/** The mirror network that carries `n`'s traffic, when it runs. */
export function mirrorOf(site: Site, n: Network): Network | undefined {
  const m = site.networks.find((x) => x.key === n.portMirroringVnet);
  return m && m.running ? m : undefined;
}

export async function captureFlows(
  client: VergeClient,
  site: Site,
  network: Network,
  options: {count?: number; filter?: string; signal?: AbortSignal; defaults?: PolicyDefaults; pollMs?: number} = {},
): Promise<CaptureResult> {
  const on = mirrorOf(site, network) ?? network;
  const run = await runDiag(
    client,
    {key: on.key, name: on.name, running: on.running},
    {query: 'tcpdump', count: options.count ?? 200, ...(options.filter ? {filter: options.filter} : {})},
    {signal: options.signal, pollMs: options.pollMs},
  );
  const packets = run.parsed.kind === 'tcpdump' ? run.parsed.value.packets : [];
  return {run, on: on.name, flows: judgeFlows(site, network, flowsOf(packets), options.defaults)};
}
