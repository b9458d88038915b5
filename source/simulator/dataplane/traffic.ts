// The simulated workloads: which conversations the VMs keep up, so captures,
// packet traces and logs have something real to show. Flows come from the
// live rules (a service a router lets in is a service someone uses), from
// each VM's DNS lookups, and from what a seed declares on top (the demo's
// misconfigured app). Every conversation is walked through the routers by
// the simulator's own matcher, so what the capture shows is what the rules do.
import {unitHash} from '../rng.js';
import type {Sim} from '../sim.js';
import {formatIp, inSpans, parseIp} from './ipv4.js';
import {addressSpans} from './match.js';
import {PROTO, type Flow, type Packet} from './packet.js';
import {dataplane} from './state.js';
import {walk, type Walk} from './forward.js';
import {routerRules, routerRunning} from './topology.js';
import {machineStatus} from '../semantics/machines.js';
import {txt} from './text.js';

/** One connection attempt of a flow (or a probe) at a moment. */
export interface Conversation {
  at: number;
  packet: Packet;
  label: string;
  walk: Walk;
  /** Sent by a router's diagnostic query rather than a workload. */
  probe: boolean;
}

const MAX_FLOWS = 400;
/** A client somewhere on the Internet that uses published services. */
const INTERNET_CLIENT = parseIp('198.51.100.77') as number;

interface Endpoint {
  ip: number;
  vnet: number;
}

function runningNics(sim: Sim): Endpoint[] {
  const out: Endpoint[] = [];
  for (const nic of sim.db.table('machine_nics').all()) {
    if (nic.enabled === false || typeof nic.vnet !== 'number') continue;
    const ip = parseIp(txt(nic.ipaddress));
    if (ip === null || machineStatus(sim, nic.machine as number) !== 'running') continue;
    out.push({ip, vnet: nic.vnet});
  }
  return out;
}

/** Up to three ports a rule's port field names (the first of each range). */
function portsOf(sim: Sim, field: string): number[] {
  const out: number[] = [];
  for (const raw of field.split(',')) {
    const t = raw.trim();
    const text = t.startsWith('alias:') ? txt(sim.db.get('vnet_rule_aliases', Number(t.slice(6)))?.value) : t;
    for (const m of text.matchAll(/(?:^|,)\s*(\d{1,5})/g)) if (out.length < 3) out.push(Number(m[1]));
  }
  return out;
}

function ephemeral(label: string, n: number): number {
  return 32768 + Math.floor(unitHash(`${label}#${n}`) * 28000);
}

/** The flows of the site as it is now, declared ones first. */
export function flows(sim: Sim): Flow[] {
  const out: Flow[] = [...dataplane(sim).flows];
  const nics = runningNics(sim);
  for (const n of nics) {
    const vnet = sim.db.get('vnets', n.vnet);
    const dns = parseIp(txt(vnet?.dnslist).split(',')[0] ?? '');
    if (dns === null) continue;
    out.push({
      packet: {proto: PROTO.udp, src: n.ip, dst: dns, sport: 0, dport: 53},
      pps: 0.1,
      label: `dns ${formatIp(n.ip)}`,
    });
  }
  for (const vnet of sim.db.table('vnets').all()) {
    if (!routerRunning(sim, vnet)) continue;
    for (const rule of routerRules(sim, vnet.$key)) {
      if (rule.enabled === false || rule.action !== 'accept' || rule.direction !== 'incoming') continue;
      const proto =
        rule.protocol === 'udp' ? PROTO.udp : rule.protocol === 'tcp' || rule.protocol === 'tcpudp' ? PROTO.tcp : null;
      const ports = portsOf(sim, txt(rule.destination_ports));
      if (proto === null || ports.length === 0) continue;
      const srcSpans = addressSpans(sim, vnet, txt(rule.source_ip));
      const dstSpans = addressSpans(sim, vnet, txt(rule.destination_ip));
      const dsts = nics.filter((n) => n.vnet === vnet.$key && inSpans(dstSpans, n.ip));
      const srcs =
        txt(rule.source_ip).trim() === ''
          ? [{ip: INTERNET_CLIENT, vnet: -1}]
          : nics.filter((n) => n.vnet !== vnet.$key && inSpans(srcSpans, n.ip));
      for (const d of dsts)
        for (const s of srcs)
          for (const port of ports) {
            const label = `${formatIp(s.ip)}>${formatIp(d.ip)}:${port}`;
            out.push({
              packet: {proto, src: s.ip, dst: d.ip, sport: 0, dport: port},
              pps: 0.05 + unitHash(label) * 0.6,
              label,
            });
          }
    }
    if (out.length > MAX_FLOWS) break;
  }
  return out.slice(0, MAX_FLOWS);
}

/** Conversations (workload flows and router probes) started between two moments (ms), oldest first. */
export function conversations(sim: Sim, fromMs: number, toMs: number): Conversation[] {
  const out: Conversation[] = [];
  const walks = new Map<string, Walk>();
  for (const f of flows(sim)) {
    const period = 1000 / f.pps;
    const phase = unitHash(`${f.label}:phase`) * period;
    let k = Math.ceil((fromMs - phase) / period);
    for (let at = phase + k * period; at < toMs; at = phase + ++k * period) {
      const packet: Packet = {...f.packet, sport: f.packet.sport === 0 ? ephemeral(f.label, k) : f.packet.sport};
      const key = `${f.label}`;
      let w = walks.get(key);
      if (!w) walks.set(key, (w = walk(sim, packet)));
      out.push({at, packet, label: f.label, walk: {...w, packet: {...w.packet, sport: packet.sport}}, probe: false});
    }
  }
  for (const e of dataplane(sim).probes) {
    if (e.at < fromMs || e.at >= toMs) continue;
    const origin = sim.db.get('vnets', e.vnet);
    out.push({at: e.at, packet: e.packet, label: 'probe', walk: walk(sim, e.packet, origin), probe: true});
  }
  return out.sort((a, b) => a.at - b.at);
}
