// vnet_dashboard: one row of counts by network kind and state, NICs and
// WireGuard interfaces, and the busiest networks and NICs (PY network_stats.py
// NetworkDashboard). Computed at read time; `logs` is not modelled.
import type {Row} from '../db/table.js';
import type {Sim, TableHooks} from '../sim.js';
import {machineStatus} from './machines.js';
import {nicStatsHooks} from './nic-stats.js';
import {str} from '../text.js';

type Kind = 'ext' | 'int' | 'ten' | 'vpn' | null;

function kindOf(vnet: Row): Kind {
  if (str(vnet.owner).startsWith('tenants/')) return 'ten';
  if (vnet.type === 'external') return 'ext';
  if (vnet.type === 'internal') return 'int';
  if (vnet.type === 'vpn') return 'vpn';
  return null;
}

function nicRate(sim: Sim, nicKey: unknown): {txbps: number; rxbps: number} {
  const stats = sim.db.get('machine_nic_stats', nicKey as number);
  const c = nicStatsHooks.computed ?? {};
  if (!stats) return {txbps: 0, rxbps: 0};
  return {txbps: Number(c.txbps(sim, stats)), rxbps: Number(c.rxbps(sim, stats))};
}

function dashboard(sim: Sim): Row {
  const row: Record<string, unknown> = {$key: 1};
  const bump = (prefix: string, status: string): void => {
    row[`${prefix}_count`] = Number(row[`${prefix}_count`] ?? 0) + 1;
    const state = status === 'running' ? 'online' : status === 'error' ? 'error' : status === 'stopped' ? null : 'warn';
    if (state) row[`${prefix}_${state}`] = Number(row[`${prefix}_${state}`] ?? 0) + 1;
  };
  for (const p of ['vnets', 'ext', 'int', 'ten', 'vpn', 'nics']) {
    for (const s of ['count', 'online', 'warn', 'error']) row[`${p}_${s}`] = 0;
  }
  const top: Record<'ext' | 'int' | 'ten', Array<Record<string, unknown>>> = {ext: [], int: [], ten: []};
  for (const vnet of sim.db.table('vnets').all()) {
    const status = machineStatus(sim, vnet.machine as number);
    bump('vnets', status);
    const kind = kindOf(vnet);
    if (kind) bump(kind, status);
    if (status === 'running' && kind && kind !== 'vpn') {
      top[kind].push({$key: vnet.$key, name: vnet.name, ...nicRate(sim, vnet.nic)});
    }
  }
  const nics: Array<Record<string, unknown>> = [];
  for (const nic of sim.db.table('machine_nics').all()) {
    const up = sim.db.get('machine_nic_status', nic.$key);
    const linkUp = up ? nicStatusUp(sim, up) : false;
    row.nics_count = Number(row.nics_count) + 1;
    if (linkUp) {
      row.nics_online = Number(row.nics_online) + 1;
      nics.push({$key: nic.$key, name: nic.name, machine: nic.machine, ...nicRate(sim, nic.$key)});
    }
  }
  const byRate = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
    Number(b.txbps) + Number(b.rxbps) - (Number(a.txbps) + Number(a.rxbps));
  row.wireguards_count = sim.db.table('vnet_wireguards').size;
  row.running_ext_vnets = top.ext.sort(byRate).slice(0, 5);
  row.running_int_vnets = top.int.sort(byRate).slice(0, 5);
  row.running_tenant_vnets = top.ten.sort(byRate).slice(0, 5);
  row.nics_rate = nics.sort(byRate).slice(0, 5);
  row.logs = [];
  return Object.freeze(row) as Row;
}

function nicStatusUp(sim: Sim, status: Row): boolean {
  const c = (sim.hooks.machine_nic_status?.computed ?? {}).status;
  return c ? c(sim, status) === 'up' : false;
}

export const dashboardHooks: TableHooks = {virtualRows: (sim) => [dashboard(sim)]};
