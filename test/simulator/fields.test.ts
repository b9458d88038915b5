import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {parseFields} from '../../source/simulator/query/fields-parse.js';
import {splitTopLevel} from '../../source/simulator/query/split.js';
import {Api, start, type Wire} from './helpers.js';

describe('fields parsing', () => {
  it('splits at top-level commas only', () => {
    expect(splitTopLevel("name,datetime(created,'%Y, %m'),machine[most,nics[most]],upper('a,b]')")).toEqual([
      'name',
      "datetime(created,'%Y, %m')",
      'machine[most,nics[most]]',
      "upper('a,b]')",
    ]);
  });
  it('parses views, joins with aliases, sub-rows and functions', () => {
    expect(
      parseFields('most,machine#status#running as running,machine[$key,nics[most]] as m,count(nics) as n'),
    ).toEqual([
      {kind: 'view', view: 'most'},
      {kind: 'path', path: ['machine', 'status', 'running'], alias: 'running', text: 'machine#status#running'},
      {
        kind: 'sub',
        path: ['machine'],
        alias: 'm',
        items: [
          {kind: 'path', path: ['$key'], text: '$key'},
          {kind: 'sub', path: ['nics'], items: [{kind: 'view', view: 'most'}]},
        ],
      },
      {kind: 'func', name: 'count', args: [{kind: 'path', path: ['nics']}], alias: 'n', text: 'count(nics)'},
    ]);
  });
  it.each(['name,,type', 'machine[most', "upper('x)", 'a b', 'x as 1y', 'all as x'])('refuses %j', (text) => {
    expect(() => parseFields(text)).toThrow(/Invalid argument/);
  });
});

describe('fields over HTTP', () => {
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    sim = await start();
    api = new Api(sim);
  });
  afterAll(() => sim.close());

  it('defaults to the summary view and always carries $key as a number', async () => {
    const r = await api.get('vnets');
    expect(r.status).toBe(200);
    const web = r.body.find((v: Wire) => v.name === 'web');
    expect(typeof web.$key).toBe('number');
    expect(web).toHaveProperty('network', '10.10.1.0/24');
    expect(web).not.toHaveProperty('dhcp_start'); // not a summary field
  });

  it('most leaves out argument fields; all has them; neither has row lists', async () => {
    const most = (await api.get('vnets', {fields: 'most', filter: "name eq 'web'"})).body[0];
    const all = (await api.get('vnets', {fields: 'all', filter: "name eq 'web'"})).body[0];
    expect(most).toHaveProperty('dhcp_start', '10.10.1.100');
    expect(most).toHaveProperty('advanced_options'); // D-API: most = all but argument fields and row lists
    expect(most).not.toHaveProperty('note');
    expect(all).toHaveProperty('note');
    expect(all).not.toHaveProperty('rules');
  });

  it('joins through FK columns: running state of networks and VMs', async () => {
    const r = await api.get('vnets', {
      fields: 'name,machine#status#running as running,machine#status#status as status',
      filter: 'running eq true',
    });
    expect(r.body.map((v: Wire) => v.name)).toContain('web');
    expect(r.body.every((v: Wire) => v.running === true && v.status === 'running')).toBe(true);
    const vms = await api.get('vms', {fields: 'name,machine#status#running as running', sort: '+name'});
    expect(vms.body.find((v: Wire) => v.name === 'dev-01').running).toBe(false);
    expect(vms.body.find((v: Wire) => v.name === 'web-01').running).toBe(true);
  });

  it('joins on NICs, peers, phase 1/2 and tenants', async () => {
    const nics = await api.get('machine_nics', {
      fields: 'name,vnet#name as vnet_name,ipaddress',
      filter: "ipaddress eq '10.10.2.21'",
    });
    expect(nics.body).toEqual([expect.objectContaining({vnet_name: 'db'})]);
    const peers = await api.get('vnet_wireguard_peers', {
      fields: 'name,status#last_handshake as last_handshake,status#tx_bytes as tx',
    });
    expect(peers.body).toHaveLength(2);
    expect(peers.body.every((p: Wire) => typeof p.last_handshake === 'number' && typeof p.tx === 'number')).toBe(true);
    const mgmt = await api.keyOf('vnets', 'mgmt');
    expect((await api.get('vnet_ipsec_phase1s', {fields: 'name,ipsec#vnet as vnet'})).body).toEqual([
      {$key: 1, name: 'hq', vnet: mgmt},
    ]);
    expect((await api.get('vnet_ipsec_phase2s', {fields: 'name,phase1#ipsec#vnet as vnet'})).body).toEqual([
      {$key: 1, name: 'hq-lan', vnet: mgmt},
    ]);
    const t = await api.get('tenants', {
      fields: 'name,status#status as status,status#state as state,status#running as running',
    });
    expect(t.body).toEqual([{$key: 1, name: 'acme', status: 'online', state: 'online', running: true}]);
  });

  it('embeds sub-rows: FK → object, row list → array', async () => {
    const r = await api.get('vms', {
      fields: 'name,machine[$key,name,nics[name,vnet,macaddress],drives[name]]',
      filter: "name eq 'capture-01'",
    });
    const m = r.body[0].machine;
    expect(typeof m.$key).toBe('number');
    expect(m.name).toBe('capture-01');
    expect(m.nics.map((n: Wire) => n.name)).toEqual(['eth0', 'eth1']);
    expect(m.nics[0].macaddress).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(m.drives).toEqual([{$key: expect.any(Number), name: 'disk0'}]);
    const nested = await api.get('vnets', {fields: 'name,machine[most,status[running]]', filter: "name eq 'db'"});
    expect(nested.body[0].machine.status).toEqual({$key: nested.body[0].machine.$key, running: true});
  });

  it('functions: count, sum, upper, lower; quoted commas do not split', async () => {
    const total = await api.get('vnet_rules', {fields: 'count($key) as n'});
    expect(total.body).toEqual([{n: sim.rows('vnet_rules').length}]);
    const filtered = await api.get('vnet_rules', {
      fields: 'count($key) as n,sum(orderid) as s',
      filter: "action eq 'route'",
    });
    const routes = sim.rows('vnet_rules').filter((r) => r.action === 'route');
    expect(filtered.body).toEqual([{n: routes.length, s: routes.reduce((a, r) => a + (r.orderid as number), 0)}]);
    const per = await api.get('machines', {
      fields: 'name,count(nics) as nics,upper(name) as up,lower(type) as t',
      filter: "name eq 'capture-01'",
    });
    expect(per.body).toEqual([{$key: expect.any(Number), name: 'capture-01', nics: 2, up: 'CAPTURE-01', t: 'vm'}]);
    const quoted = await api.get('vnets', {fields: "name,upper('a,b[c]') as q", filter: "name eq 'db'"});
    expect(quoted.body[0].q).toBe('A,B[C]');
  });

  it('sorts, limits and pages', async () => {
    const asc = await api.get('vnet_rules', {fields: 'vnet,orderid', sort: '+vnet,-orderid'});
    const pairs = asc.body.map((r: Wire) => [r.vnet, r.orderid]);
    const expected = [...pairs].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    expect(pairs).toEqual(expected);
    const all = (await api.get('vnet_rules', {fields: '$key', limit: '0'})).body;
    const page1 = (await api.get('vnet_rules', {fields: '$key', limit: '5', offset: '0'})).body;
    const page2 = (await api.get('vnet_rules', {fields: '$key', limit: '5', offset: '5'})).body;
    expect([...page1, ...page2]).toEqual(all.slice(0, 10));
    // a '+' sent unencoded arrives as a space: still ascending
    const raw = await api.call('GET', '/api/v4/vnets?fields=name&sort=+name');
    expect(raw.body.map((v: Wire) => v.name)).toEqual([...raw.body.map((v: Wire) => v.name)].sort());
  });

  it.each([[{fields: 'name,'}], [{filter: "name eq 'x"}], [{limit: '-1'}], [{offset: 'x'}]])(
    'answers 422 Invalid argument for %j',
    async (q) => {
      const r = await api.get('vnet_ipsec_phase1s', q);
      expect(r.status).toBe(422);
      expect(Object.keys(r.body)).toEqual(['err']);
      expect(r.body.err).toMatch(/^Invalid argument/);
    },
  );

  it.each([[{fields: 'nosuchfield'}], [{filter: 'nosuchfield eq 1'}], [{sort: '+nosuchfield'}]])(
    'with strictQueries answers 422 Invalid argument for %j',
    async (q) => {
      const strict = await start({strictQueries: true});
      try {
        const r = await new Api(strict).get('vnet_ipsec_phase1s', q);
        expect(r.status).toBe(422);
        expect(Object.keys(r.body)).toEqual(['err']);
        expect(r.body.err).toMatch(/^Invalid argument/);
      } finally {
        await strict.close();
      }
    },
  );

  it('a malformed filter is exactly {"err":"Invalid argument"}', async () => {
    const r = await api.get('vnets', {filter: "name eq 'zz-o''brien'"});
    expect(r.status).toBe(422);
    expect(r.text).toBe('{"err":"Invalid argument"}');
    const ok = await api.get('vnets', {filter: String.raw`name eq 'zz-o\'brien'`});
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual([]);
  });
});
