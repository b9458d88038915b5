// Network monitoring tables the SDKs read (PY network_stats.py, networks.py
// statistics(include_history=True)): per-network quality samples and the
// dashboard. All computed at read time.
import {fk, int, json, key, ts, type FieldDef, type TableSchema} from './types.js';

const sampleFields = (): FieldDef[] => [
  key(),
  fk('vnet', 'vnets', {summary: true}),
  ts('timestamp', {summary: true}),
  int('sent', {summary: true}),
  int('dropped', {summary: true}),
  int('quality', {summary: true}),
  int('dropped_pct'),
  int('latency_usec_avg', {summary: true}),
  int('latency_usec_peak', {summary: true}),
  int('duplicates'),
  int('truncated'),
  int('bad_checksums'),
  int('bad_data'),
];

export const vnetMonitorStatsShort: TableSchema = {
  name: 'vnet_monitor_stats_history_short',
  description: 'Network monitor samples, high resolution (read-only)',
  readOnly: true,
  fields: sampleFields(),
};

export const vnetMonitorStatsLong: TableSchema = {
  name: 'vnet_monitor_stats_history_long',
  description: 'Network monitor samples, aggregated (read-only)',
  readOnly: true,
  fields: sampleFields(),
};

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
