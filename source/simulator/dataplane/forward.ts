// The walk of one initiating packet through the simulated network: the
// sender's router (outgoing), the path (route rule, a directly connected DMZ
// address, or the default gateway), the receiver's router (incoming, with
// port forwards followed once), and whatever answers at the end. Layer-2
// pass-through to a tenant skips the routers altogether.
import type {Row} from '../db/table.js';
import type {Sim} from '../sim.js';
import {parseIp} from './ipv4.js';
import {decide, routeFor, type Decision} from './match.js';
import type {Packet} from './packet.js';
import {hostAt, layer2Of, locate, routerRules, routerRunning, tenantOf, vnets, type Host} from './topology.js';
import {txt} from './text.js';

export interface Hop {
  vnet: Row;
  direction: 'incoming' | 'outgoing';
  decision: Decision;
}

export type Fate =
  /** reached a host that answers */
  | 'delivered'
  /** a rule (or a default) dropped it */
  | 'dropped'
  /** a reject rule refused it */
  | 'rejected'
  | 'no-route'
  /** a router on the way is not running */
  | 'router-down'
  /** nothing answers at the address (no VM, or the VM is stopped) */
  | 'host-down';

export interface Walk {
  fate: Fate;
  hops: Hop[];
  /** The packet as it arrived (after NAT). */
  packet: Packet;
  from: Row | null;
  to: Row | null;
  host: Host | null;
  /** Delivered at layer 2 past the routers (tenant pass-through). */
  l2: boolean;
  /** Addresses that answer a traceroute on the way (routers), then the destination. */
  path: number[];
  /** The router address that reports an ICMP error (reject, no route, host down). */
  reporter: number | null;
}

function ipOf(row: Row | null | undefined, field: string): number | null {
  return row ? parseIp(txt(row[field])) : null;
}

function isDmzAddress(sim: Sim, ip: number): boolean {
  return vnets(sim).some((v) => ipOf(v, 'dmz_ipaddress') === ip);
}

/** Walks `packet`; `origin` is the network whose router sends it (a probe), else the source's network. */
export function walk(sim: Sim, packet: Packet, origin?: Row): Walk {
  const from = origin ?? locate(sim, packet.src);
  let to = locate(sim, packet.dst);
  const hops: Hop[] = [];
  const path: number[] = [];
  const done = (fate: Fate, p: Packet, extra: Partial<Walk> = {}): Walk => ({
    fate,
    hops,
    packet: p,
    from,
    to,
    host: null,
    l2: false,
    path,
    reporter: null,
    ...extra,
  });
  const arrive = (p: Packet, net: Row | null, l2 = false): Walk => {
    const host = hostAt(sim, p.dst, net);
    if (host?.kind === 'router' && !routerRunning(sim, host.vnet)) return done('host-down', p, {l2});
    if (!host || (host.kind === 'vm' && !host.running))
      return done('host-down', p, {l2, reporter: ipOf(net, 'ipaddress')});
    path.push(p.dst);
    return done('delivered', p, {host, l2});
  };

  if (from && to && from.$key === to.$key) return arrive(packet, to);
  const srcTenant = tenantOf(sim, from, packet.src);
  const dstTenant = tenantOf(sim, to, packet.dst);
  if (
    (srcTenant !== null && to && layer2Of(sim, srcTenant).has(to.$key)) ||
    (dstTenant !== null && from && layer2Of(sim, dstTenant).has(from.$key))
  )
    return arrive(packet, to, true);

  let p = packet;
  let gateway: Row | null = null;
  if (from) {
    if (!routerRunning(sim, from)) return done('router-down', p);
    const rules = routerRules(sim, from.$key);
    const out = decide(sim, from, rules, p, 'outgoing');
    hops.push({vnet: from, direction: 'outgoing', decision: out});
    p = out.packet;
    if (out.action === 'drop') return done('dropped', p);
    if (out.action === 'reject') return done('rejected', p, {reporter: ipOf(from, 'ipaddress')});
    to = locate(sim, p.dst);
    const route = routeFor(sim, from, rules, p);
    if (route) {
      const target = parseIp(txt(route.target_ip).split(',')[0] ?? '');
      if (target !== null && target !== p.dst) path.push(target);
    } else if (isDmzAddress(sim, p.dst)) {
      // every router sits on the DMZ network: its DMZ address is one hop away
    } else if (!to || to.type !== 'internal') {
      gateway = from.type === 'external' ? from : (sim.db.get('vnets', from.vnet_default_gateway as number) ?? null);
      if (!gateway) return done('no-route', p, {reporter: ipOf(from, 'ipaddress')});
      if (gateway.$key !== from.$key) {
        if (!routerRunning(sim, gateway)) return done('router-down', p);
        const hop = ipOf(gateway, 'dmz_ipaddress') ?? ipOf(gateway, 'ipaddress');
        if (hop !== null) path.push(hop);
      }
    } else {
      return done('no-route', p, {reporter: ipOf(from, 'ipaddress')});
    }
  }
  if (!to) {
    // The rest of the world: through the gateway network's upstream router.
    const upstream = ipOf(gateway, 'gateway');
    if (upstream !== null) path.push(upstream);
    return arrive(p, null);
  }
  if (!routerRunning(sim, to)) return done('router-down', p);
  const inc = decide(sim, to, routerRules(sim, to.$key), p, 'incoming');
  hops.push({vnet: to, direction: 'incoming', decision: inc});
  p = inc.packet;
  if (inc.action === 'drop') return done('dropped', p);
  if (inc.action === 'reject')
    return done('rejected', p, {reporter: ipOf(to, 'dmz_ipaddress') ?? ipOf(to, 'ipaddress')});
  const landed = locate(sim, p.dst);
  if (inc.nat && landed && landed.$key !== to.$key) {
    // A port forward into another network: that network's router judges it too.
    const fwdFrom = to;
    to = landed;
    const hop = ipOf(fwdFrom, 'dmz_ipaddress');
    if (hop !== null) path.push(hop);
    if (!routerRunning(sim, to)) return done('router-down', p);
    const next = decide(sim, to, routerRules(sim, to.$key), p, 'incoming');
    hops.push({vnet: to, direction: 'incoming', decision: next});
    p = next.packet;
    if (next.action === 'drop') return done('dropped', p);
    if (next.action === 'reject') return done('rejected', p, {reporter: ipOf(to, 'ipaddress')});
  }
  return arrive(p, to);
}
