// vnet_dashboard (PY network_stats.py NetworkDashboard): one row computed at
// read time. The monitor history tables are the data plane's (dataplane/).
import {int, json, key, type FieldDef, type TableSchema} from './types.js';

const counts = (prefix: string): FieldDef[] =>
  ['count', 'online', 'warn', 'error'].map((s) => int(`${prefix}_${s}`, {summary: true}));

/** PY network_stats.py NetworkDashboard: one row of counts and top lists. */
export const vnetDashboard: TableSchema = {
  name: 'vnet_dashboard',
  description: 'Network dashboard (read-only)',
  readOnly: true,
  fields: [
    key(),
    ...counts('vnets'),
    ...counts('ext'),
    ...counts('int'),
    ...counts('ten'),
    ...counts('vpn'),
    ...counts('nics'),
    int('wireguards_count', {summary: true}),
    json('running_ext_vnets', {summary: true}),
    json('running_int_vnets', {summary: true}),
    json('running_tenant_vnets', {summary: true}),
    json('nics_rate', {summary: true}),
    json('logs', {summary: true}),
  ],
};
