// Issue 12, client defects 1 and 5, against the simulator over HTTP. A real
// VergeOS loads a network's staged rules on start/restart only when the action
// says params.apply (PS Start-/Restart-VergeNetwork, PY networks.py, TF3
// network_restart.go; VERGEOS-API.md §8.1 #1), and accepts a power-on of a
// tenant without nodes but starts only its network (TF3 CHANGELOG, §8.1 #7).
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {executePlan} from '../../source/domain/changes/execute.js';
import {restartExplanation, restartPlan} from '../../source/domain/edits/mirrors.js';
import {createNetworkPlan, powerConfirmation, powerPlan} from '../../source/domain/edits/networks.js';
import {tenantActionPlan, tenantActionRefusal} from '../../source/domain/edits/tenants.js';
import {loadSite} from '../../source/domain/load-site.js';
import type {Site} from '../../source/domain/model.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {byName} from './resources/site.js';

let sim: SimulatorHandle;
let client: VergeClient;

beforeEach(async () => {
  sim = await startSimulator({seed: 'demo', applyDelayMs: 10, powerDelayMs: 10});
  client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

const run = async (plan: Parameters<typeof executePlan>[1]) => {
  const report = await executePlan(client, plan, {pollMs: 5, actionTimeoutMs: 5000, applyTimeoutMs: 5000});
  expect(report.error?.describe()).toBeUndefined();
  return report;
};

const liveNames = (vnet: number): string[] => sim.activeRules(vnet).map((r) => String(r.name));

/** dev is running with staged changes (the demo's pending "Allow HTTP from mgmt"): stop it first. */
async function stoppedDev(): Promise<Site> {
  let site = await loadSite(client);
  await run(powerPlan(byName(site.networks, 'dev'), 'poweroff'));
  site = await loadSite(client);
  const dev = byName(site.networks, 'dev');
  expect(dev).toMatchObject({running: false, needFwApply: true});
  expect(liveNames(dev.key)).not.toContain('Allow HTTP from mgmt');
  return site;
}

describe('power-on and restart say params.apply deliberately (defect 1)', () => {
  it('power on from the networks view loads the staged rules, and the confirmation says they go live', async () => {
    const site = await stoppedDev();
    const dev = byName(site.networks, 'dev');
    expect(powerConfirmation(dev, 'poweron').message).toMatch(/staged rule changes go live/);
    await run(powerPlan(dev, 'poweron'));
    const after = byName((await loadSite(client)).networks, 'dev');
    expect(after).toMatchObject({running: true, needFwApply: false});
    // on a VergeOS that honours params.apply, a start without it would leave the rule staged
    expect(liveNames(dev.key)).toContain('Allow HTTP from mgmt');
  });

  it('a restart for port mirroring does not push unrelated staged rules live, and says so', async () => {
    const site = await loadSite(client);
    const dev = byName(site.networks, 'dev');
    expect(dev.needFwApply).toBe(true);
    expect(restartExplanation(dev).join(' ')).toMatch(/does not apply them; they stay pending/);
    expect(restartPlan(dev).steps[0]).toMatchObject({body: {action: 'reset', params: {apply: false}}});
    await run(restartPlan(dev));
    const after = byName((await loadSite(client)).networks, 'dev');
    expect(after).toMatchObject({running: true, needFwApply: true});
    expect(liveNames(dev.key)).not.toContain('Allow HTTP from mgmt');
  });

  it('a network created and powered on by vseg starts with its rules loaded', async () => {
    const site = await loadSite(client);
    const plan = createNetworkPlan(
      {
        name: 'lab',
        cidr: '10.10.9.0/24',
        routerIp: '10.10.9.1',
        dhcpEnabled: false,
        dnsMode: 'simple',
        defaultGateway: String(byName(site.networks, 'External').key),
        powerOn: true,
      },
      site,
    );
    expect(plan.steps.at(-1)).toMatchObject({body: {action: 'poweron', params: {apply: true}}});
    await run(plan);
    expect(byName((await loadSite(client)).networks, 'lab')).toMatchObject({running: true, needFwApply: false});
  });
});

describe('a tenant without nodes is refused locally (defect 5)', () => {
  it('refuses before any request; with a node the power-on goes out', async () => {
    const created = await client.create('tenants', {name: 'empty-t', password: 'not-used-here'});
    let site = await loadSite(client);
    const tenant = byName(site.tenants, 'empty-t');
    expect(tenant.nodes).toBe(0);
    expect(tenantActionRefusal(tenant, 'poweron')).toMatch(/has no nodes: VergeOS would start only its network/);
    sim.clearRequests();
    expect(() => tenantActionPlan(tenant, 'poweron')).toThrow(/has no nodes/);
    expect(sim.requests.filter((r) => r.path.endsWith('/tenant_actions'))).toEqual([]);

    await client.create('tenant_nodes', {tenant: created.key, cpu_cores: 2, ram: 4096});
    site = await loadSite(client);
    const withNode = byName(site.tenants, 'empty-t');
    expect(withNode.nodes).toBe(1);
    expect(tenantActionRefusal(withNode, 'poweron')).toBeUndefined();
    await run(tenantActionPlan(withNode, 'poweron'));
    expect(sim.row('tenant_status', created.key)?.status).toMatch(/starting|online/);
  });
});
