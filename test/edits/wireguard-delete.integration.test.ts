// Issue 12, defect 3, against the simulator over HTTP: VergeOS refuses to
// delete a WireGuard interface its router runs until a disable is applied —
// also when the interface already reads disabled but that was never applied —
// while a fresh one goes at once, and peers go with it (VERGEOS-API.md §8.1 #2;
// PY tests/integration/test_wireguard.py, TF3 deleteWireGuard).
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {executePlan} from '../../source/domain/changes/execute.js';
import {deleteInterfacePlan, wireguardLiveness} from '../../source/domain/edits/wireguard.js';
import {loadSite} from '../../source/domain/load-site.js';
import type {Site} from '../../source/domain/model.js';
import {diffSite} from '../../source/domain/plan/diff.js';
import {planToChangePlan} from '../../source/domain/plan/change-plan.js';
import {siteToDoc} from '../../source/domain/sitefile/from-site.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {byName} from './resources/site.js';

let sim: SimulatorHandle;
let client: VergeClient;
beforeEach(async () => {
  sim = await startSimulator({seed: 'demo', applyDelayMs: 5, powerDelayMs: 5});
  client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

const run = (plan: Parameters<typeof executePlan>[1]) => executePlan(client, plan, {pollMs: 5, applyTimeoutMs: 5000});
const wireguards = () => sim.rows('vnet_wireguards').map((w) => w['name']);
const peersOf = (key: number) => sim.rows('vnet_wireguard_peers').filter((p) => p['wireguard'] === key);
/** A reload that carries what vseg last saw live, as the console does. */
const reload = (previous: Site) => loadSite(client, {previous});

describe('deleting a WireGuard interface', () => {
  it('a live one with peers: disable, Apply Rules, delete — peers included — in one plan', async () => {
    const site = await loadSite(client);
    const wg0 = byName(site.wireguards, 'wg0');
    expect(peersOf(wg0.key)).toHaveLength(2);
    const report = await run(deleteInterfacePlan(wg0, site));
    expect(report.error?.describe()).toBeUndefined();
    expect(wireguards()).not.toContain('wg0');
    expect(peersOf(wg0.key)).toEqual([]);
  });

  it('one that reads disabled but whose disable was never applied still goes through Apply Rules first', async () => {
    let site = await loadSite(client);
    const wg0 = byName(site.wireguards, 'wg0');
    await client.update('vnet_wireguards', wg0.key, {enabled: false});
    site = await reload(site);
    const disabled = byName(site.wireguards, 'wg0');
    expect(disabled.enabled).toBe(false);
    expect(wireguardLiveness(disabled, site)).toMatchObject({live: true, certain: true});
    const plan = deleteInterfacePlan(disabled, site);
    expect(plan.steps.map((s) => s.kind)).toEqual(['apply-rules', 'delete']);
    const report = await run(plan);
    expect(report.error?.describe()).toBeUndefined();
    expect(wireguards()).not.toContain('wg0');
  });

  it("a fresh, never-applied one is deleted directly: no Apply Rules pushes the network's other staged changes live", async () => {
    let site = await loadSite(client);
    const db = byName(site.networks, 'db');
    expect(db.needFwApply).toBe(false); // what vseg sees live is what the router runs
    await client.create('vnet_rules', {vnet: db.key, name: 'staged-elsewhere', action: 'drop', protocol: 'udp'});
    await client.create('vnet_wireguards', {vnet: db.key, name: 'wg-fresh', ip: '192.168.77.1/24'});
    site = await reload(site);
    const fresh = byName(site.wireguards, 'wg-fresh');
    expect(wireguardLiveness(fresh, site)).toMatchObject({live: false, why: 'it was never applied on db'});
    sim.clearRequests();
    const report = await run(deleteInterfacePlan(fresh, site));
    expect(report.error?.describe()).toBeUndefined();
    expect(wireguards()).not.toContain('wg-fresh');
    expect(sim.requests.filter((r) => r.path.endsWith('/vnet_actions'))).toEqual([]);
    expect(sim.activeRules(db.key).map((r) => r['name'])).not.toContain('staged-elsewhere');
  });

  it('plan/apply removing an interface that reads disabled (disable not applied) applies before the delete', async () => {
    let site = await loadSite(client);
    const wg0 = byName(site.wireguards, 'wg0');
    await client.update('vnet_wireguards', wg0.key, {enabled: false});
    site = await reload(site);
    const doc = siteToDoc(site);
    const mgmt = doc.networks.find((n) => n.name === 'mgmt')!;
    mgmt.wireguard = mgmt.wireguard.filter((w) => w.name !== 'wg0');
    const plan = planToChangePlan(diffSite(site, doc, {prune: true}));
    const kinds = plan.steps.filter((s) => /wireguard|apply/.test(s.id)).map((s) => `${s.kind} ${s.id}`);
    expect(kinds).toContain('apply-rules apply rules mgmt before deleting wireguard wg0');
    const report = await run(plan);
    expect(report.error?.describe()).toBeUndefined();
    expect(wireguards()).not.toContain('wg0');
  });
});
