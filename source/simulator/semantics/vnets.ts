// Network behaviour: address validation, the router machine, need_restart,
// power actions, and what a delete must refuse or take along.
import {ApiError, notPermitted} from '../errors.js';
import type {Row} from '../db/table.js';
import {createRow, deleteRow, patchRow} from '../db/writes.js';
import type {Draft, Sim, TableHooks} from '../sim.js';
import {refreshCounting} from './counters.js';
import {createMachine, machineStatus, restartMachine, startMachine, stopMachine, type PowerEvents} from './machines.js';
import {reconcileMirror, removeMirror} from './mirror.js';
import {checkCidr, checkIp} from './net.js';
import {promoteRules, requestApply} from './rules.js';
import {str} from '../text.js';

const IP_FIELDS = ['ipaddress', 'dmz_ipaddress', 'gateway', 'dhcp_start', 'dhcp_stop', 'monitor_ip'] as const;

/** Changing these takes effect on the next restart (TF3 CHANGELOG, GO docs/Networking.md). */
const RESTART_FIELDS = [
  'network',
  'ipaddress',
  'dmz_ipaddress',
  'gateway',
  'dhcp_enabled',
  'dhcp_dynamic',
  'dhcp_sequential',
  'dhcp_start',
  'dhcp_stop',
  'dns',
  'dnslist',
  'domain',
  'mtu',
  'hostname',
  'layer2_type',
  'layer2_id',
  'interface_vnet',
  'vnet_default_gateway',
  'port_mirroring',
] as const;

function validateAddresses(values: Draft, only?: Draft): void {
  for (const f of IP_FIELDS) if (!only || f in only) checkIp(f, values[f]);
  if (!only || 'network' in only) checkCidr('network', values.network);
}

export function vnetStatus(sim: Sim, vnet: Row): string {
  return machineStatus(sim, vnet.machine as number);
}

/**
 * Whether a start or restart loads the staged rules: only when the action asks
 * (`params.apply`), as PS Start-/Restart-VergeNetwork ("-ApplyRules:$false
 * starts the network without applying firewall rules"), PY networks.py
 * power_on/restart(apply_rules) and TF3 network_restart.go (a reset with
 * apply=false leaves need_fw_apply set) show (§8.1 #1). `apply_fw_on_start`
 * ("apply firewall rules on next start", TS network/types.ts) does the same;
 * that it acts like params.apply is INFERRED.
 */
function loadsRulesOnStart(sim: Sim, vnetKey: number, params: Draft): boolean {
  if (params.apply === true || params.apply === 'true' || params.apply === 1) return true;
  return sim.db.get('vnets', vnetKey)?.apply_fw_on_start === true;
}

/** Networks whose start/restart in flight will load staged rules (kept for persistence). */
export function pendingApplyOnStart(sim: Sim): Set<number> {
  let set = PENDING.get(sim);
  if (!set) PENDING.set(sim, (set = new Set()));
  return set;
}
const PENDING = new WeakMap<Sim, Set<number>>();

/** What a network coming up does: settings and mirror always, staged rules only when asked. */
export function vnetCameUp(sim: Sim, vnetKey: number, applyRules: boolean): void {
  pendingApplyOnStart(sim).delete(vnetKey);
  patchRow(sim, 'vnets', vnetKey, {need_restart: false});
  reconcileMirror(sim, vnetKey);
  if (applyRules) promoteRules(sim, vnetKey);
  else refreshCounting(sim, vnetKey);
  powerFollowers(sim, vnetKey, true);
}

function powerEvents(sim: Sim, vnetKey: number, applyRules = false): PowerEvents {
  if (applyRules) pendingApplyOnStart(sim).add(vnetKey);
  else pendingApplyOnStart(sim).delete(vnetKey);
  return {
    up() {
      vnetCameUp(sim, vnetKey, applyRules);
    },
    down() {
      refreshCounting(sim, vnetKey);
      powerFollowers(sim, vnetKey, false);
    },
    changed() {
      refreshCounting(sim, vnetKey);
    },
  };
}

/** A mirror network runs with its parent. */
function powerFollowers(sim: Sim, vnetKey: number, up: boolean): void {
  const vnet = sim.db.get('vnets', vnetKey);
  const mirror = sim.db.get('vnets', vnet?.port_mirroring_vnet as number | null);
  if (!mirror) return;
  if (up) startMachine(sim, mirror.machine as number);
  else stopMachine(sim, mirror.machine as number, true);
}

export function vnetPowerOn(sim: Sim, vnetKey: number, params: Draft = {}): void {
  const vnet = sim.db.get('vnets', vnetKey);
  if (!vnet) return;
  const status = machineStatus(sim, vnet.machine as number);
  if (status === 'running' || status === 'starting' || status === 'restarting') return;
  startMachine(sim, vnet.machine as number, powerEvents(sim, vnetKey, loadsRulesOnStart(sim, vnetKey, params)));
}

export function vnetPowerOff(sim: Sim, vnetKey: number, hard: boolean): void {
  const vnet = sim.db.get('vnets', vnetKey);
  if (vnet) stopMachine(sim, vnet.machine as number, hard, powerEvents(sim, vnetKey));
}

export function vnetReset(sim: Sim, vnetKey: number, params: Draft = {}): void {
  const vnet = sim.db.get('vnets', vnetKey);
  if (vnet)
    restartMachine(sim, vnet.machine as number, powerEvents(sim, vnetKey, loadsRulesOnStart(sim, vnetKey, params)));
}

export function vnetApplyDns(sim: Sim, vnetKey: number): void {
  sim.later(sim.config.applyDelayMs, () => {
    if (sim.db.table('vnets').has(vnetKey))
      patchRow(sim, 'vnets', vnetKey, {need_dns_apply: false, last_dns_apply: sim.now()});
  });
}

/** Runs one vnet_actions action (after its row was inserted). */
export function runVnetAction(sim: Sim, vnetKey: number, action: string, params: Draft = {}): void {
  switch (action) {
    case 'poweron':
      return vnetPowerOn(sim, vnetKey, params);
    case 'poweroff':
      return vnetPowerOff(sim, vnetKey, false);
    case 'kill':
      return vnetPowerOff(sim, vnetKey, true);
    case 'reset':
      return vnetReset(sim, vnetKey, params);
    case 'refresh':
    case 'apply':
      return requestApply(sim, vnetKey);
    case 'applydns':
      return vnetApplyDns(sim, vnetKey);
  }
}

function refuseDelete(sim: Sim, row: Row): void {
  const name = String(row.name);
  const status = vnetStatus(sim, row);
  if (status !== 'stopped') throw notPermitted(`network '${name}' is ${status}: power it off before deleting it`);
  const owner = str(row.owner);
  if (owner.startsWith('tenants/'))
    throw notPermitted(`network '${name}' belongs to tenant ${owner}: delete the tenant instead`);
  // the router's own NICs go with it; any other NIC blocks the delete
  const nics = sim.db
    .table('machine_nics')
    .where('vnet', row.$key)
    .filter((n) => n.machine !== row.machine).length;
  if (nics > 0) throw new ApiError(422, `network '${name}' still has ${nics} NIC(s) attached`);
  const vnets = sim.db.table('vnets');
  for (const field of ['vnet_default_gateway', 'interface_vnet', 'port_mirroring_vnet'] as const) {
    const user = vnets.where(field, row.$key)[0];
    if (user) throw new ApiError(422, `network '${name}' is used as ${field} by network '${String(user.name)}'`);
  }
  const l2 = sim.db.table('tenant_layer2_vnets').where('vnet', row.$key)[0];
  if (l2) throw new ApiError(422, `network '${name}' is passed through to tenant ${String(l2.tenant)}`);
  for (const t of ['vnet_addresses', 'vnet_cidrs'] as const) {
    const owned = sim.db
      .table(t)
      .where('vnet', row.$key)
      .find((r) => String(r.owner).startsWith('tenants/'));
    if (owned) throw new ApiError(422, `network '${name}' has ${t} rows assigned to ${String(owned.owner)}`);
  }
}

export const vnetHooks: TableHooks = {
  beforeCreate(_sim, values) {
    validateAddresses(values);
  },
  afterCreate(sim, row) {
    // every network has a router machine (a different key) with its status row, and two
    // router NICs, `nic` and `nic_dmz` (PY networks.py reads their statistics through
    // nic#stats#… and nic_dmz#stats#…). They are reached through those columns; their own
    // `vnet` stays empty so "NICs on this network" means guests (INFERRED).
    const machine = createMachine(sim, String(row.name), 'vnet', {cluster: row.cluster});
    const mac = `02:${(sim.rng.hex(10).match(/../g) ?? []).join(':')}`;
    const nic = createRow(
      sim,
      'machine_nics',
      {machine, name: 'router', macaddress: mac, ipaddress: row.ipaddress},
      {internal: true},
    ).row;
    const dmz = createRow(
      sim,
      'machine_nics',
      {machine, name: 'dmz', ipaddress: row.dmz_ipaddress},
      {internal: true},
    ).row;
    patchRow(sim, 'vnets', row.$key, {machine, macaddress: mac, nic: nic.$key, nic_dmz: dmz.$key});
  },
  beforeUpdate(sim, old, next, patch, opts) {
    validateAddresses(next, patch);
    if (opts.internal) return;
    const changed = RESTART_FIELDS.some((f) => f in patch && JSON.stringify(patch[f]) !== JSON.stringify(old[f]));
    if (changed && vnetStatus(sim, old) !== 'stopped') next.need_restart = true;
  },
  afterUpdate(sim, old, row) {
    if (old.name !== row.name) patchRow(sim, 'machines', row.machine as number, {name: row.name});
    if (old.ipaddress !== row.ipaddress && sim.db.table('machine_nics').has(row.nic as number))
      patchRow(sim, 'machine_nics', row.nic as number, {ipaddress: row.ipaddress});
    if (old.dmz_ipaddress !== row.dmz_ipaddress && sim.db.table('machine_nics').has(row.nic_dmz as number))
      patchRow(sim, 'machine_nics', row.nic_dmz as number, {ipaddress: row.dmz_ipaddress});
  },
  beforeDelete(sim, row, opts) {
    if (!opts.internal) refuseDelete(sim, row);
  },
  afterDelete(sim, row) {
    const k = row.$key;
    const del = (table: string, field: string): void => {
      for (const r of sim.db.table(table).where(field, k)) {
        if (sim.db.table(table).has(r.$key)) deleteRow(sim, table, r.$key, {internal: true});
      }
    };
    sim.active.delete(k);
    for (const w of sim.db.table('vnet_wireguards').where('vnet', k)) {
      for (const p of sim.db.table('vnet_wireguard_peers').where('wireguard', w.$key)) {
        deleteRow(sim, 'vnet_wireguard_peers', p.$key, {internal: true});
      }
    }
    del('vnet_wireguards', 'vnet');
    del('vnet_ipsecs', 'vnet');
    del('vnet_rules', 'vnet');
    del('vnet_addresses', 'vnet');
    del('vnet_cidrs', 'vnet');
    del('tenant_layer2_vnets', 'vnet');
    for (const nic of sim.db.table('machine_nics').where('vnet', k)) {
      if (nic.machine !== row.machine) patchRow(sim, 'machine_nics', nic.$key, {vnet: null});
    }
    const mirror = sim.db.get('vnets', row.port_mirroring_vnet as number | null);
    if (mirror) removeMirror(sim, mirror.$key);
    if (sim.db.table('machines').has(row.machine as number))
      deleteRow(sim, 'machines', row.machine as number, {internal: true});
  },
};
