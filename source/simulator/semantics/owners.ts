// `owner` references of the form "table/key" ("tenants/5", "vnet_addresses/28").
import {validationError} from '../errors.js';
import type {Sim} from '../sim.js';
import {str} from '../text.js';

export function parseOwner(owner: unknown): {table: string; key: number} | null {
  if (typeof owner !== 'string') return null;
  const m = /^([a-z_0-9]+)\/(\d+)$/.exec(owner);
  return m ? {table: m[1], key: Number(m[2])} : null;
}

export function tenantOf(owner: unknown): number | null {
  const o = parseOwner(owner);
  return o && o.table === 'tenants' ? o.key : null;
}

/** A user-supplied owner must be '' or a tenant that exists. */
export function checkTenantOwner(sim: Sim, owner: unknown): void {
  if (owner === '' || owner === null || owner === undefined) return;
  const t = tenantOf(owner);
  if (t === null || !sim.db.table('tenants').has(t)) {
    throw validationError('owner', `'${str(owner)}' is not an existing tenant (tenants/<key>)`);
  }
}

/** tenant_status.status of a tenant ('offline' when unknown). */
export function tenantStatus(sim: Sim, tenantKey: number): string {
  const row = sim.db.get('tenant_status', tenantKey);
  return row ? String(row.status) : 'offline';
}
