// *_actions tables: a POST inserts an action row (201, the usual create body)
// and starts the side effect: a power action shows its intermediate state
// (starting, stopping, restarting) at once and completes after powerDelayMs;
// Apply Rules completes after applyDelayMs. `params` reach the action (a
// network start loads staged rules only with params.apply, §8.1 #1).
import type {Row} from '../db/table.js';
import {deleteRow} from '../db/writes.js';
import type {Draft, Sim, TableHooks} from '../sim.js';
import {runTenantAction} from './tenants.js';
import {runVmAction} from './vms.js';
import {runVnetAction} from './vnets.js';

/** Action rows are history; keep the newest few thousand (trimmed in batches). */
const KEEP_ACTIONS = 5000;
const TRIM_BATCH = 500;

function trim(sim: Sim, table: string): void {
  const t = sim.db.table(table);
  if (t.size <= KEEP_ACTIONS + TRIM_BATCH) return;
  const oldest = [...t.all()].sort((a, b) => (a.created as number) - (b.created as number) || a.$key - b.$key);
  for (const r of oldest.slice(0, t.size - KEEP_ACTIONS)) deleteRow(sim, table, r.$key, {internal: true});
}

function params(row: Row): Draft {
  const p = row.params;
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as Draft) : {};
}

export const vnetActionHooks: TableHooks = {
  afterCreate(sim, row) {
    runVnetAction(sim, row.vnet as number, String(row.action), params(row));
    trim(sim, 'vnet_actions');
  },
};

export const tenantActionHooks: TableHooks = {
  afterCreate(sim, row) {
    runTenantAction(sim, row.tenant as number, String(row.action), params(row));
    trim(sim, 'tenant_actions');
  },
};

export const vmActionHooks: TableHooks = {
  afterCreate(sim, row) {
    runVmAction(sim, row.vm as number, String(row.action), params(row));
    trim(sim, 'vm_actions');
  },
};
