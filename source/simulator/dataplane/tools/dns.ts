// `dns {name}`: nslookup through the router's resolver (dnsmasq). Names of
// the network's own hosts are answered locally; anything else is forwarded
// to the network's DNS servers, which must be reachable through the rules.
import {unitHash} from '../../rng.js';
import type {Sim} from '../../sim.js';
import type {Row} from '../../db/table.js';
import {walk} from '../forward.js';
import {formatIp, parseIp} from '../ipv4.js';
import {PROTO} from '../packet.js';
import {HOST_NAME, fail, ok, param, routerIp, type Tool, type ToolContext} from './common.js';
import {txt} from '../text.js';

export type Resolution =
  | {kind: 'local'; name: string; ip: number}
  | {kind: 'upstream'; name: string; ip: number}
  | {kind: 'nxdomain'}
  | {kind: 'unreachable'};

function localNames(sim: Sim, vnet: Row): Map<string, number> {
  const out = new Map<string, number>();
  const domain = txt(vnet.domain).replace(/\.$/, '');
  const add = (host: string, ip: number | null): void => {
    if (!host || ip === null) return;
    out.set(host.toLowerCase(), ip);
    if (domain) out.set(`${host}.${domain}`.toLowerCase(), ip);
  };
  add(txt(vnet.hostname, 'router'), parseIp(txt(vnet.ipaddress)));
  for (const a of sim.db.table('vnet_addresses').where('vnet', vnet.$key)) add(txt(a.hostname), parseIp(txt(a.ip)));
  for (const nic of sim.db.table('machine_nics').where('vnet', vnet.$key)) {
    const m = sim.db.get('machines', nic.machine as number);
    add(txt(m?.name), parseIp(txt(nic.ipaddress)));
  }
  return out;
}

/** How the router of `vnet` resolves `name` now. */
export function resolveName(sim: Sim, vnet: Row, name: string): Resolution {
  const n = name.toLowerCase().replace(/\.$/, '');
  const local = localNames(sim, vnet).get(n);
  if (local !== undefined) return {kind: 'local', name: n, ip: local};
  const server = parseIp(txt(vnet.dnslist).split(',')[0] ?? '');
  const src = routerIp(vnet);
  if (server === null || src === null) return {kind: 'unreachable'};
  const w = walk(sim, {proto: PROTO.udp, src, dst: server, sport: 40000, dport: 53}, vnet);
  if (w.fate !== 'delivered') return {kind: 'unreachable'};
  if (!n.includes('.') || /\.(internal|local|invalid|test)$/.test(n)) return {kind: 'nxdomain'};
  // Public names get stable addresses in the benchmarking block 198.18.0.0/15.
  const ip = (198 << 24) + (18 << 16) + Math.floor(unitHash(n) * 131070) + 1;
  return {kind: 'upstream', name: n, ip: ip >>> 0};
}

/** A host parameter as an address: a literal IP, else resolved by the router. */
export function hostAddress(ctx: ToolContext, host: string): number | Resolution {
  const ip = parseIp(host);
  if (ip !== null) return ip;
  const r = resolveName(ctx.sim, ctx.vnet, host);
  return r.kind === 'local' || r.kind === 'upstream' ? r.ip : r;
}

export const dnsTool: Tool = {
  command: (ctx) => `nslookup ${param(ctx, 'name') || param(ctx, 'host')}`,
  run(ctx) {
    const name = param(ctx, 'name') || param(ctx, 'host');
    if (!name) return fail('nslookup: missing name to look up');
    if (!HOST_NAME.test(name)) return ok(`** server can't find ${name}: NXDOMAIN\n`);
    const head = 'Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\n';
    const r = resolveName(ctx.sim, ctx.vnet, name);
    if (r.kind === 'unreachable') return ok(';; connection timed out; no servers could be reached\n');
    if (r.kind === 'nxdomain') return ok(`${head}** server can't find ${name}: NXDOMAIN\n`);
    const auth = r.kind === 'upstream' ? 'Non-authoritative answer:\n' : '';
    return ok(`${head}${auth}Name:\t${r.name}\nAddress: ${formatIp(r.ip)}\n`);
  },
};
