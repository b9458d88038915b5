// Protocol numbers and the "service" a question or matrix is about
// (tcp/443, udp/53, icmp, any). Ports exist only for tcp and udp.
import {IntervalSet, formatIpv4, type Parsed} from '../domain/ip.js';
import {ALL_PORTS, parsePortSpec} from '../domain/ports.js';
import type {Packet, PacketText} from './types.js';

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_MAX = 255;
export const ALL_PROTOCOLS = IntervalSet.range(0, PROTO_MAX);
export const PORT_PROTOCOLS = IntervalSet.from([
  [PROTO_TCP, PROTO_TCP],
  [PROTO_UDP, PROTO_UDP],
]);

const NAMES: Record<number, string> = {
  1: 'icmp',
  2: 'igmp',
  6: 'tcp',
  17: 'udp',
  47: 'gre',
  50: 'esp',
  51: 'ah',
  89: 'ospf',
};

export function protocolName(n: number): string {
  return NAMES[n] ?? `proto-${n}`;
}

export function hasPorts(proto: number): boolean {
  return proto === PROTO_TCP || proto === PROTO_UDP;
}

/** One shared set per protocol number: every compiled rule keeps its protocol set. */
const POINTS: IntervalSet[] = [];
function protocolPoint(n: number): IntervalSet {
  return (POINTS[n] ??= IntervalSet.point(n));
}

/**
 * The protocol numbers a rule's `protocol` field matches, or null when vseg
 * does not know the value (the rule then never matches and lint says so).
 */
export function ruleProtocolSet(protocol: string): IntervalSet | null {
  const p = protocol.trim().toLowerCase();
  switch (p) {
    case '':
    case 'any':
      return ALL_PROTOCOLS;
    case 'tcp':
      return protocolPoint(PROTO_TCP);
    case 'udp':
      return protocolPoint(PROTO_UDP);
    case 'tcpudp':
      return PORT_PROTOCOLS;
    case 'icmp':
      return protocolPoint(PROTO_ICMP);
    default:
      if (/^\d{1,3}$/.test(p) && Number(p) <= PROTO_MAX) return protocolPoint(Number(p));
      return null;
  }
}

/** What a what-if, matrix cell or plan line is about. */
export interface Service {
  /** `tcpudp` means both; a number is an IP protocol number. */
  protocol: 'tcp' | 'udp' | 'tcpudp' | 'icmp' | 'any' | number;
  /** Destination port(s), tcp/udp only; absent = every port. */
  ports?: [number, number];
}

export const ANY_SERVICE: Service = {protocol: 'any'};

export function serviceProtocols(s: Service): IntervalSet {
  if (typeof s.protocol === 'number') return IntervalSet.point(s.protocol);
  return ruleProtocolSet(s.protocol)!;
}

export function servicePorts(s: Service): IntervalSet {
  return s.ports ? IntervalSet.range(s.ports[0], s.ports[1]) : ALL_PORTS;
}

export function formatService(s: Service): string {
  const proto = typeof s.protocol === 'number' ? protocolName(s.protocol) : s.protocol;
  if (!s.ports) return proto;
  const [lo, hi] = s.ports;
  return `${proto}/${lo === hi ? lo : `${lo}-${hi}`}`;
}

/**
 * "tcp/443", "udp/53", "tcp/1024-65535", "tcp", "icmp", "any", "47",
 * "proto-47". A port needs tcp, udp or tcpudp.
 */
export function parseService(text: string): Parsed<Service> {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'any' || t === 'all') return {ok: true, value: {protocol: 'any'}};
  const [protoText, portText] = t.split('/', 2) as [string, string | undefined];
  let protocol: Service['protocol'];
  if (['tcp', 'udp', 'tcpudp', 'icmp', 'any'].includes(protoText)) protocol = protoText as Service['protocol'];
  else {
    const m = /^(?:proto-?)?(\d{1,3})$/.exec(protoText);
    const byName = Object.entries(NAMES).find(([, name]) => name === protoText);
    if (m && Number(m[1]) <= PROTO_MAX) protocol = Number(m[1]);
    else if (byName) protocol = Number(byName[0]);
    else return {ok: false, error: `unknown protocol "${protoText}" (use tcp, udp, icmp, any or a protocol number)`};
    if (protocol === PROTO_TCP) protocol = 'tcp';
    else if (protocol === PROTO_UDP) protocol = 'udp';
    else if (protocol === PROTO_ICMP) protocol = 'icmp';
  }
  if (portText === undefined || portText === '') return {ok: true, value: {protocol}};
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'tcpudp') {
    return {
      ok: false,
      error: `a port needs tcp or udp (${typeof protocol === 'number' ? protocolName(protocol) : protocol} has no ports)`,
    };
  }
  const p = parsePortSpec(portText, 1);
  if (!p.ok) return p;
  return {ok: true, value: {protocol, ports: [p.value.lo, p.value.hi]}};
}

/** Picks a readable member: tcp, udp, icmp first, then the lowest. */
export function preferredProtocol(set: IntervalSet): number {
  for (const p of [PROTO_TCP, PROTO_UDP, PROTO_ICMP]) if (set.has(p)) return p;
  return set.min;
}

/** Picks a readable port: the lowest non-zero one, or an ephemeral one for source ports. */
export function preferredPort(set: IntervalSet, ephemeral: boolean): number {
  if (ephemeral && set.has(49152)) return 49152;
  if (ephemeral) {
    for (const [lo, hi] of set.intervals()) if (hi >= 1024) return Math.max(lo, 1024);
  }
  if (set.min === 0 && set.has(1)) return 1;
  if (set.min === 0 && set.count > 1) return set.b[2];
  return set.min;
}

export function packetText(p: Packet): PacketText {
  const out: PacketText = {protocol: protocolName(p.proto), source: formatIpv4(p.src), destination: formatIpv4(p.dst)};
  if (hasPorts(p.proto)) {
    if (p.sport !== null) out.sourcePort = p.sport;
    if (p.dport !== null) out.destinationPort = p.dport;
  }
  return out;
}

export function formatPacket(p: Packet): string {
  const svc = hasPorts(p.proto) && p.dport !== null ? `${protocolName(p.proto)}/${p.dport}` : protocolName(p.proto);
  return `${formatIpv4(p.src)} → ${formatIpv4(p.dst)} ${svc}`;
}
