// vnet_addresses and vnet_cidrs. Giving a tenant an external IP (type
// virtual, owner tenants/N) or a network block stages the parent network's
// firewall (need_fw_apply), as VergeOS does (D-EXTIP, TF3).
import {ApiError, notPermitted} from '../errors.js';
import type {Row} from '../db/table.js';
import {patchRow} from '../db/writes.js';
import type {Sim, TableHooks} from '../sim.js';
import {checkCidr, checkIp, checkMac} from './net.js';
import {checkTenantOwner, tenantOf, tenantStatus} from './owners.js';
import {markFwApply} from './rules.js';
import {str} from '../text.js';

function refreshTenantUiAddress(sim: Sim, tenantKey: number | null): void {
  if (tenantKey === null) return;
  const tenant = sim.db.get('tenants', tenantKey);
  if (!tenant) return;
  const current = sim.db.get('vnet_addresses', tenant.ui_address as number | null);
  if (current && tenantOf(current.owner) === tenantKey) return;
  const first = sim.db.table('vnet_addresses').where('owner', `tenants/${tenantKey}`)[0];
  patchRow(sim, 'tenants', tenantKey, {ui_address: first ? first.$key : null});
}

function stagesFirewall(row: Row): boolean {
  return tenantOf(row.owner) !== null || row.type === 'virtual';
}

export const addressHooks: TableHooks = {
  beforeCreate(sim, values, opts) {
    checkIp('ip', values.ip);
    checkMac('mac', values.mac);
    if (!opts.internal) checkTenantOwner(sim, values.owner);
    if (values.type !== 'dynamic' && values.ip) {
      const dup = sim.db
        .table('vnet_addresses')
        .where('vnet', values.vnet)
        .find((r) => r.ip === values.ip && r.type !== 'dynamic');
      if (dup)
        throw new ApiError(
          422,
          `Validation error on field: 'ip' - 'address ${str(values.ip)} already exists on this network'`,
        );
    }
  },
  afterCreate(sim, row) {
    if (stagesFirewall(row)) markFwApply(sim, row.vnet as number);
    refreshTenantUiAddress(sim, tenantOf(row.owner));
  },
  beforeUpdate(sim, old, next, patch, opts) {
    if ('ip' in patch) checkIp('ip', next.ip);
    if ('mac' in patch) checkMac('mac', next.mac);
    if ('owner' in patch && !opts.internal) checkTenantOwner(sim, next.owner);
    if ('vnet' in patch && next.vnet !== old.vnet) markFwApply(sim, old.vnet as number);
  },
  afterUpdate(sim, old, row) {
    if (stagesFirewall(row) || stagesFirewall(old)) markFwApply(sim, row.vnet as number);
    refreshTenantUiAddress(sim, tenantOf(old.owner));
    refreshTenantUiAddress(sim, tenantOf(row.owner));
  },
  afterDelete(sim, row) {
    if (stagesFirewall(row)) markFwApply(sim, row.vnet as number);
    refreshTenantUiAddress(sim, tenantOf(row.owner));
  },
};

export const cidrHooks: TableHooks = {
  beforeCreate(sim, values, opts) {
    checkCidr('cidr', values.cidr);
    if (!opts.internal) checkTenantOwner(sim, values.owner);
  },
  afterCreate(sim, row) {
    markFwApply(sim, row.vnet as number);
  },
  beforeUpdate(sim, old, next, patch, opts) {
    if ('cidr' in patch) checkCidr('cidr', next.cidr);
    if ('owner' in patch && !opts.internal) checkTenantOwner(sim, next.owner);
    if (next.vnet !== old.vnet) markFwApply(sim, old.vnet as number);
  },
  afterUpdate(sim, _old, row) {
    markFwApply(sim, row.vnet as number);
  },
  beforeDelete(sim, row, opts) {
    if (opts.internal) return;
    const tenant = sim.db.get('tenants', tenantOf(row.owner));
    if (tenant) {
      const status = tenantStatus(sim, tenant.$key);
      if (status !== 'offline') {
        throw notPermitted(
          `network block ${String(row.cidr)} is in use by tenant '${String(tenant.name)}' (${status})`,
        );
      }
    }
  },
  afterDelete(sim, row) {
    markFwApply(sim, row.vnet as number);
  },
};
