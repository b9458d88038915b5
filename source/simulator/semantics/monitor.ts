// Read-only monitoring tables, computed at read time:
// - vnet_monitor_stats_history_short / _long: the router's gateway-monitor
//   samples (PY network_stats.py NetworkMonitorStatsManager; PY networks.py
//   statistics(include_history=True) reads timestamp, sent, dropped, quality,
//   latency_usec_avg, latency_usec_peak sorted -timestamp). Samples exist only
//   while the router runs (PY: "Statistics are only available for running
//   networks"). Intervals and values are INFERRED: short every 10 s over the
//   last 15 minutes, long every 15 minutes over the last day.
// - vnet_dashboard: one row of counts by network kind (PY NetworkDashboard).
import type {Row} from '../db/table.js';
import {unitHash} from '../rng.js';
import type {Sim, TableHooks} from '../sim.js';
import {machineStatus} from './machines.js';
import {nicStatsHooks} from './nic-stats.js';
import {str} from '../text.js';

interface Window {
  intervalS: number;
  spanS: number;
  /** keys: vnet * KEY_SPACE + sample number */
  table: string;
}

const KEY_SPACE = 1_000_000;
const SHORT: Window = {intervalS: 10, spanS: 15 * 60, table: 'short'};
const LONG: Window = {intervalS: 15 * 60, spanS: 24 * 3600, table: 'long'};

function samples(sim: Sim, w: Window): Row[] {
  const out: Row[] = [];
  const now = sim.now();
  const last = now - (now % w.intervalS);
  for (const vnet of sim.db.table('vnets').all()) {
    const machine = vnet.machine as number;
    if (machineStatus(sim, machine) !== 'running') continue;
    const started = Number(sim.db.get('machine_status', machine)?.started ?? now);
    const everyMs = Math.max(1000, Number(vnet.monitor_interval_ms) || 2000);
    const sent = Math.max(1, Math.round((w.intervalS * 1000) / everyMs));
    for (let t = last; t > now - w.spanS && t >= started; t -= w.intervalS) {
      const h = unitHash(`${sim.config.seedName}:monitor:${w.table}:${String(vnet.$key)}:${t}`);
      const dropped = h > 0.97 ? 1 + Math.floor((h - 0.97) * 100) : 0;
      const droppedPct = Math.min(100, Math.round((dropped * 100) / sent));
      const base = 150 + unitHash(`${sim.config.seedName}:latency:${String(vnet.$key)}`) * 700;
      const avg = Math.round(base * (0.8 + h * 0.4));
      out.push(
        Object.freeze({
          $key: vnet.$key * KEY_SPACE + (Math.floor(t / w.intervalS) % KEY_SPACE),
          vnet: vnet.$key,
          timestamp: t,
          sent,
          dropped,
          quality: 100 - droppedPct,
          dropped_pct: droppedPct,
          latency_usec_avg: avg,
          latency_usec_peak: Math.round(avg * (1.2 + h * 1.8)),
          duplicates: 0,
          truncated: 0,
          bad_checksums: 0,
          bad_data: 0,
        }),
      );
    }
  }
  return out;
}

export const monitorShortHooks: TableHooks = {virtualRows: (sim) => samples(sim, SHORT)};
export const monitorLongHooks: TableHooks = {virtualRows: (sim) => samples(sim, LONG)};

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
