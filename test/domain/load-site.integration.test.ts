// The snapshot loader against the simulator: what it reads, and that its
// request count does not grow with the size of the site.
import {afterEach, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {loadSite, REQUESTS_PER_SECTION} from '../../source/domain/load-site.js';
import {ALL_SECTIONS} from '../../source/domain/model.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function open(seed: string) {
  sim = await startSimulator({seed});
  return new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
}

describe('loadSite', () => {
  it('reads the demo site completely and consistently', async () => {
    const client = await open('demo');
    const site = await loadSite(client);
    const names = site.networks.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['External', 'web', 'db', 'mgmt', 'dev']));
    const web = site.networks.find((n) => n.name === 'web')!;
    expect(web.cidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    expect(web.running).toBe(true);
    // Every rule belongs to a loaded network; every NIC to a VM; every peer to an interface.
    const keys = new Set(site.networks.map((n) => n.key));
    for (const r of site.rules) expect(keys.has(r.vnet)).toBe(true);
    const vm = site.vms.find((v) => v.name === 'web-01')!;
    expect(vm.nics[0]).toMatchObject({vm: vm.key, vnet: web.key});
    expect(site.wireguards[0].peers.length).toBeGreaterThan(0);
    expect(site.ipsec[0].phase2.length).toBeGreaterThan(0);
    expect(site.tenants[0].name).toBeTruthy();
    // Networks with nothing pending have their live ruleset known.
    for (const n of site.networks) {
      expect(site.applied.get(n.key)?.source).toBe(n.needFwApply ? 'unknown' : 'current');
    }
    // Server rows and domain rows agree on counts.
    expect(site.rules).toHaveLength(sim!.rows('vnet_rules').length);
  });

  it('sends one request per table whatever the number of networks', async () => {
    const expected = ALL_SECTIONS.reduce((sum, s) => sum + REQUESTS_PER_SECTION[s], 0);
    const counts: number[] = [];
    for (const seed of ['scale:5:50', 'scale:120:1200']) {
      const client = await open(seed);
      sim!.clearRequests();
      const site = await loadSite(client);
      counts.push(sim!.requests.length);
      expect(site.networks.length).toBeGreaterThan(5);
      await client.close();
      await sim!.close();
      sim = undefined;
    }
    expect(counts).toEqual([expected, expected]);
  });

  it('reloads only the sections asked for and keeps the rest', async () => {
    const client = await open('demo');
    const first = await loadSite(client);
    sim!.clearRequests();
    const second = await loadSite(client, {sections: ['networks', 'rules'], previous: first});
    expect(sim!.requests.map((r) => r.path).sort()).toEqual(['/api/v4/vnet_rules', '/api/v4/vnets']);
    expect(second.vms).toBe(first.vms);
    expect(second.loadedAt).toBeGreaterThanOrEqual(first.loadedAt);
  });

  it('remembers the live ruleset of a network across a staged change (until an apply)', async () => {
    const client = await open('demo');
    const first = await loadSite(client, {sections: ['networks', 'rules']});
    const db = first.networks.find((n) => n.name === 'db')!;
    expect(first.applied.get(db.key)?.source).toBe('current');
    const liveBefore = first.rules.filter((r) => r.vnet === db.key).length;
    await client.create('vnet_rules', {
      vnet: db.key,
      name: 'staged-only',
      action: 'accept',
      protocol: 'tcp',
      destination_ports: '3306',
    });
    const second = await loadSite(client, {sections: ['networks', 'rules'], previous: first});
    const applied = second.applied.get(db.key)!;
    expect(applied.source).toBe('baseline');
    expect(applied.source !== 'unknown' && applied.rules.length).toBe(liveBefore);
    expect(second.rules.filter((r) => r.vnet === db.key)).toHaveLength(liveBefore + 1);
  });
});
