// VMs and the generic machine objects behind VMs, network routers and nodes
// (VERGEOS-API.md §3.11). A machine's status row shares its key, so
// `GET /machine_status/<machine>` works as documented.
import {MACHINE_STATUSES, NIC_INTERFACES, ON_POWER_LOSS, VM_ACTIONS} from '../../api/enums.js';
import {bool, enumOf, fk, int, json, key, rowlist, stamps, text, ts, type TableSchema} from './types.js';

export const vms: TableSchema = {
  name: 'vms',
  description: 'Virtual machines',
  unique: [{fields: ['name'], status: 409}],
  fields: [
    key(),
    text('name', {required: true, maxLength: 128, summary: true}),
    text('description', {summary: true}),
    bool('enabled', {default: true, summary: true}),
    fk('machine', 'machines', {readonly: true, summary: true}),
    int('cpu_cores', {default: 1, min: 1, max: 1024, summary: true}),
    text('cpu_type'),
    int('ram', {default: 1024, min: 32, summary: true}),
    text('os_family', {default: 'linux'}),
    text('machine_type', {default: 'pc-q35'}),
    text('boot_order', {default: 'cd'}),
    bool('uefi'),
    bool('secure_boot'),
    bool('guest_agent'),
    bool('is_snapshot', {readonly: true, summary: true}),
    text('uuid', {readonly: true}),
    ...stamps(),
  ],
};

export const vmActions: TableSchema = {
  name: 'vm_actions',
  description: 'VM actions (power, clone, hotplug)',
  fields: [
    key(),
    fk('vm', 'vms', {required: true, summary: true}),
    enumOf('action', VM_ACTIONS, {required: true, summary: true}),
    json('params', {heavy: true}),
    ts('created', {summary: true}),
  ],
};

export const machines: TableSchema = {
  name: 'machines',
  description: 'Runtime objects behind VMs, network routers and nodes',
  noCreate: true,
  fields: [
    key(),
    text('name', {summary: true}),
    enumOf('type', ['vm', 'vnet', 'node', 'tenant'], {readonly: true, summary: true}),
    text('description'),
    fk('status', 'machine_status', {readonly: true}),
    int('cpu_cores', {default: 1}),
    int('ram', {default: 1024}),
    // PS Get-VergeNetwork `machine#cluster#name`; PY tenant_nodes.py `machine#cluster#$display`,
    // `machine#preferred_node#$display`, `machine#on_power_loss`
    fk('cluster', 'clusters', {default: 1}),
    fk('preferred_node', 'nodes'),
    enumOf('on_power_loss', ON_POWER_LOSS, {default: 'last_state'}),
    ...stamps(),
    rowlist('nics', 'machine_nics', 'machine'),
    rowlist('drives', 'machine_drives', 'machine'),
  ],
};

export const machineStatus: TableSchema = {
  name: 'machine_status',
  description: 'Machine run state (read-only)',
  readOnly: true,
  fields: [
    key(),
    fk('machine', 'machines', {summary: true}),
    bool('running', {summary: true}),
    enumOf('status', MACHINE_STATUSES, {default: 'stopped', summary: true}),
    bool('powerstate', {summary: true}),
    enumOf('state', ['offline', 'online', 'warning', 'error']),
    // the node running the machine (PS `machine#status#node#name`, PY `machine#status#node#$display`)
    fk('node', 'nodes'),
    ts('started'),
    ts('last_update'),
  ],
};

export const machineNics: TableSchema = {
  name: 'machine_nics',
  description: 'Machine network interfaces',
  fields: [
    key(),
    fk('machine', 'machines', {required: true, createOnly: true, summary: true}),
    text('name', {summary: true}),
    int('orderid', {min: 0, max: 30}),
    enumOf('interface', NIC_INTERFACES, {default: 'virtio', summary: true}),
    text('driver'),
    text('model'),
    text('vendor'),
    int('port'),
    text('description'),
    bool('enabled', {default: true, summary: true}),
    bool('disable_mq'),
    fk('vnet', 'vnets', {summary: true}),
    text('macaddress', {summary: true}),
    text('ipaddress', {summary: true}),
    json('ipv4_config', {heavy: true}),
    int('asset', {default: null}),
    int('device', {readonly: true, default: null}),
    // PY nics.py NIC_DEFAULT_FIELDS: `status#status`, `status#speed`, `stats#rx_bytes`, `stats#txbps` (§8.1 #9)
    fk('status', 'machine_nic_status', {readonly: true}),
    fk('stats', 'machine_nic_stats', {readonly: true}),
    ...stamps(),
  ],
};

/** Per-NIC traffic counters, key = the NIC's key (PY nic_stats.py NIC_STATS_DEFAULT_FIELDS). */
export const machineNicStats: TableSchema = {
  name: 'machine_nic_stats',
  description: 'NIC traffic counters (read-only)',
  readOnly: true,
  fields: [
    key(),
    fk('parent_nic', 'machine_nics', {summary: true}),
    int('txpps', {summary: true}),
    int('rxpps', {summary: true}),
    int('txbps', {summary: true}),
    int('rxbps', {summary: true}),
    int('totalxbps'),
    int('tx_pckts'),
    int('rx_pckts'),
    int('tx_bytes', {summary: true}),
    int('rx_bytes', {summary: true}),
    int('tx_pckts_cur'),
    int('rx_pckts_cur'),
    int('tx_bytes_cur'),
    int('rx_bytes_cur'),
    ts('last_update'),
  ],
};

/** Per-NIC link state, key = the NIC's key (PY nic_stats.py NIC_STATUS_DEFAULT_FIELDS). */
export const machineNicStatus: TableSchema = {
  name: 'machine_nic_status',
  description: 'NIC link status (read-only)',
  readOnly: true,
  fields: [
    key(),
    fk('parent_nic', 'machine_nics', {summary: true}),
    enumOf('status', ['up', 'down', 'unknown', 'lowerlayerdown'], {default: 'down', summary: true}),
    enumOf('state', ['online', 'offline', 'warning', 'error'], {default: 'offline', summary: true}),
    int('speed', {summary: true}),
    ts('last_update'),
  ],
};

export const machineDrives: TableSchema = {
  name: 'machine_drives',
  description: 'Machine drives',
  fields: [
    key(),
    fk('machine', 'machines', {required: true, createOnly: true, summary: true}),
    text('name', {summary: true}),
    int('orderid', {min: 0}),
    text('interface', {default: 'virtio-scsi'}),
    enumOf('media', ['disk', 'cdrom', 'import', 'clone', 'efidisk']),
    int('disksize', {default: 10 * 1024 ** 3, summary: true}),
    bool('enabled', {default: true}),
    text('description'),
    json('params', {heavy: true}),
    ...stamps(),
  ],
};
