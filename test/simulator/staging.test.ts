import {afterEach, describe, expect, it} from 'vitest';
import {ManualClock, type SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start, vnetState} from './helpers.js';
import {waitUntil} from '../support/wait.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const names = (rules: Record<string, unknown>[]): string[] => rules.map((r) => String(r.name));

async function runningNet(api: Api, name: string, clock?: ManualClock): Promise<number> {
  const r = await api.post('vnets', {name, network: '10.50.0.0/24', ipaddress: '10.50.0.1'});
  const k = Number(r.body.$key);
  await api.post('vnet_actions', {vnet: k, action: 'poweron'});
  clock?.advance(POWER_DELAY_MS);
  await waitUntil(async () => (await vnetState(api, k)).status === 'running', {
    timeoutMs: 3000,
    what: 'network running',
  });
  return k;
}

// On a ManualClock the simulator's delays pass only when a test advances it.
const APPLY_DELAY_MS = 250;
const POWER_DELAY_MS = 60;
const manual = (clock: ManualClock) =>
  start({seed: 'empty', clock, applyDelayMs: APPLY_DELAY_MS, powerDelayMs: POWER_DELAY_MS});

describe('rule staging and Apply Rules', () => {
  it('a rule write stages; apply promotes after applyDelayMs and stamps last_fw_apply', async () => {
    const clock = new ManualClock();
    sim = await manual(clock);
    const api = new Api(sim);
    const k = await runningNet(api, 'stage', clock);
    expect((await vnetState(api, k)).need_fw_apply).toBe(false);
    const rule = await api.post('vnet_rules', {vnet: k, name: 'allow-ssh', protocol: 'tcp', destination_ports: '22'});
    expect(rule.status).toBe(201);
    expect((await vnetState(api, k)).need_fw_apply).toBe(true);
    expect(sim.activeRules(k)).toEqual([]);

    clock.advance(5_000);
    const act = await api.post('vnet_actions', {vnet: k, action: 'refresh'});
    expect(act.status).toBe(201);
    expect(act.body).toEqual({
      location: `/v4/vnet_actions/${act.body.$key}`,
      dbpath: `vnet_actions/${act.body.$key}`,
      $row: Number(act.body.$key),
      $key: act.body.$key,
    });
    // accepted before the flag drops, and still staged until the whole delay has passed
    expect(sim.row('vnets', k)?.need_fw_apply).toBe(true);
    clock.advance(APPLY_DELAY_MS - 1);
    expect((await vnetState(api, k)).need_fw_apply).toBe(true);
    expect(sim.activeRules(k)).toEqual([]);
    clock.advance(1);
    expect((await vnetState(api, k)).need_fw_apply).toBe(false);
    expect(names(sim.activeRules(k))).toEqual(['allow-ssh']);
    const v = await api.get(`vnets/${k}`, {fields: 'last_fw_apply'});
    expect(v.body.last_fw_apply).toBe(Math.floor(clock.now() / 1000));

    // update and delete stage too; the live ruleset keeps the old copy until apply
    await api.put(`vnet_rules/${rule.body.$key}`, {destination_ports: '2222'});
    expect((await vnetState(api, k)).need_fw_apply).toBe(true);
    expect(sim.activeRules(k)[0]?.destination_ports).toBe('22');
    await api.del(`vnet_rules/${rule.body.$key}`);
    expect(names(sim.activeRules(k))).toEqual(['allow-ssh']);
    await api.post('vnet_actions', {vnet: k, action: 'apply', params: {}});
    clock.advance(APPLY_DELAY_MS);
    expect(sim.activeRules(k)).toEqual([]);
  });

  it('PUT /vnets/<k>/apply applies too', async () => {
    sim = await start({seed: 'empty'});
    const api = new Api(sim);
    const k = await runningNet(api, 'put-apply');
    await api.post('vnet_rules', {vnet: k, name: 'r1'});
    const r = await api.put(`vnets/${k}/apply`, {});
    expect(r.status).toBe(200);
    await waitUntil(async () => !(await vnetState(api, k)).need_fw_apply, {timeoutMs: 2000, what: 'apply'});
    expect(names(sim.activeRules(k))).toEqual(['r1']);
    expect((await api.put(`vnets/${k}/applydns`, {})).status).toBe(200);
  });

  it('active rules come in evaluation order: pinned top, orderid, pinned bottom', async () => {
    sim = await start({seed: 'empty'});
    const api = new Api(sim);
    const k = await runningNet(api, 'order');
    await api.post('vnet_rules', {vnet: k, name: 'b', orderid: 20});
    await api.post('vnet_rules', {vnet: k, name: 'bottom', orderid: 1, pin: 'bottom'});
    await api.post('vnet_rules', {vnet: k, name: 'a', orderid: 10});
    await api.post('vnet_rules', {vnet: k, name: 'top', orderid: 99, pin: 'top'});
    await api.post('vnet_rules', {vnet: k, name: 'appended'});
    await api.post('vnet_actions', {vnet: k, action: 'refresh'});
    await waitUntil(() => sim!.activeRules(k).length === 5, {timeoutMs: 2000, what: 'apply'});
    expect(names(sim.activeRules(k))).toEqual(['top', 'a', 'b', 'appended', 'bottom']);
    expect(
      sim.row('vnet_rules', Number((await api.get('vnet_rules', {filter: "name eq 'appended'"})).body[0].$key))
        ?.orderid,
    ).toBe(100); // after the highest orderid (99)
  });

  it('on a stopped network changes stay staged until power-on', async () => {
    const clock = new ManualClock();
    sim = await manual(clock);
    const api = new Api(sim);
    const k = Number((await api.post('vnets', {name: 'cold'})).body.$key);
    expect((await vnetState(api, k)).status).toBe('stopped');
    await api.post('vnet_rules', {vnet: k, name: 'r'});
    await api.post('vnet_actions', {vnet: k, action: 'refresh'});
    // Far past the apply delay: nothing was scheduled to happen, and nothing did.
    clock.advance(APPLY_DELAY_MS * 100);
    expect((await vnetState(api, k)).need_fw_apply).toBe(true);
    expect(sim.activeRules(k)).toEqual([]);
    await api.post('vnet_actions', {vnet: k, action: 'poweron', params: {apply: true}});
    clock.advance(POWER_DELAY_MS);
    expect((await vnetState(api, k)).status).toBe('running');
    expect((await vnetState(api, k)).need_fw_apply).toBe(false);
    expect(names(sim.activeRules(k))).toEqual(['r']);
  });

  it('missing target → 422 field required; bad action → 422', async () => {
    sim = await start({seed: 'empty'});
    const api = new Api(sim);
    const r = await api.post('vnet_actions', {action: 'refresh'});
    expect(r.status).toBe(422);
    expect(r.text).toBe(`{"err":"field 'vnet_actions.vnet' is required"}`);
    expect((await api.post('vnet_actions', {vnet: 1, action: 'explode'})).body.err).toBe(
      "value 'explode' is not in list for field 'action'",
    );
  });

  it('WireGuard interface creation stages two system "Accept WireGuard" rules', async () => {
    sim = await start({seed: 'empty'});
    const api = new Api(sim);
    const k = await runningNet(api, 'wgnet');
    const wg = await api.post('vnet_wireguards', {vnet: k, name: 'wg9', ip: '192.168.9.1/24', listenport: 51999});
    expect(wg.status).toBe(201);
    expect((await vnetState(api, k)).need_fw_apply).toBe(true);
    const rules = (
      await api.get('vnet_rules', {fields: 'name,owner,system_rule,protocol,destination_ports', filter: `vnet eq ${k}`})
    ).body;
    expect(rules).toHaveLength(2);
    for (const r of rules) {
      expect(r).toMatchObject({
        owner: `vnet_wireguards/${wg.body.$key}`,
        system_rule: true,
        protocol: 'udp',
        destination_ports: '51999',
      });
      expect(r.name).toMatch(/^Accept WireGuard/);
    }
    // system rules are read-only to users
    expect((await api.put(`vnet_rules/${rules[0].$key}`, {enabled: false})).status).toBe(403);
    expect((await api.del(`vnet_rules/${rules[0].$key}`)).status).toBe(403);
    expect((await api.call('POST', `/api/v4/vnet_rules/${rules[0].$key}/disable`)).status).toBe(403);
  });

  it('WireGuard peers with a firewall mode, tenant external IPs and network blocks stage the network', async () => {
    sim = await start({seed: 'empty'});
    const api = new Api(sim);
    const ext = await api.keyOf('vnets', 'External');
    const k = await runningNet(api, 'wgpeers');
    const wg = await api.post('vnet_wireguards', {vnet: k, name: 'wg0', ip: '192.168.8.1/24'});
    await api.post('vnet_actions', {vnet: k, action: 'refresh'});
    await waitUntil(async () => !(await vnetState(api, k)).need_fw_apply, {timeoutMs: 2000, what: 'apply'});
    const peer = await api.post('vnet_wireguard_peers', {
      wireguard: wg.body.$key,
      name: 'bob',
      autogenerate_peer: true,
      allowed_ips: '192.168.8.5/32',
      peer_ip: '192.168.8.5/32',
    });
    expect(peer.status).toBe(201);
    expect((await vnetState(api, k)).need_fw_apply).toBe(true);

    expect((await vnetState(api, ext)).need_fw_apply).toBe(false);
    const t = await api.post('tenants', {name: 'blue'});
    const ip = await api.post('vnet_addresses', {
      vnet: ext,
      ip: '203.0.113.50',
      type: 'virtual',
      owner: `tenants/${t.body.$key}`,
    });
    expect(ip.status).toBe(201);
    expect((await vnetState(api, ext)).need_fw_apply).toBe(true);
    expect((await api.get(`tenants/${t.body.$key}`, {fields: 'ui_address'})).body.ui_address).toBe(
      Number(ip.body.$key),
    );
    await api.post('vnet_actions', {vnet: ext, action: 'refresh'});
    await waitUntil(async () => !(await vnetState(api, ext)).need_fw_apply, {timeoutMs: 2000, what: 'apply'});
    const block = await api.post('vnet_cidrs', {vnet: ext, cidr: '203.0.113.128/28', owner: `tenants/${t.body.$key}`});
    expect(block.status).toBe(201);
    expect((await vnetState(api, ext)).need_fw_apply).toBe(true);
    expect((await api.post('vnet_cidrs', {vnet: ext, cidr: 'nope'})).status).toBe(422);
    expect((await api.post('vnet_cidrs', {vnet: ext, cidr: '10.0.0.0/8', owner: 'tenants/999'})).status).toBe(422);
  });

  it('hit counters grow on applied rules with statistics on, only while the network runs', async () => {
    const clock = new ManualClock();
    sim = await manual(clock);
    const api = new Api(sim);
    const k = await runningNet(api, 'stats', clock);
    const packets = async (key: unknown) =>
      (await api.get(`vnet_rules/${String(key)}`, {fields: 'packets,bytes'})).body as {packets: number; bytes: number};
    const on = await api.post('vnet_rules', {vnet: k, name: 'counted', statistics: true});
    const off = await api.post('vnet_rules', {vnet: k, name: 'quiet', statistics: false});
    clock.advance(10_000);
    expect((await packets(on.body.$key)).packets).toBe(0); // not applied yet
    await api.post('vnet_actions', {vnet: k, action: 'refresh'});
    clock.advance(APPLY_DELAY_MS);
    expect((await vnetState(api, k)).need_fw_apply).toBe(false);
    const p1 = await packets(on.body.$key);
    clock.advance(10_000);
    const p2 = await packets(on.body.$key);
    expect(p2.packets).toBeGreaterThan(p1.packets);
    expect(p2.bytes).toBeGreaterThan(p1.bytes);
    expect((await packets(off.body.$key)).packets).toBe(0);
    await api.post('vnet_actions', {vnet: k, action: 'kill'});
    clock.advance(POWER_DELAY_MS);
    expect((await vnetState(api, k)).status).toBe('stopped');
    const frozen = (await packets(on.body.$key)).packets;
    clock.advance(60_000);
    expect((await packets(on.body.$key)).packets).toBe(frozen);
  });
});
