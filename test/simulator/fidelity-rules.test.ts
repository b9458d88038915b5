// Evidence for firewall rules and rule aliases: SDK request sequences replayed
// as their code sends them, and the pin/orderid model (VERGEOS-API.md §3.3,
// §3.4, §8.1). Each case names its public source.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start, vnetState, type Row} from './helpers.js';

let sim: SimulatorHandle;
let api: Api;
beforeAll(async () => {
  sim = await start({seed: 'demo'});
  api = new Api(sim);
});
afterAll(() => sim.close());

const PY_RULE_FIELDS = [
  '$key',
  'vnet',
  'vnet#name as vnet_name',
  'name',
  'description',
  'enabled',
  'orderid',
  'pin',
  'direction',
  'action',
  'protocol',
  'interface',
  'source_ip',
  'source_ports',
  'destination_ip',
  'destination_ports',
  'target_ip',
  'target_ports',
  'ct_state',
  'statistics',
  'log',
  'trace',
  'throttle',
  'drop_throttle',
  'packets',
  'bytes',
  'system_rule',
  'modified',
].join(',');

describe('rules', () => {
  it('replays PY NetworkRuleManager.create() then get(key), list() and delete()', async () => {
    const db = await api.keyOf('vnets', 'db');
    // PY rules.py create(): the body it always sends, plus the optional members
    const created = await api.post<Row>('vnet_rules', {
      vnet: db,
      name: 'Allow HTTPS',
      direction: 'incoming',
      action: 'accept',
      protocol: 'tcp',
      interface: 'auto',
      enabled: true,
      log: false,
      statistics: false,
      destination_ports: '443',
    });
    expect(created.status).toBe(201);
    const key = Number(created.body.$key);
    const got = await api.get<Row>(`vnet_rules/${key}`, {fields: PY_RULE_FIELDS});
    expect(got.body).toMatchObject({
      $key: key,
      vnet: db,
      vnet_name: 'db',
      name: 'Allow HTTPS',
      destination_ports: '443',
      system_rule: false,
      packets: 0,
    });
    const list = await api.get<Row[]>('vnet_rules', {
      filter: `vnet eq ${db} and direction eq 'incoming'`,
      fields: PY_RULE_FIELDS,
      sort: '+orderid',
    });
    const orders = list.body.map((r) => Number(r.orderid));
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(list.body.map((r) => r.name)).toContain('Allow HTTPS');
    expect((await vnetState(api, db)).need_fw_apply).toBe(true); // staged (D-RULES)
    expect((await api.del<Row>(`vnet_rules/${key}`)).status).toBe(200);
  });

  it("PY get(name=…) with the old doubled-quote escaping is refused (ANS PYVERGEOS-GAPS: `''` → 422 on 26.1.8)", async () => {
    const db = await api.keyOf('vnets', 'db');
    const r = await api.get<Row[]>('vnet_rules', {
      filter: `vnet eq ${db} and (name eq 'o''brien')`,
      fields: PY_RULE_FIELDS,
    });
    expect(r).toMatchObject({status: 422, body: {err: 'Invalid argument'}});
    expect((await api.get<Row[]>('vnet_rules', {filter: String.raw`name eq 'o\'brien'`})).status).toBe(200);
  });

  it('a rule created with pin top and no orderid takes the top of the orderid order; the others move down (INFERRED renumbering model)', async () => {
    const mgmt = await api.keyOf('vnets', 'mgmt');
    const before = (
      await api.get<Row[]>('vnet_rules', {filter: `vnet eq ${mgmt}`, fields: 'name,orderid', sort: '+orderid'})
    ).body as Array<{name: string; orderid: number}>;
    // TF3 network_rule.md: "Pin the rule to the top or bottom of the non-system rules"
    const top = await api.post<Row>('vnet_rules', {vnet: mgmt, name: 'Block first', action: 'drop', pin: 'top'});
    expect(top.status).toBe(201);
    const after = (
      await api.get<Row[]>('vnet_rules', {filter: `vnet eq ${mgmt}`, fields: 'name,orderid,pin', sort: '+orderid'})
    ).body as Array<{name: string; orderid: number; pin: string}>;
    expect(after[0]).toMatchObject({name: 'Block first', orderid: 1, pin: 'top'});
    // every other rule keeps its relative order, one lower
    expect(after.slice(1).map((r) => r.name)).toEqual(before.map((r) => r.name));
    expect(after.slice(1).map((r) => r.orderid)).toEqual(before.map((r) => r.orderid + 1));
    // an explicit orderid is kept as given (TF3: "Explicit orderid")
    const explicit = await api.post<Row>('vnet_rules', {vnet: mgmt, name: 'Explicit', pin: 'top', orderid: 500});
    expect((await api.get<Row>(`vnet_rules/${Number(explicit.body.$key)}`, {fields: 'orderid'})).body.orderid).toBe(
      500,
    );
  });

  it('replays the TS rule enable/disable row actions: POST /vnet_rules/{key}/enable|disable', async () => {
    const web = await api.keyOf('vnets', 'web');
    const rule = (
      await api.get<Row[]>('vnet_rules', {
        filter: `vnet eq ${web} and system_rule eq false`,
        fields: 'name',
        limit: '1',
      })
    ).body[0];
    expect((await api.call<Row>('POST', `/api/v4/vnet_rules/${Number(rule.$key)}/disable`)).status).toBe(200);
    expect((await api.get<Row>(`vnet_rules/${Number(rule.$key)}`, {fields: 'enabled'})).body.enabled).toBe(false);
    expect((await api.call<Row>('POST', `/api/v4/vnet_rules/${Number(rule.$key)}/enable`)).status).toBe(200);
    expect((await api.get<Row>(`vnet_rules/${Number(rule.$key)}`, {fields: 'enabled'})).body.enabled).toBe(true);
  });

  it('writing a read-only rule column is refused (PY-CL 1.2.6: "field … is readonly")', async () => {
    const web = await api.keyOf('vnets', 'web');
    const r = await api.post<Row>('vnet_rules', {vnet: web, name: 'sneaky', system_rule: true});
    expect(r).toMatchObject({status: 422, body: {err: "field 'system_rule' is readonly"}});
  });
});

describe('rule aliases (vnet_rule_aliases)', () => {
  it('replays the TS NetworkRuleAliasService: create + read back (fields=most), getByName, update, delete', async () => {
    // TS network-rule-alias/service.ts example body
    const created = await api.post<Row>('vnet_rule_aliases', {
      name: 'trusted-hosts',
      value: '10.0.0.0/8,192.168.1.0/24',
      publishing_scope: 'global',
    });
    expect(created.status).toBe(201);
    const key = created.body.$key as string;
    // TS BaseService.get(): GET /vnet_rule_aliases/{key}?fields=most
    const got = await api.get<Row>(`vnet_rule_aliases/${key}`, {fields: 'most'});
    expect(got.body).toMatchObject({
      name: 'trusted-hosts',
      value: '10.0.0.0/8,192.168.1.0/24',
      publishing_scope: 'global',
    });
    expect(got.body.id).toMatch(/^[0-9a-f]{40}$/); // TS types: id is a SHA1 column, distinct from $key
    // TS ReadOnlyService.getByName(): list({filter: "name eq '<name>'"}) with fields=most
    const byName = await api.get<Row[]>('vnet_rule_aliases', {filter: "name eq 'trusted-hosts'", fields: 'most'});
    expect(byName.body.map((a) => a.$key)).toEqual([Number(key)]);
    expect((await api.put<Row>(`vnet_rule_aliases/${key}`, {value: '10.0.0.0/8,192.168.0.0/16'})).status).toBe(200);
    expect((await api.del<Row>(`vnet_rule_aliases/${key}`)).status).toBe(200);
  });

  it('rules reference an alias as alias:<$key> (TF3 network_rule.md "alias:<id> … the vnet_rule_aliases key")', async () => {
    const admins = await api.keyOf('vnet_rule_aliases', 'admins');
    const web = await api.keyOf('vnets', 'web');
    const ok = await api.post<Row>('vnet_rules', {vnet: web, name: 'from admins', source_ip: `alias:${admins}`});
    expect(ok.status).toBe(201);
    expect((await api.post<Row>('vnet_rules', {vnet: web, name: 'by name', source_ip: 'alias:admins'})).status).toBe(
      422,
    );
    // in use: refused (PY aliases.py note "Aliases referenced by firewall rules cannot be deleted")
    expect((await api.del<Row>(`vnet_rule_aliases/${admins}`)).status).toBe(422);
  });
});
