// Evidence for tenants, tenant nodes, VMs and NICs: the field lists and joins
// pyVergeOS, PSVergeOS and the Terraform provider read, replayed as sent, and
// tenant power-on without nodes (VERGEOS-API.md §8.1 #7, #9).
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start, vnetState, type Row} from './helpers.js';
import {waitUntil} from '../support/wait.js';

/** vitest's asymmetric matchers are typed `any`; held as unknown they go into literals safely */
const aNumber: unknown = expect.any(Number);
const upOrDown: unknown = expect.stringMatching(/^(up|down)$/);
const aNode: unknown = expect.stringMatching(/^node[12]$/);

let sim: SimulatorHandle;
let api: Api;
beforeEach(async () => {
  sim = await start({seed: 'demo'});
  api = new Api(sim);
});
afterEach(() => sim.close());

/** PY tenant_manager.py TENANT_DEFAULT_FIELDS */
const PY_TENANT_FIELDS = [
  '$key',
  'name',
  'description',
  'url',
  'uuid',
  'created',
  'creator',
  'is_snapshot',
  'isolate',
  'note',
  'expose_cloud_snapshots',
  'allow_branding',
  'status#status as status',
  'status#running as running',
  'status#starting as starting',
  'status#stopping as stopping',
  'status#migrating as migrating',
  'status#started as started_ts',
  'status#stopped as stopped_ts',
  'status#state as state',
  'vnet',
  'vnet#name as network_name',
  'ui_address',
  'ui_address#ip as ui_address_ip',
].join(',');

/** PY tenant_nodes.py TENANT_NODE_DEFAULT_FIELDS */
const PY_TENANT_NODE_FIELDS = [
  '$key',
  'tenant',
  'name',
  'nodeid',
  'cpu_cores',
  'ram',
  'enabled',
  'description',
  'machine',
  'machine#status#running as running',
  'machine#status#status as status',
  'machine#status#node#$display as host_node',
  'machine#cluster as cluster',
  'machine#cluster#$display as cluster_name',
  'machine#preferred_node as preferred_node',
  'machine#preferred_node#$display as preferred_node_name',
  'machine#on_power_loss as on_power_loss',
].join(',');

describe('tenants', () => {
  it('replays PY TenantManager.get(): status, start/stop stamps, network and UI address through joins', async () => {
    const acme = await api.keyOf('tenants', 'acme');
    const r = await api.get<Row>(`tenants/${acme}`, {fields: PY_TENANT_FIELDS});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'acme',
      status: 'online',
      running: true,
      starting: false,
      state: 'online',
      network_name: 'tenant_acme',
      ui_address_ip: '203.0.113.20',
      started_ts: aNumber,
    });
    expect(r.body.started_ts).toBeGreaterThan(0);
  });

  it('a power-on without nodes is accepted and starts only the tenant network (TF3 CHANGELOG; §8.1 #7)', async () => {
    const t = await api.post<Row>('tenants', {name: 'bare', password: 'x'});
    const key = Number(t.body.$key);
    // PY Tenant.power_on(): {"tenant": key, "action": "poweron"}
    expect((await api.post<Row>('tenant_actions', {tenant: key, action: 'poweron'})).status).toBe(201);
    const net = (await api.get<Row>(`tenants/${key}`, {fields: 'vnet'})).body.vnet as number;
    await waitUntil(async () => (await vnetState(api, net)).running, {timeoutMs: 2000, what: 'tenant network up'});
    const after = (await api.get<Row>(`tenants/${key}`, {fields: PY_TENANT_FIELDS})).body;
    expect(after).toMatchObject({status: 'offline', running: false, started_ts: 0});
  });

  it('replays PY TenantNodeManager.create() and list(): each node has a machine, read through joins', async () => {
    const t = await api.post<Row>('tenants', {name: 'nodes-t', password: 'x'});
    const key = Number(t.body.$key);
    // PY create(): {"tenant", "cpu_cores", "ram", "cluster"} (+ preferred_node, name, description when given)
    const n = await api.post<Row>('tenant_nodes', {
      tenant: key,
      cpu_cores: 4,
      ram: 16384,
      cluster: 1,
      preferred_node: 1,
    });
    expect(n.status).toBe(201);
    const list = await api.get<Row[]>('tenant_nodes', {filter: `tenant eq ${key}`, fields: PY_TENANT_NODE_FIELDS});
    expect(list.body).toEqual([
      expect.objectContaining({
        name: 'node1',
        nodeid: 1,
        cpu_cores: 4,
        ram: 16384,
        machine: aNumber,
        running: false,
        status: 'stopped',
        cluster: 1,
        cluster_name: 'Cluster 1',
        preferred_node: 1,
        preferred_node_name: 'node1',
        on_power_loss: 'last_state',
      }),
    ]);
    await api.post<Row>('tenant_actions', {tenant: key, action: 'poweron'});
    await waitUntil(
      async () =>
        (await api.get<Row[]>('tenant_nodes', {filter: `tenant eq ${key}`, fields: PY_TENANT_NODE_FIELDS})).body[0]
          .running,
      {timeoutMs: 2000, what: 'node running'},
    );
    const running = (await api.get<Row[]>('tenant_nodes', {filter: `tenant eq ${key}`, fields: PY_TENANT_NODE_FIELDS}))
      .body[0];
    expect(running.host_node).toMatch(/^node[12]$/);
    await waitUntil(
      async () => (await api.get<Row>(`tenants/${key}`, {fields: PY_TENANT_FIELDS})).body.status === 'online',
      {timeoutMs: 2000, what: 'online'},
    );
    await api.post<Row>('tenant_actions', {tenant: key, action: 'poweroff'});
    await waitUntil(
      async () => Number((await api.get<Row>(`tenants/${key}`, {fields: PY_TENANT_FIELDS})).body.stopped_ts) > 0,
      {timeoutMs: 2000, what: 'stopped stamp'},
    );
  });
});

describe('tenant lifecycle as pyVergeOS sends it (PY tenant_manager.py TenantManager, base.py ResourceManager)', () => {
  it('replays create → get(key) → update → delete, then the name is free again', async () => {
    // create(name, password, description): {"name", "expose_cloud_snapshots"} plus the arguments given
    const created = await api.post<Row>('tenants', {
      name: 'pytest-tenant',
      expose_cloud_snapshots: true,
      password: 'Secret123!',
      description: 'made as PY makes it',
    });
    expect(created.status).toBe(201);
    const key = Number(created.body.$key);
    // "The API only returns limited fields on create, so fetch the full tenant"
    const got = await api.get<Row>(`tenants/${key}`, {fields: PY_TENANT_FIELDS});
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      $key: key,
      name: 'pytest-tenant',
      description: 'made as PY makes it',
      status: 'offline',
      running: false,
      network_name: 'tenant_pytest-tenant',
    });
    expect(JSON.stringify(got.body)).not.toContain('Secret123!');
    // update(key, **kwargs): PUT the named fields, then get(key)
    expect((await api.put<Row>(`tenants/${key}`, {description: 'renamed note', note: 'n'})).status).toBe(200);
    expect((await api.get<Row>(`tenants/${key}`, {fields: PY_TENANT_FIELDS})).body).toMatchObject({
      description: 'renamed note',
      note: 'n',
      name: 'pytest-tenant',
    });
    // get(name=...): the filter PY sends, one row
    const byName = await api.get<Row[]>('tenants', {filter: "name eq 'pytest-tenant'", fields: PY_TENANT_FIELDS});
    expect(byName.body.map((t) => t.$key)).toEqual([key]);
    // delete(key) of a stopped tenant
    expect((await api.del<Row>(`tenants/${key}`)).status).toBe(200);
    expect((await api.get<Row>(`tenants/${key}`, {fields: PY_TENANT_FIELDS})).status).toBe(404);
    expect((await api.get<Row[]>('tenants', {filter: "name eq 'pytest-tenant'", fields: '$key'})).body).toEqual([]);
  });
});

/** PY nics.py NIC_DEFAULT_FIELDS (also PS Get-VergeNIC) */
const PY_NIC_FIELDS = [
  '$key',
  'name',
  'orderid',
  'interface',
  'description',
  'enabled',
  'macaddress',
  'ipaddress',
  'vnet',
  'machine',
  'status#status as status',
  'status#display(status) as status_display',
  'status#speed as speed',
  'vnet#$key as vnet_key',
  'vnet#name as vnet_name',
  'vnet#machine#status#status as vnet_status',
  'stats#rx_bytes as rx_bytes',
  'stats#tx_bytes as tx_bytes',
  'stats#rxbps as rxbps',
  'stats#txbps as txbps',
].join(',');

describe('VMs and NICs', () => {
  it("replays PY VM NIC list: link status, speed, the network's router state and counters through joins (§8.1 #9)", async () => {
    const vm = (await api.get<Row[]>('vms', {filter: "name eq 'web-01'", fields: 'machine'})).body[0];
    const r = await api.get<Row[]>('machine_nics', {
      filter: `machine eq ${Number(vm.machine)}`,
      fields: PY_NIC_FIELDS,
      sort: '+orderid',
    });
    expect(r.status).toBe(200);
    expect(r.body[0]).toMatchObject({
      vnet_name: 'web',
      vnet_status: 'running',
      status: 'up',
      status_display: 'Up',
      speed: aNumber,
      rx_bytes: aNumber,
      txbps: aNumber,
    });
    expect(r.body[0].vnet_key).toBe(r.body[0].vnet);
  });

  it('replays PY MachineNicStatsManager / MachineNicStatusManager: by `parent_nic eq N`, limit 1', async () => {
    const nic = (await api.get<Row[]>('machine_nics', {filter: "name eq 'eth0'", fields: '$key', limit: '1'})).body[0]
      .$key;
    const stats = await api.get<Row[]>('machine_nic_stats', {
      filter: `parent_nic eq ${Number(nic)}`,
      fields:
        '$key,parent_nic,txpps,rxpps,txbps,rxbps,totalxbps,tx_pckts,rx_pckts,tx_bytes,rx_bytes,tx_pckts_cur,rx_pckts_cur,tx_bytes_cur,rx_bytes_cur,last_update',
      limit: '1',
    });
    expect(stats.body).toEqual([expect.objectContaining({parent_nic: nic, totalxbps: aNumber})]);
    const status = await api.get<Row[]>('machine_nic_status', {
      filter: `parent_nic eq ${Number(nic)}`,
      fields: '$key,parent_nic,status,state,speed,last_update',
      limit: '1',
    });
    expect(status.body).toEqual([expect.objectContaining({parent_nic: nic, status: upOrDown})]);
  });

  it('the VM power state as the Terraform provider reads it: machine#status#display(status) as powerState (TF3 VM API)', async () => {
    const vm = (await api.get<Row[]>('vms', {filter: "name eq 'dev-01'", fields: '$key'})).body[0].$key;
    const r = await api.get<Row>(`vms/${Number(vm)}`, {fields: 'machine#status#display(status) as powerState'});
    expect(r.body).toEqual({$key: vm, powerState: 'Stopped'});
  });

  it('a machine carries its cluster; a running one its node (PS `machine#cluster#name`, `machine#status#node#name`)', async () => {
    const r = await api.get<Row[]>('vms', {
      filter: "name eq 'web-01'",
      fields: 'machine#cluster#name as cluster,machine#status#node#name as node,machine#status#running as running',
    });
    expect(r.body[0]).toMatchObject({cluster: 'Cluster 1', node: aNode, running: true});
  });
});
