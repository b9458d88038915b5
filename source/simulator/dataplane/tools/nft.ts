// `firewall`: the ruleset the router runs, as `nft list ruleset` prints it.
// VergeOS's own table and chain names are not public; these are the
// simulator's. Each compiled rule carries a comment naming its rule key
// ("rule:7 …"), route rules are routing entries (not in nftables), and
// disabled rules are not compiled.
import type {Row} from '../../db/table.js';
import type {Sim} from '../../sim.js';
import {rulePackets, ruleBytes} from '../../semantics/counters.js';
import {formatIp, type Span} from '../ipv4.js';
import {addressSpans} from '../match.js';
import {routerRules} from '../topology.js';
import {ok, type Tool} from './common.js';
import {txt} from '../text.js';

function spanText([lo, hi]: Span): string {
  if (lo === hi) return formatIp(lo);
  const size = hi - lo + 1;
  if ((size & (size - 1)) === 0 && lo % size === 0) return `${formatIp(lo)}/${32 - Math.log2(size)}`;
  return `${formatIp(lo)}-${formatIp(hi)}`;
}

function setOf(items: string[]): string {
  return items.length === 1 ? items[0] : `{ ${items.join(', ')} }`;
}

function ports(sim: Sim, field: string): string[] | null {
  const text = field.trim();
  if (!text) return null;
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const t = raw.trim();
    const entries = t.startsWith('alias:')
      ? txt(sim.db.get('vnet_rule_aliases', Number(t.slice(6)))?.value)
          .split(',')
          .map((e) => e.split('|')[0].trim())
      : [t];
    for (const e of entries) if (/^\d{1,5}(-\d{1,5})?$/.test(e)) out.push(e);
  }
  return out;
}

/** The match part of a rule in nft syntax. */
export function ruleExpression(sim: Sim, vnet: Row, rule: Row): string {
  const parts: string[] = [];
  const proto = txt(rule.protocol, 'any');
  const sports = ports(sim, txt(rule.source_ports));
  const dports = ports(sim, txt(rule.destination_ports));
  const l4 = proto === 'tcp' || proto === 'udp' ? proto : 'th';
  if (proto === 'tcpudp' || ((sports || dports) && (proto === 'any' || proto === '')))
    parts.push('meta l4proto { tcp, udp }');
  else if (proto === 'icmp') parts.push('ip protocol icmp');
  else if (/^\d+$/.test(proto)) parts.push(`ip protocol ${proto}`);
  for (const [field, key] of [
    ['source_ip', 'saddr'],
    ['destination_ip', 'daddr'],
  ] as const) {
    const text = txt(rule[field]).trim();
    if (!text) continue;
    const spans = addressSpans(sim, vnet, text);
    parts.push(`ip ${key} ${spans.length ? setOf(spans.map(spanText)) : '{ }'}`);
  }
  if (sports) parts.push(`${l4} sport ${setOf(sports)}`);
  if (dports) parts.push(`${l4} dport ${setOf(dports)}`);
  if (txt(rule.ct_state).trim()) parts.push(`ct state ${String(rule.ct_state).trim()}`);
  return parts.join(' ');
}

export function ruleComment(rule: Row): string {
  return `comment "rule:${rule.$key} ${txt(rule.name).replace(/"/g, "'")}"`;
}

/** The full nft line of a filter rule (statements, counter, verdict, comment). */
export function ruleLine(sim: Sim, vnet: Row, rule: Row): string {
  const bits: string[] = [];
  const expr = ruleExpression(sim, vnet, rule);
  if (expr) bits.push(expr);
  if (rule.trace === true) bits.push('meta nftrace set 1');
  if (txt(rule.throttle).trim()) bits.push(`limit rate ${String(rule.throttle).trim()}/second`);
  if (rule.statistics === true) bits.push(`counter packets ${rulePackets(sim, rule)} bytes ${ruleBytes(sim, rule)}`);
  if (rule.log === true) bits.push(`log prefix "rule-${rule.$key} ${String(rule.action)}: "`);
  bits.push(String(rule.action), ruleComment(rule));
  return bits.join(' ');
}

function natLine(sim: Sim, vnet: Row, rule: Row): string {
  const target = addressSpans(sim, vnet, txt(rule.target_ip));
  const port = ports(sim, txt(rule.target_ports))?.[0];
  const to = `${target.length && txt(rule.target_ip).trim() ? formatIp(target[0][0]) : ''}${port ? `:${port}` : ''}`;
  const stmt = rule.direction === 'incoming' ? `dnat to ${to}` : to ? `snat to ${to}` : 'masquerade';
  return [ruleExpression(sim, vnet, rule), rule.trace === true ? 'meta nftrace set 1' : '', stmt, ruleComment(rule)]
    .filter((x) => x)
    .join(' ');
}

export function nftRuleset(sim: Sim, vnet: Row): string {
  const rules = routerRules(sim, vnet.$key).filter((r) => r.enabled !== false && r.action !== 'route');
  const filter = (dir: string): string[] =>
    rules.filter((r) => r.direction === dir && r.action !== 'translate').map((r) => `\t\t${ruleLine(sim, vnet, r)}`);
  const nat = (dir: string): string[] =>
    rules.filter((r) => r.direction === dir && r.action === 'translate').map((r) => `\t\t${natLine(sim, vnet, r)}`);
  const trace = vnet.trace === true ? ['\t\tmeta nftrace set 1'] : [];
  return [
    'table inet vnet_filter {',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy accept;',
    '\t\tct state established,related accept',
    '\t}',
    '',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    ...trace,
    '\t\tct state established,related accept',
    '\t\tiifname "eth1" jump vnet_incoming',
    '\t\tiifname "eth0" jump vnet_outgoing',
    '\t}',
    '',
    '\tchain vnet_incoming {',
    ...filter('incoming'),
    '\t\tcounter drop comment "default incoming"',
    '\t}',
    '',
    '\tchain vnet_outgoing {',
    ...filter('outgoing'),
    '\t\tcounter accept comment "default outgoing"',
    '\t}',
    '}',
    'table ip vnet_nat {',
    '\tchain prerouting {',
    '\t\ttype nat hook prerouting priority dstnat; policy accept;',
    ...nat('incoming'),
    '\t}',
    '',
    '\tchain postrouting {',
    '\t\ttype nat hook postrouting priority srcnat; policy accept;',
    ...nat('outgoing'),
    '\t}',
    '}',
    '',
  ].join('\n');
}

export const firewallTool: Tool = {
  command: () => 'nft list ruleset',
  run: (ctx) => ok(nftRuleset(ctx.sim, ctx.vnet)),
};
