// vnet_monitor_stats_history_short/_long: what a router's gateway monitor
// measured (pings to `monitor_ip`, else the gateway) — quality, loss,
// latency — for networks with `monitor_gateway` on (GO network.go:
// "Requires gateway monitoring to be enabled on the network"). Samples are a
// stable function of the seed, the network and the minute, with the odd bad
// patch, so a sparkline has something to show and tests see the same values.
import type {Row} from '../db/table.js';
import {unitHash} from '../rng.js';
import type {Sim, TableHooks} from '../sim.js';
import {routerRunning} from './topology.js';

function sample(sim: Sim, vnet: Row, slot: number, step: number, key: number): Row {
  const id = `${sim.config.seedName}:${String(vnet.name)}:${slot}`;
  const h = unitHash(id);
  // about one sample in twelve falls in a bad patch (loss and latency)
  const bad = unitHash(`${sim.config.seedName}:${String(vnet.name)}:${Math.floor(slot / 3)}:patch`) < 0.08;
  const sent = Math.round(step / (Number(vnet.monitor_interval_ms ?? 2000) / 1000));
  const droppedPct = bad ? 2 + h * 18 : h < 0.9 ? 0 : h * 1.2;
  const dropped = Math.round((sent * droppedPct) / 100);
  const latency = Math.round((bad ? 900 + h * 4000 : 180 + h * 260) * (1 + (Number(vnet.$key) % 3) * 0.2));
  return {
    $key: key,
    vnet: vnet.$key,
    sent,
    quality: Math.round((100 - droppedPct - (bad ? 10 : 0)) * 10) / 10,
    dropped_pct: Math.round(droppedPct * 100) / 100,
    latency_usec_avg: latency,
    latency_usec_peak: Math.round(latency * (1.4 + h)),
    duplicates: 0,
    truncated: 0,
    dropped,
    bad_checksums: 0,
    bad_data: 0,
    timestamp: slot * step,
  };
}

function history(sim: Sim, step: number, count: number): Row[] {
  const out: Row[] = [];
  const last = Math.floor(sim.now() / step);
  for (const vnet of sim.db.table('vnets').all()) {
    if (vnet.monitor_gateway !== true || !routerRunning(sim, vnet)) continue;
    for (let slot = last - count + 1; slot <= last; slot++)
      out.push(sample(sim, vnet, slot, step, vnet.$key * 100_000 + (slot % 100_000)));
  }
  return out;
}

export const monitorShortHooks: TableHooks = {virtualRows: (sim) => history(sim, 60, 60)};
export const monitorLongHooks: TableHooks = {virtualRows: (sim) => history(sim, 900, 96)};
