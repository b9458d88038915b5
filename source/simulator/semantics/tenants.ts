// Tenants: created stopped, each with a network on this (the parent) system
// and a tenant_status row; each tenant node has a machine; only the last node
// can be removed; isolation is toggled by actions. Power-on without nodes is
// accepted and starts only the tenant's network (TF3 CHANGELOG, §8.1 #7).
import {notPermitted} from '../errors.js';
import type {Row} from '../db/table.js';
import {createRow, deleteRow, patchRow} from '../db/writes.js';
import type {Draft, Sim, TableHooks} from '../sim.js';
import {createMachine, settleMachine, startMachine, stopMachine} from './machines.js';
import {tenantStatus} from './owners.js';
import {str} from '../text.js';

type TenantStatus = 'offline' | 'online' | 'starting' | 'stopping' | 'restarting';

function setTenantStatus(sim: Sim, tenantKey: number, status: TenantStatus): void {
  const stamp: Draft = {};
  if (status === 'online') stamp.started = sim.now();
  if (status === 'offline' && sim.db.get('tenant_status', tenantKey)?.status !== 'offline') stamp.stopped = sim.now();
  patchRow(sim, 'tenant_status', tenantKey, {
    ...stamp,
    status,
    state: status === 'online' ? 'online' : status === 'offline' ? 'offline' : 'warning',
    running: status === 'online' || status === 'stopping' || status === 'restarting',
    starting: status === 'starting',
    stopping: status === 'stopping',
    migrating: false,
    last_update: sim.now(),
  });
}

function tenantNetwork(sim: Sim, tenant: Row): Row | undefined {
  return sim.db.get('vnets', tenant.vnet as number | null);
}

function transition(sim: Sim, tenantKey: number, via: TenantStatus, to: TenantStatus): void {
  const thing = `tenant:${tenantKey}`;
  const gen = sim.bump(thing);
  setTenantStatus(sim, tenantKey, via);
  const tenant = sim.db.get('tenants', tenantKey);
  const net = tenant ? tenantNetwork(sim, tenant) : undefined;
  const machines = [
    ...(net ? [net.machine as number] : []),
    ...sim.db
      .table('tenant_nodes')
      .where('tenant', tenantKey)
      .map((n) => n.machine as number),
  ];
  for (const m of machines) {
    if (typeof m !== 'number') continue;
    if (to === 'online') startMachine(sim, m);
    else stopMachine(sim, m, false);
  }
  sim.later(sim.config.powerDelayMs, () => {
    if (sim.isCurrent(thing, gen) && sim.db.table('tenant_status').has(tenantKey)) setTenantStatus(sim, tenantKey, to);
  });
}

export function runTenantAction(sim: Sim, tenantKey: number, action: string, params: Draft): void {
  const status = tenantStatus(sim, tenantKey);
  switch (action) {
    case 'poweron':
      if (sim.db.table('tenant_nodes').count('tenant', tenantKey) === 0) {
        // accepted, but nothing can run: only the tenant's network comes up (TF3 CHANGELOG)
        const tenant = sim.db.get('tenants', tenantKey);
        const net = tenant ? tenantNetwork(sim, tenant) : undefined;
        if (net) startMachine(sim, net.machine as number);
        return;
      }
      if (status === 'offline' || status === 'stopping') transition(sim, tenantKey, 'starting', 'online');
      return;
    case 'poweroff':
      if (status !== 'offline') transition(sim, tenantKey, 'stopping', 'offline');
      return;
    case 'reset':
      transition(sim, tenantKey, status === 'offline' ? 'starting' : 'restarting', 'online');
      return;
    case 'isolateon':
    case 'isolateoff':
      sim.later(0, () => {
        if (sim.db.table('tenants').has(tenantKey))
          patchRow(sim, 'tenants', tenantKey, {isolate: action === 'isolateon'});
      });
      return;
    case 'clone':
      sim.later(0, () => cloneTenant(sim, tenantKey, params));
      return;
    default:
      return; // give_file, refresh_status: nothing to simulate
  }
}

function cloneTenant(sim: Sim, tenantKey: number, params: Draft): void {
  const src = sim.db.get('tenants', tenantKey);
  if (!src) return;
  const tenants = sim.db.table('tenants');
  let name = typeof params.name === 'string' && params.name ? params.name : `${String(src.name)}-clone`;
  for (let n = 2; tenants.uniqueConflict({name}); n++) name = `${String(src.name)}-clone${n}`;
  const {row} = createRow(sim, 'tenants', {name, description: src.description, theme_access: src.theme_access});
  if (!params.no_nodes) {
    for (const node of sim.db.table('tenant_nodes').where('tenant', tenantKey)) {
      createRow(sim, 'tenant_nodes', {
        tenant: row.$key,
        cpu_cores: node.cpu_cores,
        ram: node.ram,
        cluster: node.cluster,
      });
    }
  }
}

export const tenantHooks: TableHooks = {
  afterCreate(sim, row) {
    const k = row.$key;
    createRow(
      sim,
      'tenant_status',
      {tenant: k, status: 'offline', state: 'offline', running: false},
      {internal: true, key: k},
    );
    const vnets = sim.db.table('vnets');
    let name = `tenant_${String(row.name)}`;
    for (let n = 2; vnets.uniqueConflict({name}); n++) name = `tenant_${String(row.name)}_${n}`;
    const net = createRow(
      sim,
      'vnets',
      {
        name,
        description: `Network of tenant ${String(row.name)}`,
        type: 'internal',
        ipaddress_type: 'none',
        dns: 'disabled',
        owner: `tenants/${k}`,
      },
      {internal: true},
    ).row;
    settleMachine(sim, net.machine as number, 'stopped');
    const uuid = [8, 4, 4, 4, 12].map((n) => sim.rng.hex(n)).join('-');
    patchRow(sim, 'tenants', k, {status: k, vnet: net.$key, uuid});
  },
  beforeDelete(sim, row, opts) {
    if (opts.internal) return;
    const status = tenantStatus(sim, row.$key);
    if (status !== 'offline')
      throw notPermitted(`tenant '${String(row.name)}' is ${status}: power it off before deleting it`);
    const net = tenantNetwork(sim, row);
    const netStatus = net ? str(sim.db.get('machine_status', net.machine as number)?.status ?? 'stopped') : 'stopped';
    if (netStatus !== 'stopped')
      throw notPermitted(`the network of tenant '${String(row.name)}' is still ${netStatus}`);
  },
  afterDelete(sim, row) {
    const k = row.$key;
    const owner = `tenants/${k}`;
    for (const n of sim.db.table('tenant_nodes').where('tenant', k))
      deleteRow(sim, 'tenant_nodes', n.$key, {internal: true});
    for (const l of sim.db.table('tenant_layer2_vnets').where('tenant', k))
      deleteRow(sim, 'tenant_layer2_vnets', l.$key, {internal: true});
    for (const a of sim.db.table('vnet_addresses').where('owner', owner))
      deleteRow(sim, 'vnet_addresses', a.$key, {internal: true});
    for (const c of sim.db.table('vnet_cidrs').where('owner', owner))
      deleteRow(sim, 'vnet_cidrs', c.$key, {internal: true});
    if (sim.db.table('vnets').has(row.vnet as number)) deleteRow(sim, 'vnets', row.vnet as number, {internal: true});
    if (sim.db.table('tenant_status').has(k)) deleteRow(sim, 'tenant_status', k, {internal: true});
  },
};

export const tenantNodeHooks: TableHooks = {
  beforeCreate(sim, values) {
    let max = 0;
    for (const n of sim.db.table('tenant_nodes').where('tenant', values.tenant))
      max = Math.max(max, n.nodeid as number);
    values.nodeid = max + 1;
    if (!values.name) values.name = `node${max + 1}`;
  },
  afterCreate(sim, row) {
    const tenant = sim.db.get('tenants', row.tenant as number);
    const machine = createMachine(sim, `${String(tenant?.name ?? row.tenant)} ${String(row.name)}`, 'tenant', {
      cpu_cores: row.cpu_cores,
      ram: row.ram,
      cluster: row.cluster,
      preferred_node: row.preferred_node,
    });
    patchRow(sim, 'tenant_nodes', row.$key, {machine});
    const status = tenantStatus(sim, row.tenant as number);
    if (status === 'online' || status === 'starting' || status === 'restarting') startMachine(sim, machine);
  },
  afterDelete(sim, row) {
    if (sim.db.table('machines').has(row.machine as number))
      deleteRow(sim, 'machines', row.machine as number, {internal: true});
  },
  beforeDelete(sim, row, opts) {
    if (opts.internal) return;
    const nodes = sim.db.table('tenant_nodes').where('tenant', row.tenant);
    const last = nodes.reduce((a, b) => ((b.nodeid as number) > (a.nodeid as number) ? b : a));
    if (last.$key !== row.$key) {
      throw notPermitted(
        `only the last node of a tenant can be deleted (${String(last.name)}, not ${String(row.name)})`,
      );
    }
  },
};
