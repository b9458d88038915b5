// The part of the pcap filter language the simulated tcpdump understands:
// [src|dst] host ADDR, [src|dst] net CIDR, [src|dst] port N, portrange A-B,
// tcp, udp, icmp, ip, joined with and/&&, or/||, not/! and parentheses.
// Anything else is the "syntax error" tcpdump prints.
import {inSpans, parseIp, parseSpan} from '../ipv4.js';
import type {Packet} from '../packet.js';

export type PacketTest = (p: Packet) => boolean;

export class BpfError extends Error {}

function tokens(text: string): string[] {
  return text.match(/\(|\)|&&|\|\||!|[^\s()!&|]+/g) ?? [];
}

export function compileBpf(text: string): PacketTest {
  const ts = tokens(text.trim());
  let i = 0;
  const peek = (): string | undefined => ts[i];
  const take = (): string => {
    const t = ts[i++];
    if (t === undefined) throw new BpfError('syntax error');
    return t;
  };
  const or = (): PacketTest => {
    let left = and();
    while (peek() === 'or' || peek() === '||') {
      take();
      const l = left;
      const r = and();
      left = (p) => l(p) || r(p);
    }
    return left;
  };
  const and = (): PacketTest => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t === 'and' || t === '&&') take();
      else if (t === undefined || t === ')' || t === 'or' || t === '||') break;
      const l = left;
      const r = unary();
      left = (p) => l(p) && r(p);
    }
    return left;
  };
  const unary = (): PacketTest => {
    const t = peek();
    if (t === 'not' || t === '!') {
      take();
      const inner = unary();
      return (p) => !inner(p);
    }
    if (t === '(') {
      take();
      const inner = or();
      if (take() !== ')') throw new BpfError('syntax error');
      return inner;
    }
    return primitive();
  };
  const primitive = (): PacketTest => {
    let dir: 'src' | 'dst' | null = null;
    let t = take();
    if (t === 'src' || t === 'dst') {
      dir = t;
      t = take();
    }
    const both = (
      test: (v: number | null) => boolean,
      s: (p: Packet) => number | null,
      d: (p: Packet) => number | null,
    ): PacketTest =>
      dir === 'src' ? (p) => test(s(p)) : dir === 'dst' ? (p) => test(d(p)) : (p) => test(s(p)) || test(d(p));
    switch (t) {
      case 'host': {
        const ip = parseIp(take());
        if (ip === null) throw new BpfError('syntax error');
        return both(
          (v) => v === ip,
          (p) => p.src,
          (p) => p.dst,
        );
      }
      case 'net': {
        const span = parseSpan(take());
        if (!span) throw new BpfError('syntax error');
        return both(
          (v) => v !== null && inSpans([span], v),
          (p) => p.src,
          (p) => p.dst,
        );
      }
      case 'port':
      case 'portrange': {
        const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(take());
        if (!m || (t === 'port' && m[2] !== undefined)) throw new BpfError('syntax error');
        const lo = Number(m[1]);
        const hi = Number(m[2] ?? m[1]);
        if (hi > 65535 || lo > hi) throw new BpfError('illegal port number');
        return both(
          (v) => v !== null && v >= lo && v <= hi,
          (p) => p.sport,
          (p) => p.dport,
        );
      }
      default:
        if (dir) throw new BpfError('syntax error');
        if (t === 'tcp') return (p) => p.proto === 6;
        if (t === 'udp') return (p) => p.proto === 17;
        if (t === 'icmp') return (p) => p.proto === 1;
        if (t === 'ip') return () => true;
        throw new BpfError('syntax error');
    }
  };
  if (ts.length === 0) return () => true;
  const test = or();
  if (i < ts.length) throw new BpfError('syntax error');
  return test;
}
