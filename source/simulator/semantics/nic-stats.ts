// machine_nic_status / machine_nic_stats: one row per NIC (same key), read
// through `status#…` and `stats#…` joins (PY nics.py, PS Get-VergeNIC) and,
// for network routers, through vnets.nic / nic_dmz (PY networks.py
// statistics). A link is up while its machine runs, the NIC is enabled and,
// when it is plugged into a network, that network's router runs. Counters grow
// with wall-clock time at a rate that is a stable function of the seed and NIC.
import type {Row} from '../db/table.js';
import {createRow, deleteRow} from '../db/writes.js';
import {unitHash} from '../rng.js';
import type {Sim, TableHooks} from '../sim.js';
import {machineStatus} from './machines.js';

interface Link {
  up: boolean;
  since: number;
  h: number;
}

function link(sim: Sim, nicKey: unknown): Link {
  const nic = sim.db.get('machine_nics', nicKey as number);
  const h = unitHash(`${sim.config.seedName}:nic:${String(nicKey)}`);
  if (!nic || nic.enabled !== true) return {up: false, since: 0, h};
  const machine = nic.machine as number;
  if (machineStatus(sim, machine) !== 'running') return {up: false, since: 0, h};
  let since = Number(sim.db.get('machine_status', machine)?.started ?? 0);
  const vnet = sim.db.get('vnets', nic.vnet as number | null);
  if (vnet && vnet.machine !== machine) {
    if (machineStatus(sim, vnet.machine as number) !== 'running') return {up: false, since: 0, h};
    since = Math.max(since, Number(sim.db.get('machine_status', vnet.machine as number)?.started ?? 0));
  }
  return {up: true, since, h};
}

/** bytes per second in each direction while the link is up */
function rates(l: Link): {tx: number; rx: number} {
  return {tx: Math.floor(2_000 + l.h * 400_000), rx: Math.floor(3_000 + l.h * 900_000)};
}

const PACKET = 700;

function counter(sim: Sim, row: Row, pick: (r: {tx: number; rx: number}) => number, per = 1): number {
  const l = link(sim, row.parent_nic);
  if (!l.up) return 0;
  return Math.floor((Math.max(0, sim.now() - l.since) * pick(rates(l))) / per);
}

function rate(sim: Sim, row: Row, pick: (r: {tx: number; rx: number}) => number, per = 1): number {
  const l = link(sim, row.parent_nic);
  return l.up ? Math.floor(pick(rates(l)) / per) : 0;
}

const tx = (r: {tx: number}): number => r.tx;
const rx = (r: {rx: number}): number => r.rx;

export const nicStatsHooks: TableHooks = {
  computed: {
    txbps: (sim, row) => rate(sim, row, tx) * 8,
    rxbps: (sim, row) => rate(sim, row, rx) * 8,
    totalxbps: (sim, row) => (rate(sim, row, tx) + rate(sim, row, rx)) * 8,
    txpps: (sim, row) => rate(sim, row, tx, PACKET),
    rxpps: (sim, row) => rate(sim, row, rx, PACKET),
    tx_bytes: (sim, row) => counter(sim, row, tx),
    rx_bytes: (sim, row) => counter(sim, row, rx),
    tx_pckts: (sim, row) => counter(sim, row, tx, PACKET),
    rx_pckts: (sim, row) => counter(sim, row, rx, PACKET),
    tx_bytes_cur: (sim, row) => rate(sim, row, tx),
    rx_bytes_cur: (sim, row) => rate(sim, row, rx),
    tx_pckts_cur: (sim, row) => rate(sim, row, tx, PACKET),
    rx_pckts_cur: (sim, row) => rate(sim, row, rx, PACKET),
    last_update: (sim) => sim.now(),
  },
};

export const nicStatusHooks: TableHooks = {
  computed: {
    status: (sim, row) => (link(sim, row.parent_nic).up ? 'up' : 'down'),
    state: (sim, row) => (link(sim, row.parent_nic).up ? 'online' : 'offline'),
    speed: (sim, row) => (link(sim, row.parent_nic).up ? 10_000 : 0),
    last_update: (sim) => sim.now(),
  },
};

/** The status and stats rows every NIC has (key = the NIC's key; machine_nics.status/stats point there). */
export function createNicRows(sim: Sim, nicKey: number): void {
  createRow(sim, 'machine_nic_status', {parent_nic: nicKey}, {internal: true, key: nicKey});
  createRow(sim, 'machine_nic_stats', {parent_nic: nicKey}, {internal: true, key: nicKey});
}

/** machine_nics.status / .stats: the NIC's own key in those tables (computed, not stored). */
export const nicRefs: Record<string, (sim: Sim, row: Row) => unknown> = {
  status: (sim, row) => (sim.db.table('machine_nic_status').has(row.$key) ? row.$key : null),
  stats: (sim, row) => (sim.db.table('machine_nic_stats').has(row.$key) ? row.$key : null),
};

export function deleteNicRows(sim: Sim, nicKey: number): void {
  for (const t of ['machine_nic_status', 'machine_nic_stats'] as const) {
    if (sim.db.table(t).has(nicKey)) deleteRow(sim, t, nicKey, {internal: true});
  }
}
