// Evidence for networks, their power actions, router NICs, monitoring and
// addresses (VERGEOS-API.md §8.1 #1, #6, #9, #10, #12, #13). SDK request
// sequences are replayed as their code sends them; each names its source.
import {afterEach, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start, vnetState, type Row} from './helpers.js';
import {waitUntil} from '../support/wait.js';

/** vitest's asymmetric matchers are typed `any`; held as unknown they go into literals safely */
const aNumber: unknown = expect.any(Number);
const aNode: unknown = expect.stringMatching(/^node[12]$/);

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function demo(): Promise<Api> {
  sim = await start({seed: 'demo'});
  return new Api(sim);
}

const live = (vnet: number): string[] => sim!.activeRules(vnet).map((r) => String(r.name));

async function stoppedNetworkWithStagedRule(api: Api): Promise<number> {
  const ext = await api.keyOf('vnets', 'External');
  const net = await api.post<Row>('vnets', {
    name: 'lab',
    network: '10.77.0.0/24',
    ipaddress: '10.77.0.1',
    vnet_default_gateway: ext,
  });
  const k = Number(net.body.$key);
  expect(
    (await api.post<Row>('vnet_rules', {vnet: k, name: 'allow-ssh', protocol: 'tcp', destination_ports: '22'})).status,
  ).toBe(201);
  expect(await vnetState(api, k)).toMatchObject({running: false, need_fw_apply: true});
  return k;
}

describe('power actions and staged rules (§8.1 #1)', () => {
  it('poweron without params.apply starts the router but leaves the rules staged (PS Start-VergeNetwork -ApplyRules:$false)', async () => {
    const api = await demo();
    const k = await stoppedNetworkWithStagedRule(api);
    // PS Start-VergeNetwork.ps1 body: @{vnet; action='poweron'; params=@{apply=$ApplyRules}}
    expect((await api.post<Row>('vnet_actions', {vnet: k, action: 'poweron', params: {apply: false}})).status).toBe(
      201,
    );
    await waitUntil(async () => (await vnetState(api, k)).running, {timeoutMs: 2000, what: 'running'});
    expect((await vnetState(api, k)).need_fw_apply).toBe(true);
    expect(live(k)).toEqual([]);
    // a plain body without params does the same (PY _power_action sends params only when given)
    await api.post<Row>('vnet_actions', {vnet: k, action: 'poweroff'});
    await waitUntil(async () => !(await vnetState(api, k)).running, {timeoutMs: 2000, what: 'stopped'});
    await api.post<Row>('vnet_actions', {vnet: k, action: 'poweron'});
    await waitUntil(async () => (await vnetState(api, k)).running, {timeoutMs: 2000, what: 'running again'});
    expect(live(k)).toEqual([]);
  });

  it('poweron with params.apply loads them (PY networks.py power_on(apply_rules=True), PS default)', async () => {
    const api = await demo();
    const k = await stoppedNetworkWithStagedRule(api);
    // PY: {"vnet": key, "action": "poweron", "params": {"apply": True}}
    await api.post<Row>('vnet_actions', {vnet: k, action: 'poweron', params: {apply: true}});
    await waitUntil(
      async () => {
        const s = await vnetState(api, k);
        return s.running && !s.need_fw_apply;
      },
      {timeoutMs: 2000, what: 'running and applied'},
    );
    expect(live(k)).toEqual(['allow-ssh']);
  });

  // TF3 network_restart.go: "apply=false restarts the router without also applying staged firewall rules"
  it('a reset with apply=false restarts without applying; with apply=true it loads them', async () => {
    const api = await demo();
    const dev = await api.keyOf('vnets', 'dev');
    expect((await vnetState(api, dev)).need_fw_apply).toBe(true); // the demo's pending changes
    const before = live(dev);
    await api.post<Row>('vnet_actions', {vnet: dev, action: 'reset', params: {apply: false}});
    await waitUntil(async () => (await vnetState(api, dev)).status === 'running', {timeoutMs: 2000, what: 'restarted'});
    expect((await vnetState(api, dev)).need_fw_apply).toBe(true);
    expect(live(dev)).toEqual(before);
    await api.post<Row>('vnet_actions', {vnet: dev, action: 'reset', params: {apply: true}});
    await waitUntil(async () => !(await vnetState(api, dev)).need_fw_apply, {
      timeoutMs: 2000,
      what: 'applied by restart',
    });
    expect(live(dev)).toContain('Allow HTTP from mgmt');
  });

  it('apply_fw_on_start defaults to false; set, it loads staged rules on the next start (TS network/types.ts; the effect is INFERRED)', async () => {
    const api = await demo();
    const k = await stoppedNetworkWithStagedRule(api);
    expect((await api.get<Row>(`vnets/${k}`, {fields: 'apply_fw_on_start'})).body.apply_fw_on_start).toBe(false);
    await api.put<Row>(`vnets/${k}`, {apply_fw_on_start: true});
    await api.post<Row>('vnet_actions', {vnet: k, action: 'poweron'});
    await waitUntil(async () => !(await vnetState(api, k)).need_fw_apply, {timeoutMs: 2000, what: 'applied on start'});
    expect(live(k)).toEqual(['allow-ssh']);
  });

  it('`killpower` is not a vnet action; `kill` is (PY-CL 1.2.8 #112, measured)', async () => {
    const api = await demo();
    const dev = await api.keyOf('vnets', 'dev');
    const r = await api.post<Row>('vnet_actions', {vnet: dev, action: 'killpower'});
    expect(r).toMatchObject({status: 422, body: {err: "value 'killpower' is not in list for field 'action'"}});
    expect((await api.post<Row>('vnet_actions', {vnet: dev, action: 'kill'})).status).toBe(201);
  });
});

describe('writes (§8.1 #6)', () => {
  it("a read-only field is refused: 422 `field '<f>' is readonly` (PY-CL 1.2.6 #86)", async () => {
    const api = await demo();
    const web = await api.keyOf('vnets', 'web');
    const r = await api.put<Row>(`vnets/${web}`, {description: 'x', need_fw_apply: false});
    expect(r).toMatchObject({status: 422, body: {err: "field 'need_fw_apply' is readonly"}});
    expect((await api.get<Row>(`vnets/${web}`, {fields: 'description'})).body.description).not.toBe('x');
  });

  it('a reference to a missing row is 404 `error setting field …` (PY-CL 1.2.8 #107)', async () => {
    const api = await demo();
    const web = await api.keyOf('vnets', 'web');
    const r = await api.put<Row>(`vnets/${web}`, {vnet_default_gateway: 9999});
    expect(r.status).toBe(404);
    expect(r.body.err).toMatch(/^error setting field 'vnets\.vnet_default_gateway'/);
    // null is the accepted "not set" (same entry)
    expect((await api.put<Row>(`vnets/${web}`, {network_dns: null})).status).toBe(200);
  });
});

describe('router NICs, statistics and monitoring (§8.1 #9)', () => {
  it('replays PY networks.py statistics(): nic#stats#… and nic_dmz#stats#… through the router NICs', async () => {
    const api = await demo();
    const web = await api.keyOf('vnets', 'web');
    const stats = await api.get<Row[]>('vnets', {
      filter: `$key eq ${web}`,
      fields: [
        '$key',
        'name',
        'nic#stats#txbps as tx_bps',
        'nic#stats#rxbps as rx_bps',
        'nic#stats#tx_pckts as tx_packets',
        'nic#stats#rx_pckts as rx_packets',
        'nic#stats#tx_bytes as tx_bytes',
        'nic#stats#rx_bytes as rx_bytes',
        'nic_dmz#stats#txbps as dmz_tx_bps',
        'nic_dmz#stats#rxbps as dmz_rx_bps',
        'nic_dmz#stats#tx_pckts as dmz_tx_packets',
        'nic_dmz#stats#rx_pckts as dmz_rx_packets',
        'nic_dmz#stats#tx_bytes as dmz_tx_bytes',
        'nic_dmz#stats#rx_bytes as dmz_rx_bytes',
      ].join(','),
    });
    expect(stats.status).toBe(200);
    expect(stats.body).toHaveLength(1);
    const row = stats.body[0];
    for (const f of [
      'tx_bps',
      'rx_bps',
      'tx_packets',
      'rx_packets',
      'tx_bytes',
      'rx_bytes',
      'dmz_tx_bps',
      'dmz_rx_bytes',
    ])
      expect(row[f], f).toEqual(aNumber);
    expect(row.tx_bps).toBeGreaterThan(0); // web runs
    // vnets.nic is a reference to machine_nics (TS network/types.ts "FK to machine_nics")
    const schema = (await api.get<{fields: Row[]}>('vnets/$table')).body.fields;
    expect(schema.find((f) => f.name === 'nic')).toMatchObject({references: 'machine_nics'});
    expect(schema.find((f) => f.name === 'nic_dmz')).toMatchObject({references: 'machine_nics'});
  });

  it('replays PY statistics(include_history=True) and NetworkMonitorStatsManager on the short and long history', async () => {
    const api = await demo();
    const web = await api.keyOf('vnets', 'web');
    const short = await api.get<Row[]>('vnet_monitor_stats_history_short', {
      filter: `vnet eq ${web}`,
      fields: 'timestamp,sent,dropped,quality,latency_usec_avg,latency_usec_peak',
      sort: '-timestamp',
      limit: '60',
    });
    expect(short.status).toBe(200);
    // web has gateway monitoring on (GO network.go: history "requires gateway monitoring"; the data plane's model)
    expect(short.body.length).toBeGreaterThan(0);
    for (const s of short.body) {
      expect(s).toEqual({
        $key: aNumber,
        timestamp: aNumber,
        sent: aNumber,
        dropped: aNumber,
        quality: aNumber,
        latency_usec_avg: aNumber,
        latency_usec_peak: aNumber,
      });
    }
    const ts = short.body.map((s) => Number(s.timestamp));
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
    const long = await api.get<Row[]>('vnet_monitor_stats_history_long', {
      filter: `vnet eq ${web}`,
      fields:
        '$key,vnet,timestamp,sent,dropped,quality,dropped_pct,latency_usec_avg,latency_usec_peak,duplicates,truncated,bad_checksums,bad_data',
      sort: '-timestamp',
    });
    expect(long.body.length).toBeGreaterThan(0);
    // a stopped network has no samples (PY: "Statistics are only available for running networks")
    await api.post<Row>('vnet_actions', {vnet: web, action: 'poweroff'});
    await waitUntil(async () => (await vnetState(api, web)).status === 'stopped', {timeoutMs: 2000, what: 'stopped'});
    expect((await api.get<Row[]>('vnet_monitor_stats_history_short', {filter: `vnet eq ${web}`})).body).toEqual([]);
  });

  it('replays PY NetworkDashboardManager.get(): GET vnet_dashboard with no parameters', async () => {
    const api = await demo();
    const r = await api.get<Row[]>('vnet_dashboard');
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(1);
    const d = r.body[0];
    const networks = (await api.get<Row[]>('vnets', {fields: '$key'})).body.length;
    expect(d.vnets_count).toBe(networks);
    expect(d.vnets_online).toBe(networks); // every demo network runs
    expect(d).toMatchObject({ext_count: 1, wireguards_count: 1, logs: []});
    expect(d.running_int_vnets).toEqual(expect.arrayContaining([expect.objectContaining({name: 'web'})]));
  });
});

describe('column types and defaults (§8.1 #10, TS network/types.ts, GO network types)', () => {
  it('network_dns, cluster, cluster_failover and cidr are references; apply_fw_on_start defaults to false', async () => {
    const api = await demo();
    const fields = (await api.get<{fields: Row[]}>('vnets/$table')).body.fields;
    const f = (name: string) => fields.find((x) => x.name === name);
    expect(f('network_dns')).toMatchObject({type: 'fk', references: 'vnets'});
    expect(f('cluster')).toMatchObject({type: 'fk', references: 'clusters'});
    expect(f('cluster_failover')).toMatchObject({type: 'fk', references: 'clusters'});
    expect(f('cidr')).toMatchObject({type: 'fk', references: 'vnet_cidrs', readonly: true});
    expect(f('apply_fw_on_start')).toMatchObject({type: 'bool', default: false});
  });

  it('replays PS Get-VergeNetwork: node and cluster names through machine#status#node and machine#cluster', async () => {
    const api = await demo();
    const r = await api.get<Row[]>('vnets', {
      filter: "name eq 'db'",
      fields: [
        '$key',
        'name',
        'description',
        'enabled',
        'type',
        'layer2_type',
        'layer2_id',
        'network',
        'ipaddress',
        'ipaddress_type',
        'dmz_ipaddress',
        'gateway',
        'mtu',
        'dhcp_enabled',
        'dhcp_dynamic',
        'dhcp_start',
        'dhcp_stop',
        'dhcp_sequential',
        'dns',
        'dnslist',
        'domain',
        'hostname',
        'need_fw_apply',
        'need_dns_apply',
        'need_restart',
        'statistics',
        'rate_limit',
        'rate_limit_type',
        'machine',
        'machine#status#status as status',
        'machine#status#running as running',
        'machine#status#node#name as node_name',
        'machine#cluster#name as cluster_name',
        'on_power_loss',
        'interface_vnet',
        'interface_vnet#name as interface_vnet_name',
        'proxy_enabled',
        'monitor_gateway',
      ].join(','),
    });
    expect(r.status).toBe(200);
    expect(r.body[0]).toMatchObject({
      name: 'db',
      status: 'running',
      running: true,
      node_name: aNode,
      cluster_name: 'Cluster 1',
      network: '10.10.2.0/24',
    });
  });

  it('replays PY NetworkManager.list_running(): DEFAULT_NETWORK_FIELDS with filter "running eq true"', async () => {
    const api = await demo();
    const r = await api.get<Row[]>('vnets', {
      filter: 'running eq true',
      fields:
        '$key,name,description,enabled,type,layer2_type,layer2_id,network,ipaddress,gateway,mtu,dhcp_enabled,dhcp_start,dhcp_stop,' +
        'dns,domain,need_fw_apply,need_dns_apply,need_restart,on_power_loss,interface_vnet,' +
        'machine#status#running as running,machine#status#status as status',
    });
    expect(r.status).toBe(200);
    expect(r.body.every((v) => v.running)).toBe(true);
    expect(r.body.map((v) => v.name)).toContain('web');
  });
});

describe('vnet_addresses (§8.1 #13, TS network-address/types.ts)', () => {
  it('type is required, ip optional', async () => {
    const api = await demo();
    const web = await api.keyOf('vnets', 'web');
    const noType = await api.post<Row>('vnet_addresses', {vnet: web, ip: '10.10.1.77'});
    expect(noType).toMatchObject({status: 422, body: {err: "field 'vnet_addresses.type' is required"}});
    expect((await api.post<Row>('vnet_addresses', {vnet: web, type: 'static', hostname: 'no-ip-yet'})).status).toBe(
      201,
    );
  });

  it('replays PY NetworkAliasManager (router IP aliases): create, then list by vnet and type', async () => {
    const api = await demo();
    const web = await api.keyOf('vnets', 'web');
    // PY aliases.py create(): {"vnet", "ip", "hostname", "type": "ipalias"} (+ description)
    const created = await api.post<Row>('vnet_addresses', {
      vnet: web,
      ip: '10.10.1.250',
      hostname: 'webserver',
      type: 'ipalias',
    });
    expect(created.status).toBe(201);
    const list = await api.get<Row[]>('vnet_addresses', {
      filter: `vnet eq ${web} and type eq 'ipalias'`,
      fields: '$key,vnet,ip,hostname,description,mac,type,vnet#name as vnet_name',
      sort: '+ip',
    });
    expect(list.body).toEqual([
      expect.objectContaining({$key: Number(created.body.$key), ip: '10.10.1.250', type: 'ipalias', vnet_name: 'web'}),
    ]);
  });

  it('replays PY Tenant.set_ui_ip(): a virtual address owned by the tenant stages the parent firewall', async () => {
    const api = await demo();
    const ext = await api.keyOf('vnets', 'External');
    const acme = await api.keyOf('tenants', 'acme');
    const r = await api.post<Row>('vnet_addresses', {
      vnet: ext,
      type: 'virtual',
      ip: '203.0.113.21',
      owner: `tenants/${acme}`,
    });
    expect(r.status).toBe(201);
    expect((await vnetState(api, ext)).need_fw_apply).toBe(true);
  });
});

describe('network lifecycle as pyVergeOS sends it (PY networks.py NetworkManager, base.py ResourceManager)', () => {
  const PY_DEFAULT_NETWORK_FIELDS =
    '$key,name,description,enabled,type,layer2_type,layer2_id,network,ipaddress,gateway,mtu,dhcp_enabled,dhcp_start,' +
    'dhcp_stop,dns,domain,need_fw_apply,need_dns_apply,need_proxy_apply,need_restart,on_power_loss,interface_vnet,' +
    'proxy_enabled,machine#status#running as running,machine#status#status as status';

  it('replays create → get(key) → list_internal → update → power_on → power_off → delete', async () => {
    const api = await demo();
    // create(name, network_address, ip_address, dhcp_enabled, dhcp_start, dhcp_stop): the body PY builds,
    // with its defaults (type internal, dns simple, layer2_type vxlan, on_power_loss last_state, description '')
    const created = await api.post<Row>('vnets', {
      name: 'Dev-Network',
      type: 'internal',
      dhcp_enabled: true,
      dns: 'simple',
      layer2_type: 'vxlan',
      on_power_loss: 'last_state',
      description: '',
      network: '10.10.10.0/24',
      ipaddress: '10.10.10.1',
      dhcp_start: '10.10.10.100',
      dhcp_stop: '10.10.10.200',
    });
    expect(created.status).toBe(201);
    // "API returns {$key, location, dbpath} - fetch full network"
    const key = Number(created.body.$key);
    expect(key).toBeGreaterThan(0);
    const got = await api.get<Row>(`vnets/${key}`, {fields: PY_DEFAULT_NETWORK_FIELDS});
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      $key: key,
      name: 'Dev-Network',
      type: 'internal',
      network: '10.10.10.0/24',
      ipaddress: '10.10.10.1',
      dhcp_enabled: true,
      dhcp_start: '10.10.10.100',
      dhcp_stop: '10.10.10.200',
      layer2_type: 'vxlan',
      running: false,
      status: 'stopped',
    });
    // list_internal(): filter "type eq 'internal'" with the default fields
    const internal = await api.get<Row[]>('vnets', {filter: "type eq 'internal'", fields: PY_DEFAULT_NETWORK_FIELDS});
    expect(internal.status).toBe(200);
    expect(internal.body.map((n) => n.name)).toContain('Dev-Network');
    expect(internal.body.every((n) => n.type === 'internal')).toBe(true);
    // update(key, **kwargs): PUT with only the named fields, then get(key)
    expect((await api.put<Row>(`vnets/${key}`, {description: 'lab'})).status).toBe(200);
    expect((await api.get<Row>(`vnets/${key}`, {fields: PY_DEFAULT_NETWORK_FIELDS})).body).toMatchObject({
      description: 'lab',
      dhcp_start: '10.10.10.100',
    });
    // power_on() (apply_rules=True by default): {"vnet", "action": "poweron", "params": {"apply": true}}
    expect((await api.post<Row>('vnet_actions', {vnet: key, action: 'poweron', params: {apply: true}})).status).toBe(
      201,
    );
    await waitUntil(async () => (await vnetState(api, key)).running, {timeoutMs: 2000, what: 'network up'});
    // power_off(): {"vnet", "action": "poweroff"} (no params)
    expect((await api.post<Row>('vnet_actions', {vnet: key, action: 'poweroff'})).status).toBe(201);
    await waitUntil(async () => (await vnetState(api, key)).status === 'stopped', {
      timeoutMs: 2000,
      what: 'network down',
    });
    // delete(key): DELETE vnets/{key}; the row is gone
    expect((await api.del<Row>(`vnets/${key}`)).status).toBe(200);
    expect((await api.get<Row>(`vnets/${key}`, {fields: PY_DEFAULT_NETWORK_FIELDS})).status).toBe(404);
  });
});
