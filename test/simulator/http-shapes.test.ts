import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start, type Wire} from './helpers.js';

describe('response shapes and statuses', () => {
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    sim = await start({seed: 'empty'});
    api = new Api(sim);
  });
  afterAll(() => sim.close());

  it('GET /version.json needs no credentials', async () => {
    const r = await fetch(`${sim.url}/version.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    const body = await r.json();
    expect(body).toEqual({
      name: 'VergeOS',
      version: expect.stringMatching(/^26\.\d+\.\d+$/),
      hash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });

  it('lists are arrays (system too), gets are objects, missing rows 404 with {"err"}', async () => {
    const system = await api.get('system', {fields: 'yb_version,os_version,cloud_name,branch'});
    expect(Array.isArray(system.body)).toBe(true);
    expect(system.body[0]).toMatchObject({yb_version: '26.1.8', branch: 'stable'});
    const one = await api.get('vnets/1', {fields: 'name,type'});
    expect(one.body).toEqual({$key: 1, name: 'External', type: 'external'});
    const missing = await api.get('vnets/999');
    expect(missing.status).toBe(404);
    expect(Object.keys(missing.body)).toEqual(['err']);
    expect((await api.get('vnets/abc')).status).toBe(404);
  });

  it('unknown tables and paths answer 404 {"err"}; wrong methods 405', async () => {
    const t = await api.get('nosuchtable');
    expect(t.status).toBe(404);
    expect(t.body.err).toMatch(/nosuchtable/);
    expect((await api.call('GET', '/api/v3/vnets')).status).toBe(404);
    expect((await api.call('PATCH', '/api/v4/vnets/1', {})).status).toBe(405);
    expect((await api.call('POST', '/api/v4/vnets/1', {})).status).toBe(405);
    expect((await api.call('DELETE', '/api/v4/vnets')).status).toBe(405);
  });

  it('create answers 201 with $key as a string; GET rows carry $key as a number', async () => {
    const r = await api.post('vnets', {name: 'net-a', network: '10.1.0.0/24', ipaddress: '10.1.0.1'});
    expect(r.status).toBe(201);
    const k = Number(r.body.$key);
    expect(r.body).toEqual({location: `/v4/vnets/${k}`, dbpath: `vnets/${k}`, $row: k, $key: String(k)});
    const got = await api.get(`vnets/${k}`, {fields: 'all'});
    expect(got.body.$key).toBe(k);
    expect(got.body).toMatchObject({
      type: 'internal',
      layer2_type: 'vxlan',
      enabled: true,
      dns: 'simple',
      port_mirroring: 'off',
      mtu: 1500,
    });
  });

  it('POST /vms adds response.machine (a different key from the VM)', async () => {
    const r = await api.post('vms', {name: 'vm-x', cpu_cores: '2', ram: 2048});
    expect(r.status).toBe(201);
    expect(r.body.response).toEqual({machine: expect.stringMatching(/^\d+$/)});
    const vm = await api.get(`vms/${r.body.$key}`, {fields: 'machine,cpu_cores'});
    expect(String(vm.body.machine)).toBe(r.body.response.machine);
    expect(vm.body.machine).not.toBe(Number(r.body.$key));
    expect(vm.body.cpu_cores).toBe(2); // numeric strings are accepted for integers
    const status = await api.get(`machine_status/${r.body.response.machine}`, {fields: 'powerstate,running,status'});
    expect(status.body).toEqual({
      $key: Number(r.body.response.machine),
      powerstate: false,
      running: false,
      status: 'stopped',
    });
  });

  it('PUT is a partial merge answering 200 []; JSON columns are replaced whole', async () => {
    const {body} = await api.post('vnets', {
      name: 'net-b',
      advanced_options: {dnsmasq: ['a', 'b'], keep: 1},
      description: 'd',
    });
    const put = await api.put(`vnets/${body.$key}`, {mtu: '9000', advanced_options: {dnsmasq: ['c']}});
    expect(put.status).toBe(200);
    expect(put.body).toEqual([]);
    const got = (await api.get(`vnets/${body.$key}`, {fields: 'mtu,advanced_options,description'})).body;
    expect(got).toEqual({$key: Number(body.$key), mtu: 9000, advanced_options: {dnsmasq: ['c']}, description: 'd'});
    expect((await api.put(`vnets/${body.$key}`, {})).status).toBe(200);
    expect((await api.put('vnets/999', {mtu: 1500})).status).toBe(404);
  });

  it('unknown write fields are dropped silently', async () => {
    const r = await api.post('vnet_rule_aliases', {name: 'al-1', value: '10.0.0.1', skip_missed: true, tier: 1});
    expect(r.status).toBe(201);
    const got = await api.get(`vnet_rule_aliases/${r.body.$key}`, {fields: 'all'});
    expect(got.body).not.toHaveProperty('skip_missed');
    expect((await api.put(`vnet_rule_aliases/${r.body.$key}`, {tier: 2})).status).toBe(200);
  });

  it('write-only fields are never returned', async () => {
    const t = await api.post('tenants', {name: 'tn-1', password: 's3cret'});
    const all = await api.get(`tenants/${t.body.$key}`, {fields: 'all'});
    expect(all.body).not.toHaveProperty('password');
    expect(JSON.stringify(all.body)).not.toContain('s3cret');
    // named explicitly, a write-only column is accepted and comes back blank (§8.1 #8)
    const named = await api.get('tenants', {fields: 'password'});
    expect(named.status).toBe(200);
    expect(named.body.every((t: {password: string}) => t.password === '')).toBe(true);
    const ext = await api.keyOf('vnets', 'External');
    const ipsec = await api.post('vnet_ipsecs', {vnet: ext});
    const p1 = await api.post('vnet_ipsec_phase1s', {
      ipsec: ipsec.body.$key,
      name: 'p',
      remote_gateway: '198.51.100.1',
      psk: 'pre-shared',
    });
    expect(JSON.stringify((await api.get(`vnet_ipsec_phase1s/${p1.body.$key}`, {fields: 'all'})).body)).not.toContain(
      'pre-shared',
    );
    const wg = await api.post('vnet_wireguards', {vnet: ext, name: 'wgx', ip: '192.168.77.1/24', enabled: false});
    const wgRow = (await api.get(`vnet_wireguards/${wg.body.$key}`, {fields: 'all'})).body;
    expect(wgRow).not.toHaveProperty('private_key');
    expect(wgRow.public_key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const peer = await api.post('vnet_wireguard_peers', {
      wireguard: wg.body.$key,
      name: 'p1',
      public_key: wgRow.public_key,
      allowed_ips: '10.9.0.0/24',
      preshared_key: wgRow.public_key,
    });
    const peerRow = (await api.get(`vnet_wireguard_peers/${peer.body.$key}`, {fields: 'all'})).body;
    expect(peerRow).not.toHaveProperty('preshared_key');
    expect(peerRow).not.toHaveProperty('private_key');
  });

  it('freed keys are reused, lowest first', async () => {
    const keys: number[] = [];
    for (const name of ['k1', 'k2', 'k3'])
      keys.push(Number((await api.post('vnet_rule_aliases', {name, value: '10.0.0.1'})).body.$key));
    await api.del(`vnet_rule_aliases/${keys[2]}`);
    await api.del(`vnet_rule_aliases/${keys[0]}`);
    const again = await api.post('vnet_rule_aliases', {name: 'k4', value: '10.0.0.2'});
    expect(Number(again.body.$key)).toBe(keys[0]);
    const again2 = await api.post('vnet_rule_aliases', {name: 'k5', value: '10.0.0.2'});
    expect(Number(again2.body.$key)).toBe(keys[2]);
  });

  it('DELETE answers 200 and the row is gone', async () => {
    const r = await api.post('vnet_rule_aliases', {name: 'gone', value: '10.0.0.1'});
    const d = await api.del(`vnet_rule_aliases/${r.body.$key}`);
    expect(d.status).toBe(200);
    expect((await api.get(`vnet_rule_aliases/${r.body.$key}`)).status).toBe(404);
    expect((await api.del(`vnet_rule_aliases/${r.body.$key}`)).status).toBe(404);
  });

  it('422 messages: required, enum, validation, unique names; 409 for a duplicate VM', async () => {
    const req = await api.post('vnets', {description: 'x'});
    expect(req).toMatchObject({status: 422, body: {err: "field 'vnets.name' is required"}});
    const en = await api.post('vnets', {name: 'n-enum', type: 'bogus'});
    expect(en).toMatchObject({status: 422, body: {err: "value 'bogus' is not in list for field 'type'"}});
    const cidr = await api.post('vnets', {name: 'n-cidr', network: '10.0.0.0/33'});
    expect(cidr.status).toBe(422);
    expect(cidr.body.err).toMatch(/^Validation error on field: 'network'/);
    const ip = await api.post('vnets', {name: 'n-ip', ipaddress: '10.0.0.300'});
    expect(ip.body.err).toMatch(/'ipaddress'/);
    const mtu = await api.post('vnets', {name: 'n-mtu', mtu: 'big'});
    expect(mtu.status).toBe(422);
    const dup = await api.post('vnets', {name: 'External'});
    expect(dup.status).toBe(422);
    expect(dup.body.err).toMatch(/already exists/);
    await api.post('vms', {name: 'twin'});
    const vm = await api.post('vms', {name: 'twin'});
    expect(vm.status).toBe(409);
    // a reference to a missing row: 404 `error setting field …` (PY-CL 1.2.8 #107)
    const ref = await api.post('vnet_rules', {vnet: 999, name: 'r'});
    expect(ref.status).toBe(404);
    expect(ref.body.err).toMatch(/^error setting field 'vnet_rules\.vnet'.*vnets\/999/);
    const fixed = await api.post('vnet_rules', {vnet: 1, name: 'fixed-vnet'});
    const move = await api.put(`vnet_rules/${fixed.body.$key}`, {
      vnet: Number((await api.post('vnets', {name: 'other'})).body.$key),
    });
    expect(move).toMatchObject({status: 422, body: {err: "field 'vnet_rules.vnet' cannot be changed after create"}});
    expect((await api.put(`vnet_rules/${fixed.body.$key}`, {vnet: 1, name: 'same-vnet-ok'})).status).toBe(200);
    const badJson = await api.call('POST', '/api/v4/vnets', '{not json');
    expect(badJson.status).toBe(400);
    expect(Object.keys(badJson.body)).toEqual(['err']);
  });

  it('unique names: rule per network, alias global, tenant global', async () => {
    const a = await api.post('vnets', {name: 'u-a'});
    const b = await api.post('vnets', {name: 'u-b'});
    expect((await api.post('vnet_rules', {vnet: a.body.$key, name: 'same'})).status).toBe(201);
    expect((await api.post('vnet_rules', {vnet: b.body.$key, name: 'same'})).status).toBe(201);
    expect((await api.post('vnet_rules', {vnet: a.body.$key, name: 'same'})).status).toBe(422);
    expect((await api.post('vnet_rule_aliases', {name: 'dup-alias'})).status).toBe(201);
    expect((await api.post('vnet_rule_aliases', {name: 'dup-alias'})).status).toBe(422);
    expect((await api.post('tenants', {name: 'dup-tenant'})).status).toBe(201);
    expect((await api.post('tenants', {name: 'dup-tenant'})).status).toBe(422);
  });

  it('read-only tables refuse writes with 405', async () => {
    expect((await api.post('vnet_ipsec_connections', {name: 'x'})).status).toBe(405);
    expect((await api.put('machine_status/1', {running: true})).status).toBe(405);
    expect((await api.post('vnet_wireguard_peer_status', {peer: 1})).status).toBe(405);
  });

  it('$table describes a table', async () => {
    const r = await api.get('vnet_rules/$table');
    expect(r.status).toBe(200);
    const action = r.body.fields.find((f: Wire) => f.name === 'action');
    expect(action).toMatchObject({
      type: 'enum',
      enum: ['accept', 'drop', 'reject', 'translate', 'route'],
      default: 'accept',
    });
    expect(r.body.fields.find((f: Wire) => f.name === 'system_rule')).toMatchObject({readonly: true});
    expect(r.body.fields.find((f: Wire) => f.name === 'vnet')).toMatchObject({
      type: 'fk',
      references: 'vnets',
      required: true,
    });
  });

  it('honours X-JSON-Non-Compact: 1 and always answers application/json', async () => {
    const compact = await api.call('GET', '/api/v4/vnets/1?fields=name');
    const pretty = await api.call('GET', '/api/v4/vnets/1?fields=name', undefined, {'X-JSON-Non-Compact': '1'});
    expect(compact.text).toBe('{"$key":1,"name":"External"}');
    expect(pretty.text).toBe('{\n  "$key": 1,\n  "name": "External"\n}');
    expect(pretty.headers.get('content-type')).toBe('application/json');
    const err = await api.get('nosuchtable');
    expect(err.headers.get('content-type')).toBe('application/json');
  });

  it('handles concurrent requests', async () => {
    const answers = await Promise.all(
      Array.from({length: 40}, (_, i) => api.post('vnet_rule_aliases', {name: `conc-${i}`, value: '10.0.0.1'})),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(new Set(answers.map((a) => a.body.$key)).size).toBe(40);
  });

  it('records every request', async () => {
    sim.clearRequests();
    await api.get('vnets', {fields: 'name'});
    await fetch(`${sim.url}/version.json`);
    expect(sim.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v4/vnets',
        query: {fields: 'name'},
        status: 200,
        auth: 'basic',
        bodyBytes: 0,
      }),
      expect.objectContaining({method: 'GET', path: '/version.json', status: 200, auth: 'none'}),
    ]);
  });
});
