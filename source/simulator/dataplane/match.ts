// The simulated router's own rule matcher: one packet, one router, one
// direction, first match wins. Written for the simulator alone and kept
// simple on purpose — it is the "real network" vseg's analysis is checked
// against, so it must not borrow that analysis (DESIGN.md §2).
//
// Semantics are VergeOS's documented ones (VERGEOS-API.md §3.3, DESIGN.md §5):
// enabled rules in order; `direction` relative to this router; protocol,
// addresses (IP, CIDR, range, lists, alias:<key>, router, vnetself,
// vnet:<name>, vmnic:<vm>.<nic>, default), ports (only for tcp/udp); route
// rules decide the path, translate rules rewrite and evaluation continues;
// when nothing matches, incoming is dropped and outgoing accepted.
import type {Row} from '../db/table.js';
import type {Sim} from '../sim.js';
import {inSpans, parseIp, parseSpan, type Span} from './ipv4.js';
import type {Packet} from './packet.js';
import {txt} from './text.js';

export type FilterAction = 'accept' | 'drop' | 'reject';

export interface Nat {
  rule: Row;
  field: 'source' | 'destination';
  from: Packet;
}

export interface Decision {
  action: FilterAction;
  /** The deciding rule, null for the router's default. */
  rule: Row | null;
  nat: Nat | null;
  /** The packet after translation. */
  packet: Packet;
}

const ANY: readonly Span[] = [[0, 0xffffffff]];

function aliasEntries(sim: Sim, key: string): string[] {
  const alias = /^\d+$/.test(key)
    ? sim.db.get('vnet_rule_aliases', Number(key))
    : sim.db
        .table('vnet_rule_aliases')
        .all()
        .find((a) => a.name === key);
  if (!alias) return [];
  return txt(alias.value)
    .split(',')
    .map((e) => e.split('|')[0].trim())
    .filter((e) => e !== '');
}

function networkCidr(sim: Sim, ref: string): Span[] {
  const v = /^\d+$/.test(ref)
    ? sim.db.get('vnets', Number(ref))
    : sim.db
        .table('vnets')
        .all()
        .find((n) => n.name === ref);
  const span = v ? parseSpan(txt(v.network)) : null;
  return span ? [span] : [];
}

function nicAddress(sim: Sim, ref: string): Span[] {
  const dot = ref.lastIndexOf('.');
  const vmName = dot > 0 ? ref.slice(0, dot) : ref;
  const nicName = dot > 0 ? ref.slice(dot + 1) : '';
  const vm = sim.db
    .table('vms')
    .all()
    .find((v) => v.name === vmName);
  if (!vm) return [];
  for (const nic of sim.db.table('machine_nics').where('machine', vm.machine)) {
    if (nicName && nic.name !== nicName) continue;
    const ip = parseIp(txt(nic.ipaddress));
    if (ip !== null) return [[ip, ip]];
  }
  return [];
}

/** The addresses an address field names, as seen from network `vnet`. */
export function addressSpans(sim: Sim, vnet: Row, field: string): readonly Span[] {
  const text = field.trim();
  if (text === '') return ANY;
  const out: Span[] = [];
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    if (token === 'default' || token === 'any') return ANY;
    if (token.startsWith('alias:')) {
      for (const e of aliasEntries(sim, token.slice(6))) {
        const s = parseSpan(e);
        if (s) out.push(s);
      }
      continue;
    }
    if (token === 'router') {
      const ip = parseIp(txt(vnet.ipaddress));
      if (ip !== null) out.push([ip, ip]);
      continue;
    }
    if (token === 'vnetself') {
      for (const f of ['ipaddress', 'dmz_ipaddress']) {
        const ip = parseIp(txt(vnet[f]));
        if (ip !== null) out.push([ip, ip]);
      }
      for (const a of sim.db.table('vnet_addresses').where('vnet', vnet.$key)) {
        const ip = a.type === 'ipalias' ? parseIp(txt(a.ip)) : null;
        if (ip !== null) out.push([ip, ip]);
      }
      continue;
    }
    if (token.startsWith('vnet:')) {
      out.push(...networkCidr(sim, token.slice(5)));
      continue;
    }
    if (token.startsWith('vmnic:')) {
      out.push(...nicAddress(sim, token.slice(6)));
      continue;
    }
    const s = parseSpan(token);
    if (s) out.push(s);
  }
  return out;
}

function portSpans(sim: Sim, field: string): Span[] | null {
  const text = field.trim();
  if (text === '') return null;
  const out: Span[] = [];
  const add = (t: string): void => {
    const m = /^(\d{1,5})(?:\s*[-:]\s*(\d{1,5}))?$/.exec(t.trim());
    if (m) out.push([Number(m[1]), Number(m[2] ?? m[1])]);
  };
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token.startsWith('alias:')) for (const e of aliasEntries(sim, token.slice(6))) add(e);
    else add(token);
  }
  return out;
}

function protocolMatches(rule: string, proto: number): boolean {
  switch (rule.trim().toLowerCase()) {
    case '':
    case 'any':
      return true;
    case 'tcp':
      return proto === 6;
    case 'udp':
      return proto === 17;
    case 'tcpudp':
      return proto === 6 || proto === 17;
    case 'icmp':
      return proto === 1;
    default:
      return /^\d+$/.test(rule.trim()) && Number(rule.trim()) === proto;
  }
}

function wireguardSources(sim: Sim, vnet: Row): Span[] {
  const out: Span[] = [];
  for (const wg of sim.db.table('vnet_wireguards').where('vnet', vnet.$key)) {
    if (wg.enabled === false) continue;
    const own = parseSpan(txt(wg.ip));
    if (own) out.push(own);
    for (const p of sim.db.table('vnet_wireguard_peers').where('wireguard', wg.$key)) {
      if (p.enabled === false) continue;
      for (const a of txt(p.allowed_ips).split(',')) {
        const s = parseSpan(a);
        if (s) out.push(s);
      }
    }
  }
  return out;
}

/** Whether every condition of the rule holds for the packet (direction and enabled included). */
export function ruleMatches(sim: Sim, vnet: Row, rule: Row, p: Packet, direction: string): boolean {
  if (rule.enabled === false || rule.direction !== direction) return false;
  const ct = txt(rule.ct_state).toLowerCase();
  if (ct !== '' && !ct.split(/[ ,]+/).includes('new')) return false;
  if (!protocolMatches(txt(rule.protocol, 'any'), p.proto)) return false;
  if (!inSpans(addressSpans(sim, vnet, txt(rule.source_ip)), p.src)) return false;
  if (!inSpans(addressSpans(sim, vnet, txt(rule.destination_ip)), p.dst)) return false;
  const sports = portSpans(sim, txt(rule.source_ports));
  const dports = portSpans(sim, txt(rule.destination_ports));
  if (sports || dports) {
    if (p.sport === null || p.dport === null) return false;
    if (sports && !inSpans(sports, p.sport)) return false;
    if (dports && !inSpans(dports, p.dport)) return false;
  }
  if (txt(rule.interface).toLowerCase() === 'wireguard' && !inSpans(wireguardSources(sim, vnet), p.src)) return false;
  return true;
}

function firstAddress(sim: Sim, vnet: Row, field: string): number | null {
  const spans = addressSpans(sim, vnet, field);
  return spans.length > 0 && field.trim() !== '' ? spans[0][0] : null;
}

function translate(sim: Sim, vnet: Row, rule: Row, p: Packet, direction: string): Packet {
  const ip = firstAddress(sim, vnet, txt(rule.target_ip));
  const ports = portSpans(sim, txt(rule.target_ports));
  const port = ports && ports.length > 0 ? ports[0][0] : null;
  if (direction === 'incoming')
    return {...p, dst: ip ?? p.dst, dport: port !== null && p.dport !== null ? port : p.dport};
  return {...p, src: ip ?? p.src, sport: port !== null && p.sport !== null ? port : p.sport};
}

/** One router's verdict on a packet travelling in `direction`, with its own rules (in order). */
export function decide(sim: Sim, vnet: Row, rules: readonly Row[], packet: Packet, direction: string): Decision {
  let p = packet;
  let nat: Nat | null = null;
  for (const rule of rules) {
    if (rule.action === 'route') continue;
    if (!ruleMatches(sim, vnet, rule, p, direction)) continue;
    if (rule.action === 'translate') {
      if (nat) continue;
      const next = translate(sim, vnet, rule, p, direction);
      nat = {rule, field: direction === 'incoming' ? 'destination' : 'source', from: p};
      p = next;
      continue;
    }
    return {action: rule.action as FilterAction, rule, nat, packet: p};
  }
  return {action: direction === 'incoming' ? 'drop' : 'accept', rule: null, nat, packet: p};
}

/** The first enabled outgoing route rule that matches: its target (next hop) and the rule. */
export function routeFor(sim: Sim, vnet: Row, rules: readonly Row[], p: Packet): Row | null {
  for (const rule of rules) {
    if (rule.action !== 'route') continue;
    if (ruleMatches(sim, vnet, rule, p, 'outgoing')) return rule;
  }
  return null;
}
