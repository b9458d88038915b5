// Where an address lives and what answers there, as the simulated network
// sees it: routers (their LAN, DMZ and alias addresses), VM NICs, tenant
// blocks, and the rest of the world beyond the external network.
import type {Row} from '../db/table.js';
import {machineStatus} from '../semantics/machines.js';
import type {Sim} from '../sim.js';
import {formatIp, inSpans, parseIp, parseSpan, prefixOf} from './ipv4.js';
import {dataplane} from './state.js';
import {txt} from './text.js';

export function vnets(sim: Sim): readonly Row[] {
  return sim.db.table('vnets').all();
}

export function routerRunning(sim: Sim, vnet: Row): boolean {
  return machineStatus(sim, vnet.machine as number) === 'running';
}

/** The ruleset the router really runs: the live one, unless the router stopped loading rules. */
export function routerRules(sim: Sim, vnetKey: number): readonly Row[] {
  return dataplane(sim).stale.get(vnetKey) ?? sim.active.get(vnetKey) ?? [];
}

/** Makes a router keep the ruleset it runs now, whatever Apply Rules says from here on. */
export function freezeRouter(sim: Sim, vnetKey: number): void {
  dataplane(sim).stale.set(vnetKey, sim.active.get(vnetKey) ?? []);
}

function ownAddresses(sim: Sim, vnet: Row): number[] {
  const out: number[] = [];
  for (const f of ['ipaddress', 'dmz_ipaddress'] as const) {
    const ip = parseIp(txt(vnet[f]));
    if (ip !== null) out.push(ip);
  }
  for (const a of sim.db.table('vnet_addresses').where('vnet', vnet.$key)) {
    if (a.type !== 'ipalias') continue;
    const ip = parseIp(txt(a.ip));
    if (ip !== null) out.push(ip);
  }
  return out;
}

/**
 * The network an address belongs to: a router's own addresses first, then
 * the most specific network CIDR (internal networks win a tie). Null: outside.
 */
export function locate(sim: Sim, ip: number): Row | null {
  const all = vnets(sim);
  for (const v of all) if (ownAddresses(sim, v).includes(ip)) return v;
  let best: Row | null = null;
  let bestLen = -1;
  for (const v of all) {
    const cidr = txt(v.network);
    const span = cidr ? parseSpan(cidr) : null;
    if (!span || !inSpans([span], ip)) continue;
    const len = prefixOf(cidr);
    if (len > bestLen || (len === bestLen && v.type === 'internal' && best?.type !== 'internal')) {
      best = v;
      bestLen = len;
    }
  }
  return best;
}

export type Host =
  | {kind: 'vm'; name: string; running: boolean; mac: string; vnet: number}
  | {kind: 'router'; vnet: Row}
  | {kind: 'outside'};

/** What would answer at an address inside network `vnet` (or outside). Null: nothing there. */
export function hostAt(sim: Sim, ip: number, vnet: Row | null): Host | null {
  if (!vnet) return {kind: 'outside'};
  if (ownAddresses(sim, vnet).includes(ip)) return {kind: 'router', vnet};
  const text = formatIp(ip);
  for (const nic of sim.db.table('machine_nics').where('vnet', vnet.$key)) {
    let addr = txt(nic.ipaddress);
    if (!addr) {
      const lease = sim.db
        .table('vnet_addresses')
        .where('vnet', vnet.$key)
        .find((a) => a.mac === nic.macaddress && a.mac);
      addr = txt(lease?.ip);
    }
    if (addr !== text) continue;
    const machine = sim.db.get('machines', nic.machine as number);
    return {
      kind: 'vm',
      name: txt(machine?.name) || `machine ${txt(nic.machine)}`,
      running: nic.enabled !== false && machineStatus(sim, nic.machine as number) === 'running',
      mac: txt(nic.macaddress),
      vnet: vnet.$key,
    };
  }
  return null;
}

/** The tenant a network (or an address in one of its blocks) belongs to, if any. */
export function tenantOf(sim: Sim, vnet: Row | null, ip: number): number | null {
  const owner = txt(vnet?.owner);
  const m = /^tenants\/(\d+)$/.exec(owner);
  if (m) return Number(m[1]);
  for (const b of sim.db.table('vnet_cidrs').all()) {
    const t = /^tenants\/(\d+)$/.exec(txt(b.owner));
    const span = parseSpan(txt(b.cidr));
    if (t && span && inSpans([span], ip)) return Number(t[1]);
  }
  return null;
}

/** Networks passed through to a tenant at layer 2 (enabled rows of tenant_layer2_vnets). */
export function layer2Of(sim: Sim, tenant: number): Set<number> {
  const out = new Set<number>();
  for (const r of sim.db.table('tenant_layer2_vnets').where('tenant', tenant))
    if (r.enabled !== false) out.add(r.vnet as number);
  return out;
}
