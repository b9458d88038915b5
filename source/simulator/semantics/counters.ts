// Rule hit counters (vnet_rules.packets/bytes). A rule counts while its
// applied version is enabled with statistics on and its network runs. The rate
// is a stable function of the seed and the rule, so a demo shows the same
// "busy" rules every time; the values grow with wall-clock time.
import type {Row} from '../db/table.js';
import {unitHash} from '../rng.js';
import type {Sim} from '../sim.js';
import {machineStatus} from './machines.js';

interface Counter {
  /** packets counted before `since` (fractional) */
  base: number;
  since: number;
  counting: boolean;
  pps: number;
  size: number;
}

const COUNTERS = new WeakMap<Sim, Map<number, Counter>>();

function countersOf(sim: Sim): Map<number, Counter> {
  let m = COUNTERS.get(sim);
  if (!m) COUNTERS.set(sim, (m = new Map<number, Counter>()));
  return m;
}

function rate(sim: Sim, row: Row): {pps: number; size: number} {
  const id = `${sim.config.seedName}:${String(row.vnet)}:${String(row.name)}`;
  const h = unitHash(id);
  const busy = row.action === 'accept' || row.action === 'route' || row.action === 'translate';
  const pps = busy ? 0.5 + h * h * 60 : 0.2 + h * 5;
  return {pps, size: 64 + Math.floor(unitHash(`${id}:size`) * 1300)};
}

function counterFor(sim: Sim, row: Row): Counter {
  const m = countersOf(sim);
  let c = m.get(row.$key);
  if (!c) {
    c = {base: 0, since: sim.clock.now(), counting: false, ...rate(sim, row)};
    m.set(row.$key, c);
  }
  return c;
}

function packetsNow(c: Counter, now: number): number {
  return c.base + (c.counting ? (c.pps * (now - c.since)) / 1000 : 0);
}

export function rulePackets(sim: Sim, row: Row): number {
  const c = countersOf(sim).get(row.$key);
  return c ? Math.floor(packetsNow(c, sim.clock.now())) : 0;
}

export function ruleBytes(sim: Sim, row: Row): number {
  const c = countersOf(sim).get(row.$key);
  return c ? Math.floor(packetsNow(c, sim.clock.now())) * c.size : 0;
}

/** Re-decides which rules of a network count, after an apply or a power change. */
export function refreshCounting(sim: Sim, vnetKey: number): void {
  const vnet = sim.db.get('vnets', vnetKey);
  const running = vnet ? machineStatus(sim, vnet.machine as number) === 'running' : false;
  const live = new Map((sim.active.get(vnetKey) ?? []).map((r) => [r.$key, r]));
  const now = sim.clock.now();
  for (const row of sim.db.table('vnet_rules').where('vnet', vnetKey)) {
    const applied = live.get(row.$key);
    const counting = running && Boolean(applied?.enabled) && Boolean(applied?.statistics);
    const c = counterFor(sim, row);
    if (c.counting === counting) continue;
    c.base = packetsNow(c, now);
    c.since = now;
    c.counting = counting;
  }
}

/** Clear Statistics on a network: every rule's packets and bytes restart from zero. */
export function clearCounters(sim: Sim, vnetKey: number): void {
  const now = sim.clock.now();
  for (const row of sim.db.table('vnet_rules').where('vnet', vnetKey)) {
    const c = counterFor(sim, row);
    c.base = 0;
    c.since = now;
  }
}

export function forgetCounter(sim: Sim, ruleKey: number): void {
  countersOf(sim).delete(ruleKey);
}

/** Pretends a rule has been counting for `seconds` already (seeds). */
export function addHistory(sim: Sim, row: Row, seconds: number): void {
  const c = counterFor(sim, row);
  c.base += c.pps * seconds;
}

export function dumpCounters(sim: Sim): Record<string, number> {
  const now = sim.clock.now();
  const out: Record<string, number> = {};
  for (const [k, c] of countersOf(sim)) out[k] = packetsNow(c, now);
  return out;
}

export function loadCounters(sim: Sim, data: Record<string, number>): void {
  for (const [k, packets] of Object.entries(data)) {
    const row = sim.db.get('vnet_rules', Number(k));
    if (row) counterFor(sim, row).base = packets;
  }
}
