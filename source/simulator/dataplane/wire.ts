// What a router's interfaces carry for one conversation: the initiating
// packet where it crosses, and the answers when it got through. eth0 is a
// router's network side, eth1 its DMZ side (the names are the simulator's).
import type {Conversation} from './traffic.js';
import type {Packet} from './packet.js';

export interface WirePacket {
  at: number;
  vnet: number;
  iface: 'eth0' | 'eth1';
  dir: 'In' | 'Out';
  packet: Packet;
  /** tcp flags in tcpdump notation, '' for others; icmp: 'request' | 'reply'. */
  flags: string;
  length: number;
  seq: number;
}

function reverse(p: Packet): Packet {
  return {proto: p.proto, src: p.dst, dst: p.src, sport: p.dport, dport: p.sport};
}

/** The exchange at the end points: initiating packets then replies, with delays (ms). */
function exchange(c: Conversation): {packet: Packet; flags: string; length: number; dt: number; reply: boolean}[] {
  const p = c.walk.packet;
  const orig = {...c.packet};
  const through = c.walk.fate === 'delivered';
  if (p.proto === 6) {
    if (!through) {
      const refused = c.walk.fate === 'rejected';
      return refused
        ? [{packet: orig, flags: 'S', length: 0, dt: 0, reply: false}]
        : [0, 1000, 3000].map((dt) => ({packet: orig, flags: 'S', length: 0, dt, reply: false}));
    }
    return [
      {packet: orig, flags: 'S', length: 0, dt: 0, reply: false},
      {packet: reverse(p), flags: 'S.', length: 0, dt: 0.4, reply: true},
      {packet: orig, flags: '.', length: 0, dt: 0.5, reply: false},
      {packet: orig, flags: 'P.', length: 120 + ((p.sport ?? 0) % 400), dt: 0.6, reply: false},
      {packet: reverse(p), flags: 'P.', length: 300 + ((p.sport ?? 0) % 1100), dt: 1.9, reply: true},
    ];
  }
  if (p.proto === 1)
    return through
      ? [
          {packet: orig, flags: 'request', length: 64, dt: 0, reply: false},
          {packet: reverse(p), flags: 'reply', length: 64, dt: 0.4, reply: true},
        ]
      : [{packet: orig, flags: 'request', length: 64, dt: 0, reply: false}];
  return through
    ? [
        {packet: orig, flags: '', length: 40, dt: 0, reply: false},
        {packet: reverse(p), flags: '', length: 96, dt: 0.5, reply: true},
      ]
    : [{packet: orig, flags: '', length: 40, dt: 0, reply: false}];
}

/** Every crossing of a router interface in the conversation, in time order. */
export function wirePackets(c: Conversation): WirePacket[] {
  const out: WirePacket[] = [];
  const hops = c.walk.hops;
  const src = hops.find((h) => h.direction === 'outgoing');
  const dsts = hops.filter((h) => h.direction === 'incoming');
  const seq = (c.packet.sport ?? 7) * 7919;
  for (const x of exchange(c)) {
    const at = c.at + x.dt;
    const base = {packet: x.packet, flags: x.flags, length: x.length, seq};
    if (!x.reply) {
      if (src) {
        if (!c.probe) out.push({...base, at, vnet: src.vnet.$key, iface: 'eth0', dir: 'In'});
        if (src.decision.action === 'accept') out.push({...base, at, vnet: src.vnet.$key, iface: 'eth1', dir: 'Out'});
      }
      for (const d of dsts) {
        out.push({...base, at, vnet: d.vnet.$key, iface: 'eth1', dir: 'In'});
        if (d.decision.action === 'accept') out.push({...base, at, vnet: d.vnet.$key, iface: 'eth0', dir: 'Out'});
      }
    } else {
      for (const d of [...dsts].reverse()) {
        out.push({...base, at, vnet: d.vnet.$key, iface: 'eth0', dir: 'In'});
        out.push({...base, at, vnet: d.vnet.$key, iface: 'eth1', dir: 'Out'});
      }
      if (src) {
        out.push({...base, at, vnet: src.vnet.$key, iface: 'eth1', dir: 'In'});
        if (!c.probe) out.push({...base, at, vnet: src.vnet.$key, iface: 'eth0', dir: 'Out'});
      }
    }
  }
  return out;
}
