import {afterEach, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start, vnetState, type Wire} from './helpers.js';
import {waitUntil} from '../support/wait.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('network power', () => {
  it('poweron: stopped → starting → running; poweroff: stopping → stopped; reset: restarting → running', async () => {
    sim = await start({seed: 'empty', powerDelayMs: 120});
    const api = new Api(sim);
    const k = Number((await api.post('vnets', {name: 'pw'})).body.$key);
    expect(await vnetState(api, k)).toMatchObject({running: false, status: 'stopped'});
    const machine = sim.row('vnets', k)?.machine as number;
    const now = () => sim!.row('machine_status', machine); // no round trip: the intermediate states are brief
    await api.post('vnet_actions', {vnet: k, action: 'poweron'});
    expect(now()).toMatchObject({running: false, status: 'starting'});
    await waitUntil(async () => (await vnetState(api, k)).status === 'running', {timeoutMs: 2000, what: 'running'});
    expect((await vnetState(api, k)).running).toBe(true);
    await api.post('vnet_actions', {vnet: k, action: 'poweroff'});
    expect(now()).toMatchObject({running: true, status: 'stopping'});
    await waitUntil(async () => (await vnetState(api, k)).status === 'stopped', {timeoutMs: 2000, what: 'stopped'});
    expect((await vnetState(api, k)).running).toBe(false);
    await api.post('vnet_actions', {vnet: k, action: 'reset'}); // reset of a stopped network starts it
    await waitUntil(async () => (await vnetState(api, k)).status === 'running', {timeoutMs: 2000, what: 'running'});
    await api.post('vnet_actions', {vnet: k, action: 'reset'});
    expect(now()?.status).toBe('restarting');
    await waitUntil(async () => (await vnetState(api, k)).status === 'running', {
      timeoutMs: 2000,
      what: 'running again',
    });
    await api.post('vnet_actions', {vnet: k, action: 'poweron'});
    await waitUntil(async () => (await vnetState(api, k)).status === 'running', {timeoutMs: 2000, what: 'running'});
    await api.post('vnet_actions', {vnet: k, action: 'kill'});
    await waitUntil(async () => (await vnetState(api, k)).status === 'stopped', {timeoutMs: 2000, what: 'kill stops'});
    // PY-CL 1.2.8 #112: `killpower` is not in the vnet action list on 26.x
    const killpower = await api.post('vnet_actions', {vnet: k, action: 'killpower'});
    expect(killpower.status).toBe(422);
    expect(killpower.body.err).toBe("value 'killpower' is not in list for field 'action'");
  });

  it('the vnets powerstate column is not maintained: state only through machine#status joins', async () => {
    sim = await start({seed: 'demo'});
    const api = new Api(sim);
    const web = await api.get('vnets', {
      fields: 'powerstate,machine#status#running as running',
      filter: "name eq 'web'",
    });
    expect(web.body[0]).toMatchObject({powerstate: false, running: true});
  });

  it('changing the address or DHCP range of a running network sets need_restart; a restart clears it', async () => {
    sim = await start({seed: 'demo'});
    const api = new Api(sim);
    const k = await api.keyOf('vnets', 'db');
    expect((await vnetState(api, k)).need_restart).toBe(false);
    await api.put(`vnets/${k}`, {description: 'no restart needed'});
    expect((await vnetState(api, k)).need_restart).toBe(false);
    await api.put(`vnets/${k}`, {dhcp_start: '10.10.2.120'});
    expect((await vnetState(api, k)).need_restart).toBe(true);
    expect((await api.put(`vnets/${k}`, {dhcp_stop: 'not-an-ip'})).status).toBe(422);
    await api.post('vnet_actions', {vnet: k, action: 'reset', params: {apply: true}});
    await waitUntil(
      async () => {
        const s = await vnetState(api, k);
        return s.status === 'running' && !s.need_restart;
      },
      {timeoutMs: 2000, what: 'restart'},
    );
  });

  it('refuses to delete a running network (405) or one with NICs (422); deletes a stopped one with its rules', async () => {
    sim = await start({seed: 'demo'});
    const api = new Api(sim);
    const dev = await api.keyOf('vnets', 'dev');
    const del = await api.del(`vnets/${dev}`);
    expect(del.status).toBe(405);
    expect(del.body.err).toMatch(/power it off/);
    await api.post('vnet_actions', {vnet: dev, action: 'kill'});
    await waitUntil(async () => (await vnetState(api, dev)).status === 'stopped', {timeoutMs: 2000, what: 'stopped'});
    const nics = await api.del(`vnets/${dev}`);
    expect(nics.status).toBe(422);
    expect(nics.body.err).toMatch(/NIC/);
    const nic = (await api.get('machine_nics', {filter: `vnet eq ${dev}`})).body[0];
    expect((await api.put(`machine_nics/${nic.$key}`, {vnet: null})).status).toBe(200);
    const machine = sim.row('vnets', dev)?.machine as number;
    expect((await api.del(`vnets/${dev}`)).status).toBe(200);
    expect(sim.rows('vnet_rules').filter((r) => r.vnet === dev)).toEqual([]);
    expect(sim.row('machines', machine)).toBeUndefined();
    expect(sim.row('machine_status', machine)).toBeUndefined();
    expect((await api.del(`vnets/${await api.keyOf('vnets', 'External')}`)).status).toBe(405);
  });
});

describe('port mirroring', () => {
  it('a restart with mirroring on creates <NAME>_mirror; off + restart removes it and unplugs capture NICs', async () => {
    sim = await start({seed: 'demo'});
    const api = new Api(sim);
    const db = await api.keyOf('vnets', 'db');
    expect((await api.put(`vnets/${db}`, {port_mirroring: 'sideways'})).status).toBe(422);
    await api.put(`vnets/${db}`, {port_mirroring: 'east_west'});
    expect((await vnetState(api, db)).need_restart).toBe(true);
    expect((await api.get('vnets', {filter: "name eq 'db_mirror'"})).body).toEqual([]);
    await api.post('vnet_actions', {vnet: db, action: 'reset'});
    const mirror = await waitUntil(
      async () =>
        (await api.get('vnets', {fields: 'name,type,machine#status#running as running', filter: "name eq 'db_mirror'"}))
          .body[0],
      {timeoutMs: 2000, what: 'mirror network'},
    );
    expect(mirror).toMatchObject({type: 'port_mirror', running: true});
    expect((await api.get(`vnets/${db}`, {fields: 'port_mirroring_vnet'})).body.port_mirroring_vnet).toBe(mirror.$key);
    // attach a capture NIC
    const capture = (await api.get('vms', {fields: 'machine', filter: "name eq 'capture-01'"})).body[0].machine;
    const nic = await api.post('machine_nics', {machine: String(capture), name: 'eth2', vnet: String(mirror.$key)});
    expect(nic.status).toBe(201);
    // the mirror network runs with its parent: no direct delete
    expect((await api.del(`vnets/${mirror.$key}`)).status).toBe(405);

    await api.put(`vnets/${db}`, {port_mirroring: 'off'});
    await api.post('vnet_actions', {vnet: db, action: 'reset'});
    await waitUntil(async () => (await api.get('vnets', {filter: "name eq 'db_mirror'"})).body.length === 0, {
      timeoutMs: 2000,
      what: 'mirror gone',
    });
    expect((await api.get(`vnets/${db}`, {fields: 'port_mirroring_vnet'})).body.port_mirroring_vnet).toBeNull();
    expect((await api.get(`machine_nics/${nic.body.$key}`, {fields: 'vnet'})).body.vnet).toBeNull();
  });

  it('the demo mirrors web to web_mirror with the capture VM attached', async () => {
    sim = await start({seed: 'demo'});
    const api = new Api(sim);
    const web = (await api.get('vnets', {fields: 'port_mirroring,port_mirroring_vnet', filter: "name eq 'web'"}))
      .body[0];
    expect(web.port_mirroring).toBe('north_south');
    const mirror = (await api.get(`vnets/${web.port_mirroring_vnet}`, {fields: 'name,type'})).body;
    expect(mirror).toMatchObject({name: 'web_mirror', type: 'port_mirror'});
    const nics = (
      await api.get('machine_nics', {fields: 'name,machine#name as vm', filter: `vnet eq ${web.port_mirroring_vnet}`})
    ).body;
    expect(nics).toEqual([expect.objectContaining({vm: 'capture-01'})]);
  });
});

describe('VMs and NICs', () => {
  it('VM power through vm_actions and status joins; NICs move with PUT vnet as a string', async () => {
    sim = await start({seed: 'demo', powerDelayMs: 50});
    const api = new Api(sim);
    const dev01 = await api.keyOf('vms', 'dev-01');
    const state = async () =>
      (await api.get(`vms/${dev01}`, {fields: 'machine#status#running as running,machine#status#status as status'}))
        .body;
    expect(await state()).toMatchObject({running: false, status: 'stopped'});
    const act = await api.post('vm_actions', {vm: dev01, action: 'poweron'});
    expect(act.status).toBe(201);
    await waitUntil(async () => (await state()).running === true, {timeoutMs: 2000, what: 'VM running'});
    expect((await api.del(`vms/${dev01}`)).status).toBe(405);
    const machine = (await api.get(`vms/${dev01}`, {fields: 'machine'})).body.machine;
    const nic = (await api.get('machine_nics', {filter: `machine eq ${machine}`})).body[0];
    const mgmt = await api.keyOf('vnets', 'mgmt');
    expect((await api.put(`machine_nics/${nic.$key}`, {vnet: String(mgmt)})).status).toBe(200);
    expect((await api.get(`machine_nics/${nic.$key}`, {fields: 'vnet,vnet#name as vnet_name'})).body).toMatchObject({
      vnet: mgmt,
      vnet_name: 'mgmt',
    });
    // a reference to a missing row: 404 `error setting field …` (PY-CL #107, §8.1 #6)
    expect((await api.put(`machine_nics/${nic.$key}`, {vnet: 9999})).status).toBe(404);
    expect((await api.put(`machine_nics/${nic.$key}`, {interface: 'e1000'})).status).toBe(200);
    expect((await api.put(`machine_nics/${nic.$key}`, {interface: 'token-ring'})).status).toBe(422);
    await api.post('vm_actions', {vm: dev01, action: 'kill'});
    await waitUntil(async () => (await state()).status === 'stopped', {timeoutMs: 2000, what: 'VM stopped'});
    expect((await api.del(`vms/${dev01}`)).status).toBe(200);
    expect(sim.row('machines', machine)).toBeUndefined();
    expect(sim.rows('machine_nics').filter((n) => n.machine === machine)).toEqual([]);
    expect((await api.post('vm_actions', {action: 'poweron'})).body.err).toBe("field 'vm_actions.vm' is required");
  });

  it('clone copies a VM with its NICs (new MACs) and drives', async () => {
    sim = await start({seed: 'demo'});
    const api = new Api(sim);
    const web01 = await api.keyOf('vms', 'web-01');
    expect((await api.post('vm_actions', {vm: web01, action: 'clone', params: {name: 'web-03'}})).status).toBe(201);
    const copy = await waitUntil(
      async () =>
        (await api.get('vms', {fields: 'name,machine[nics[vnet,macaddress],drives[name]]', filter: "name eq 'web-03'"}))
          .body[0],
      {timeoutMs: 2000, what: 'clone'},
    );
    const original = (await api.get(`vms/${web01}`, {fields: 'machine[nics[vnet,macaddress]]'})).body;
    expect(copy.machine.nics.map((n: Wire) => n.vnet)).toEqual(original.machine.nics.map((n: Wire) => n.vnet));
    expect(copy.machine.nics[0].macaddress).not.toBe(original.machine.nics[0].macaddress);
    expect(copy.machine.drives).toEqual([expect.objectContaining({name: 'disk0'})]);
  });
});

describe('tenants', () => {
  it('created stopped; poweron without nodes starts only the network; isolate toggles; only the last node can go; delete refused while running', async () => {
    sim = await start({seed: 'empty', powerDelayMs: 400});
    const api = new Api(sim);
    const t = Number((await api.post('tenants', {name: 'green', password: 'x'})).body.$key);
    const status = async () =>
      (await api.get(`tenants/${t}`, {fields: 'status#status as status,status#running as running,isolate,vnet'})).body;
    expect(await status()).toMatchObject({status: 'offline', running: false, isolate: false});
    // TF3 CHANGELOG: accepted, and only the tenant's network starts (§8.1 #7)
    const noNodes = await api.post('tenant_actions', {tenant: t, action: 'poweron'});
    expect(noNodes.status).toBe(201);
    await waitUntil(async () => (await vnetState(api, (await status()).vnet)).running, {
      timeoutMs: 2000,
      what: 'tenant network up',
    });
    expect(await status()).toMatchObject({status: 'offline', running: false});
    const n1 = await api.post('tenant_nodes', {tenant: t, cpu_cores: 2, ram: '4096'});
    const n2 = await api.post('tenant_nodes', {tenant: t, cpu_cores: 2, ram: 4096});
    expect((await api.get(`tenant_nodes/${n2.body.$key}`, {fields: 'name,nodeid'})).body).toMatchObject({
      name: 'node2',
      nodeid: 2,
    });
    expect((await api.post('tenant_actions', {tenant: t, action: 'poweron'})).status).toBe(201);
    expect(sim.row('tenant_status', t)?.status).toBe('starting');
    await waitUntil(async () => (await status()).status === 'online', {timeoutMs: 2000, what: 'online'});
    expect((await status()).running).toBe(true);
    const tnet = (await status()).vnet;
    expect(tnet).toEqual(expect.any(Number));
    await waitUntil(async () => (await vnetState(api, tnet)).running, {timeoutMs: 2000, what: 'tenant network up'});

    await api.post('tenant_actions', {tenant: t, action: 'isolateon'});
    await waitUntil(async () => (await status()).isolate === true, {timeoutMs: 2000, what: 'isolated'});
    await api.post('tenant_actions', {tenant: t, action: 'isolateoff'});
    await waitUntil(async () => (await status()).isolate === false, {timeoutMs: 2000, what: 'not isolated'});
    const readonly = await api.put(`tenants/${t}`, {isolate: true});
    expect(readonly.status).toBe(422); // read-only: only actions change it (§8.1 #6)
    expect(readonly.body.err).toBe("field 'isolate' is readonly");
    expect((await status()).isolate).toBe(false);

    const notLast = await api.del(`tenant_nodes/${n1.body.$key}`);
    expect(notLast.status).toBe(405);
    expect((await api.del(`tenant_nodes/${n2.body.$key}`)).status).toBe(200);

    expect((await api.del(`tenants/${t}`)).status).toBe(405);
    await api.post('tenant_actions', {tenant: t, action: 'poweroff'});
    expect(sim.row('tenant_status', t)?.status).toBe('stopping');
    expect((await api.del(`tenants/${t}`)).status).toBe(405); // still stopping (400 ms)
    await waitUntil(async () => (await status()).status === 'offline', {timeoutMs: 2000, what: 'offline'});
    await waitUntil(async () => (await vnetState(api, tnet)).status === 'stopped', {
      timeoutMs: 2000,
      what: 'tenant network down',
    });
    expect((await api.del(`tenants/${t}`)).status).toBe(200);
    expect(sim.row('vnets', tnet)).toBeUndefined();
    expect(sim.rows('tenant_nodes')).toEqual([]);
  });

  it('network blocks of a running tenant cannot be deleted', async () => {
    sim = await start({seed: 'demo'});
    const api = new Api(sim);
    const block = (await api.get('vnet_cidrs', {filter: "owner eq 'tenants/1'"})).body[0];
    const r = await api.del(`vnet_cidrs/${block.$key}`);
    expect(r.status).toBe(405);
    expect(r.body.err).toMatch(/in use by tenant 'acme'/);
  });
});
