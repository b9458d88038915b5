// The simulated data plane: what the routers really do with packets, and the
// diagnostics that let a client ask them. It decides with its own matcher
// over each router's live ruleset (never vseg's analysis), so comparing a
// prediction with its answers can disagree — as a real network can.
import {createRow} from '../db/writes.js';
import type {Sim, TableHooks} from '../sim.js';
import {monitorLongHooks, monitorShortHooks} from './monitor.js';
import {queryHooks} from './queries.js';
import {dataplane} from './state.js';
import {freezeRouter} from './topology.js';

export {DATAPLANE_SCHEMAS} from './schema.js';
export {createQuery, deleteQuery, querySeq, refuseQueryWrite, showQueryKeys} from './queries.js';
export {freezeRouter, routerRules} from './topology.js';

export const DATAPLANE_HOOKS: Record<string, TableHooks> = {
  vnet_queries: queryHooks,
  vnet_monitor_stats_history_short: monitorShortHooks,
  vnet_monitor_stats_history_long: monitorLongHooks,
};

export interface DataplaneOptions {
  /** Base duration of a diagnostic query in ms (default 400). */
  queryDelayMs?: number;
  /** Network names whose routers ignore Apply Rules from now on (the API still reports the apply done). */
  staleRouters?: string[];
  /** TENANT:NETWORK pairs passed through at layer 2. */
  layer2?: string[];
}

export function configureDataplane(sim: Sim, options: DataplaneOptions): void {
  const s = dataplane(sim);
  if (options.queryDelayMs !== undefined) s.queryDelayMs = options.queryDelayMs;
  for (const name of options.staleRouters ?? []) {
    const vnet = sim.db
      .table('vnets')
      .all()
      .find((v) => v.name === name);
    if (!vnet) throw new Error(`--stale-router: no network named "${name}"`);
    freezeRouter(sim, vnet.$key);
  }
  for (const pair of options.layer2 ?? []) {
    const [tenantName, netName] = pair.split(':');
    const tenant = sim.db
      .table('tenants')
      .all()
      .find((t) => t.name === tenantName);
    const vnet = sim.db
      .table('vnets')
      .all()
      .find((v) => v.name === netName);
    if (!tenant || !vnet)
      throw new Error(`--l2 ${pair}: expected TENANT:NETWORK naming an existing tenant and network`);
    const exists = sim.db
      .table('tenant_layer2_vnets')
      .where('tenant', tenant.$key)
      .some((r) => r.vnet === vnet.$key);
    if (!exists)
      createRow(sim, 'tenant_layer2_vnets', {tenant: tenant.$key, vnet: vnet.$key, enabled: true}, {internal: true});
  }
}
