// `trace` (nftables packet trace) and `logs` (the router's log). A packet is
// traced from the rule with `trace` on that it matched (every packet when the
// network's `trace` is on); a rule with `log` on writes a kernel log line for
// each packet it decides. Both come from the simulated traffic of the last
// half minute plus the router's recent probes.
import type {Row} from '../../db/table.js';
import {hashString} from '../../rng.js';
import {formatIp} from '../ipv4.js';
import {protoName, type Packet} from '../packet.js';
import {conversations, type Conversation} from '../traffic.js';
import type {Hop} from '../forward.js';
import {ok, type Tool, type ToolContext} from './common.js';
import {ruleComment, ruleExpression} from './nft.js';
import {txt} from '../text.js';

const WINDOW_MS = 30_000;
const MAX_LINES = 400;

function packetText(p: Packet): string {
  const base = `ip saddr ${formatIp(p.src)} ip daddr ${formatIp(p.dst)} ip protocol ${protoName(p.proto)}`;
  if (p.proto === 6) return `${base} tcp sport ${p.sport} tcp dport ${p.dport} tcp flags == syn`;
  if (p.proto === 17) return `${base} udp sport ${p.sport} udp dport ${p.dport}`;
  if (p.proto === 1) return `${base} icmp type echo-request`;
  return base;
}

function hopsAt(c: Conversation, vnet: Row): Hop[] {
  return c.walk.hops.filter((h) => h.vnet.$key === vnet.$key);
}

function chainOf(h: Hop): string {
  return h.direction === 'incoming' ? 'vnet_incoming' : 'vnet_outgoing';
}

export function traceLines(ctx: ToolContext): string[] {
  const lines: string[] = [];
  for (const c of conversations(ctx.sim, ctx.now - WINDOW_MS, ctx.now)) {
    for (const h of hopsAt(c, ctx.vnet)) {
      const d = h.decision;
      const whole = ctx.vnet.trace === true;
      const natTraced = d.nat?.rule.trace === true;
      if (!whole && !natTraced && d.rule?.trace !== true) continue;
      const id = (hashString(`${c.at}:${c.label}:${h.direction}`) >>> 0).toString(16).padStart(8, '0');
      const head = `trace id ${id} inet vnet_filter ${chainOf(h)}`;
      const iif = h.direction === 'incoming' ? 'eth1' : 'eth0';
      lines.push(`${head} packet: iif "${iif}" ${packetText(c.packet)}`);
      if (d.nat && (whole || natTraced))
        lines.push(
          `trace id ${id} ip vnet_nat prerouting rule ${ruleExpression(ctx.sim, ctx.vnet, d.nat.rule)} ${ruleComment(d.nat.rule)} (verdict accept)`,
        );
      if (d.rule)
        lines.push(
          `${head} rule ${ruleExpression(ctx.sim, ctx.vnet, d.rule)} ${txt(d.rule.action)} ${ruleComment(d.rule)} (verdict ${d.action})`,
        );
      else lines.push(`${head} rule counter ${d.action} comment "default ${h.direction}" (verdict ${d.action})`);
    }
  }
  return lines.slice(-MAX_LINES);
}

export const traceTool: Tool = {
  command: () => 'nft monitor trace',
  run: (ctx) => {
    const lines = traceLines(ctx);
    return ok(lines.length ? lines.join('\n') + '\n' : '');
  },
};

function syslogTime(ms: number): string {
  const d = new Date(Math.floor(ms));
  const month = d.toUTCString().slice(8, 11);
  return `${month} ${String(d.getUTCDate()).padStart(2)} ${d.toISOString().slice(11, 19)}`;
}

function kernelLine(c: Conversation, h: Hop, host: string): string {
  const p = c.packet;
  const rule = h.decision.rule as Row;
  const [inIf, outIf] = h.direction === 'incoming' ? ['eth1', 'eth0'] : ['eth0', 'eth1'];
  const proto = protoName(p.proto).toUpperCase();
  const ports = p.sport !== null ? ` SPT=${p.sport} DPT=${p.dport}` : '';
  const tcp = p.proto === 6 ? ' WINDOW=64240 RES=0x00 SYN URGP=0' : p.proto === 1 ? ' TYPE=8 CODE=0' : ' LEN=40';
  const addr = `SRC=${formatIp(p.src)} DST=${formatIp(p.dst)} LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=${Math.floor(c.at) % 65536} DF`;
  return `${syslogTime(c.at)} ${host} kernel: rule-${rule.$key} ${txt(rule.action)}: IN=${inIf} OUT=${outIf} ${addr} PROTO=${proto}${ports}${tcp}`;
}

export const logsTool: Tool = {
  command: () => 'journalctl -n 200 --no-pager',
  run(ctx) {
    const host = txt(ctx.vnet.hostname) || 'router';
    const lines: string[] = [];
    for (const c of conversations(ctx.sim, ctx.now - WINDOW_MS, ctx.now)) {
      if (!c.probe && c.packet.proto === 17 && c.packet.dport === 53 && c.walk.hops[0]?.vnet.$key === ctx.vnet.$key)
        lines.push(
          `${syslogTime(c.at)} ${host} dnsmasq[412]: forwarded query from ${formatIp(c.packet.src)} to ${formatIp(c.packet.dst)}`,
        );
      for (const h of hopsAt(c, ctx.vnet)) if (h.decision.rule?.log === true) lines.push(kernelLine(c, h, host));
    }
    return ok(lines.slice(-200).join('\n') + (lines.length ? '\n' : ''));
  },
};
