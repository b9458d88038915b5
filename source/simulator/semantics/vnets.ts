// Network behaviour: address validation, the router machine, need_restart,
// power actions, and what a delete must refuse or take along.
import {ApiError, notPermitted} from '../errors.js';
import type {Row} from '../db/table.js';
import {deleteRow, patchRow} from '../db/writes.js';
import type {Draft, Sim, TableHooks} from '../sim.js';
import {refreshCounting} from './counters.js';
import {createMachine, machineStatus, restartMachine, startMachine, stopMachine, type PowerEvents} from './machines.js';
import {reconcileMirror, removeMirror} from './mirror.js';
import {checkCidr, checkIp} from './net.js';
import {promoteRules, requestApply} from './rules.js';
import {valueText} from '../db/value-text.js';

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

function powerEvents(sim: Sim, vnetKey: number): PowerEvents {
  return {
    up() {
      // a network that comes up loads its staged rules and its new settings
      patchRow(sim, 'vnets', vnetKey, {need_restart: false});
      reconcileMirror(sim, vnetKey);
      promoteRules(sim, vnetKey);
      powerFollowers(sim, vnetKey, true);
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

export function vnetPowerOn(sim: Sim, vnetKey: number): void {
  const vnet = sim.db.get('vnets', vnetKey);
  if (vnet) startMachine(sim, vnet.machine as number, powerEvents(sim, vnetKey));
}

export function vnetPowerOff(sim: Sim, vnetKey: number, hard: boolean): void {
  const vnet = sim.db.get('vnets', vnetKey);
  if (vnet) stopMachine(sim, vnet.machine as number, hard, powerEvents(sim, vnetKey));
}

export function vnetReset(sim: Sim, vnetKey: number): void {
  const vnet = sim.db.get('vnets', vnetKey);
  if (vnet) restartMachine(sim, vnet.machine as number, powerEvents(sim, vnetKey));
}

export function vnetApplyDns(sim: Sim, vnetKey: number): void {
  sim.later(sim.config.applyDelayMs, () => {
    if (sim.db.table('vnets').has(vnetKey))
      patchRow(sim, 'vnets', vnetKey, {need_dns_apply: false, last_dns_apply: sim.now()});
  });
}

/** Runs one vnet_actions action (after its row was inserted). */
export function runVnetAction(sim: Sim, vnetKey: number, action: string): void {
  switch (action) {
    case 'poweron':
      return vnetPowerOn(sim, vnetKey);
    case 'poweroff':
      return vnetPowerOff(sim, vnetKey, false);
    case 'kill':
    case 'killpower':
      return vnetPowerOff(sim, vnetKey, true);
    case 'reset':
      return vnetReset(sim, vnetKey);
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
  const owner = valueText(row.owner);
  if (owner.startsWith('tenants/'))
    throw notPermitted(`network '${name}' belongs to tenant ${owner}: delete the tenant instead`);
  const nics = sim.db.table('machine_nics').count('vnet', row.$key);
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
    values.cidr = values.network;
  },
  afterCreate(sim, row) {
    // every network has a router machine (a different key) with its status row
    const machine = createMachine(sim, String(row.name), 'vnet');
    const mac = `02:${(sim.rng.hex(10).match(/../g) ?? []).join(':')}`;
    patchRow(sim, 'vnets', row.$key, {machine, macaddress: mac});
  },
  beforeUpdate(sim, old, next, patch, opts) {
    validateAddresses(next, patch);
    if ('network' in patch) next.cidr = next.network;
    if (opts.internal) return;
    const changed = RESTART_FIELDS.some((f) => f in patch && JSON.stringify(patch[f]) !== JSON.stringify(old[f]));
    if (changed && vnetStatus(sim, old) !== 'stopped') next.need_restart = true;
  },
  afterUpdate(sim, old, row) {
    if (old.name !== row.name) patchRow(sim, 'machines', row.machine as number, {name: row.name});
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
    for (const nic of sim.db.table('machine_nics').where('vnet', k))
      patchRow(sim, 'machine_nics', nic.$key, {vnet: null});
    const mirror = sim.db.get('vnets', row.port_mirroring_vnet as number | null);
    if (mirror) removeMirror(sim, mirror.$key);
    if (sim.db.table('machines').has(row.machine as number))
      deleteRow(sim, 'machines', row.machine as number, {internal: true});
  },
};
