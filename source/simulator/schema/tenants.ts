// Tenant tables (VERGEOS-API.md §3.9). tenant_status is where the
// `status#status` / `status#state` joins land.
import {TENANT_ACTIONS} from '../../api/enums.js';
import {bool, enumOf, fk, int, json, key, rowlist, stamps, text, ts, type TableSchema} from './types.js';

export const TENANT_STATUSES = [
  'offline',
  'online',
  'starting',
  'stopping',
  'migrating',
  'error',
  'reduced',
  'provisioning',
  'restarting',
] as const;

export const tenants: TableSchema = {
  name: 'tenants',
  description: 'Tenants (virtual data centres)',
  unique: [{fields: ['name']}],
  fields: [
    key(),
    text('name', {required: true, maxLength: 120, summary: true}),
    text('description', {summary: true}),
    text('password', {writeOnly: true}),
    bool('change_password'),
    bool('expose_cloud_snapshots', {default: true}),
    bool('allow_branding'),
    text('url'),
    bool('is_snapshot', {readonly: true}),
    text('owner', {readonly: true}),
    json('meta', {heavy: true}),
    fk('vnet', 'vnets', {readonly: true, summary: true}),
    int('oidc_application', {default: null}),
    fk('ui_address', 'vnet_addresses', {readonly: true}),
    text('ui_fqdn'),
    text('help_url'),
    text('note', {heavy: true}),
    bool('isolate', {readonly: true, summary: true}),
    enumOf('theme_access', ['specified', 'host_only', 'local_only', 'both']),
    ts('created'),
    text('uuid', {readonly: true}),
    int('recipe_instance', {default: null}),
    fk('status', 'tenant_status', {readonly: true}),
    json('stats', {readonly: true, heavy: true}),
    text('creator', {readonly: true}),
    rowlist('nodes', 'tenant_nodes', 'tenant'),
  ],
};

export const tenantStatus: TableSchema = {
  name: 'tenant_status',
  description: 'Tenant run state (read-only)',
  readOnly: true,
  fields: [
    key(),
    fk('tenant', 'tenants', {summary: true}),
    enumOf('status', TENANT_STATUSES, {summary: true}),
    enumOf('state', ['offline', 'online', 'warning', 'error'], {summary: true}),
    bool('running', {summary: true}),
    bool('starting'),
    bool('stopping'),
    bool('migrating'),
    // PY TENANT_DEFAULT_FIELDS `status#started as started_ts`, `status#stopped as stopped_ts`
    ts('started'),
    ts('stopped'),
    ts('last_update'),
  ],
};

export const tenantNodes: TableSchema = {
  name: 'tenant_nodes',
  description: 'Tenant nodes (compute given to a tenant)',
  fields: [
    key(),
    fk('tenant', 'tenants', {required: true, summary: true}),
    // PY tenant_nodes.py create() may send a name; generated (`nodeN`) when blank
    text('name', {summary: true, maxLength: 128}),
    int('nodeid', {readonly: true, summary: true}),
    int('cpu_cores', {default: 2, min: 1, max: 1024, summary: true}),
    int('ram', {default: 4096, min: 256, summary: true}),
    fk('cluster', 'clusters', {default: 1}),
    fk('preferred_node', 'nodes'),
    bool('enabled', {default: true}),
    text('description'),
    // the machine behind the node (PY TENANT_NODE_DEFAULT_FIELDS `machine#status#running` …)
    fk('machine', 'machines', {readonly: true}),
    ...stamps(),
  ],
};

export const tenantLayer2Vnets: TableSchema = {
  name: 'tenant_layer2_vnets',
  description: 'Layer-2 networks passed through to a tenant',
  unique: [{fields: ['tenant', 'vnet']}],
  fields: [
    key(),
    fk('tenant', 'tenants', {required: true, summary: true}),
    fk('vnet', 'vnets', {required: true, summary: true}),
    bool('enabled', {default: true, summary: true}),
    ...stamps(),
  ],
};

export const tenantActions: TableSchema = {
  name: 'tenant_actions',
  description: 'Tenant actions (power, isolation, clone)',
  fields: [
    key(),
    fk('tenant', 'tenants', {required: true, summary: true}),
    enumOf('action', TENANT_ACTIONS, {required: true, summary: true}),
    json('params', {heavy: true}),
    ts('created', {summary: true}),
  ],
};
