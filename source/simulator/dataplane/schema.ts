// The tables the data plane answers (VERGEOS-API.md §8.3): diagnostic queries
// and the gateway-monitor quality history. GO network.go names the history
// columns; PY queries.py the query ones.
import {VNET_QUERY_STATUSES, VNET_QUERY_TYPES} from '../../api/enums.js';
import {enumOf, fk, int, json, key, num, text, ts, type TableSchema} from '../schema/types.js';

export const vnetQueries: TableSchema = {
  name: 'vnet_queries',
  description: 'Router diagnostics (ping, traceroute, tcpdump, nft ruleset …); the key is a 40-hex SHA1',
  fields: [
    key(),
    text('id', {readonly: true, summary: true}),
    fk('vnet', 'vnets', {required: true, summary: true}),
    enumOf('query', VNET_QUERY_TYPES, {required: true, summary: true}),
    json('params'),
    enumOf('status', VNET_QUERY_STATUSES, {readonly: true, summary: true}),
    text('result', {readonly: true, heavy: true}),
    text('command', {readonly: true}),
    ts('created', {summary: true}),
    ts('modified'),
    ts('expires'),
  ],
};

const history = (name: string, description: string): TableSchema => ({
  name,
  description,
  readOnly: true,
  fields: [
    key(),
    fk('vnet', 'vnets', {summary: true}),
    int('sent', {summary: true}),
    num('quality', {summary: true}),
    num('dropped_pct', {summary: true}),
    int('latency_usec_avg', {summary: true}),
    int('latency_usec_peak'),
    int('duplicates'),
    int('truncated'),
    int('dropped'),
    int('bad_checksums'),
    int('bad_data'),
    ts('timestamp', {summary: true}),
  ],
});

export const vnetMonitorStatsShort = history(
  'vnet_monitor_stats_history_short',
  'Gateway monitor samples of the last hour, one a minute (networks with monitor_gateway on)',
);
export const vnetMonitorStatsLong = history(
  'vnet_monitor_stats_history_long',
  'Gateway monitor samples of the last day, one every 15 minutes',
);

export const DATAPLANE_SCHEMAS: TableSchema[] = [vnetQueries, vnetMonitorStatsShort, vnetMonitorStatsLong];
