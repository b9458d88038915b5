// loadSiteWithBaselines against the simulator: what was live when a network
// was last seen clean survives into a later session once rules are staged,
// and is dropped after an Apply Rules vseg did not see.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {loadSite} from '../../source/domain/load-site.js';
import {loadSiteWithBaselines} from '../../source/session/site.js';
import {ManualClock, startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {tempHome, type TempHome} from '../store/helpers.js';

let home: TempHome;
let sim: SimulatorHandle;
// Apply Rules completes and time stamps move only when a test advances this.
let clock: ManualClock;
const clients: VergeClient[] = [];

beforeEach(async () => {
  home = tempHome();
  clock = new ManualClock();
  sim = await startSimulator({tls: true, seed: 'demo', applyDelayMs: 0, clock});
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await sim.close();
  home.cleanup();
});

/** A fresh session: its own client, nothing remembered in memory. */
function session() {
  const client = new VergeClient({
    url: sim.url,
    auth: {kind: 'basic', user: sim.user, password: sim.password},
    trust: {mode: 'insecure'},
  });
  clients.push(client);
  return {client, host: client.site.host, paths: home.paths};
}

describe('loadSiteWithBaselines', () => {
  it('a later session still knows the applied rules of a network with pending changes', async () => {
    const first = await loadSiteWithBaselines(session());
    const web = first.networks.find((n) => n.name === 'web')!;
    expect(web.needFwApply).toBe(false);
    const liveNames = first.rules
      .filter((r) => r.vnet === web.key)
      .map((r) => r.name)
      .sort();
    expect(first.applied.get(web.key)).toMatchObject({source: 'current'});

    // Someone stages a rule on web (not applied).
    const s2 = session();
    await s2.client.create('vnet_rules', {
      vnet: web.key,
      name: 'Staged SSH',
      action: 'accept',
      direction: 'incoming',
      protocol: 'tcp',
      destination_ports: '22',
    });

    // Without the store, the live rules of web are unknown…
    const plain = await loadSite(s2.client);
    expect(plain.networks.find((n) => n.key === web.key)!.needFwApply).toBe(true);
    expect(plain.applied.get(web.key)).toEqual({source: 'unknown'});

    // …with it, they are the ones recorded by the first session.
    const later = await loadSiteWithBaselines(s2);
    const applied = later.applied.get(web.key)!;
    expect(applied.source).toBe('baseline');
    expect(applied.source === 'baseline' && applied.rules.map((r) => r.name).sort()).toEqual(liveNames);
    expect(later.rules.filter((r) => r.vnet === web.key).map((r) => r.name)).toContain('Staged SSH');

    // After an Apply Rules the old baseline no longer describes the router: current again.
    await s2.client.action('vnet_actions', {vnet: web.key, action: 'refresh'});
    clock.advance(0);
    expect((await loadSite(s2.client)).networks.find((n) => n.key === web.key)!.needFwApply).toBe(false);
    const applied2 = (await loadSiteWithBaselines(s2)).applied.get(web.key)!;
    expect(applied2.source).toBe('current');
    expect(applied2.source === 'current' && applied2.rules.map((r) => r.name)).toContain('Staged SSH');
  });

  it('a baseline recorded before an Apply vseg did not see is not believed', async () => {
    const first = await loadSiteWithBaselines(session());
    const db = first.networks.find((n) => n.name === 'db')!;
    const s2 = session();
    // Stage and apply one rule, then stage another: last_fw_apply moved since the baseline.
    clock.advance(1000); // last_fw_apply counts seconds: let one pass
    await s2.client.create('vnet_rules', {
      vnet: db.key,
      name: 'Applied one',
      action: 'drop',
      direction: 'incoming',
      protocol: 'tcp',
      destination_ports: '23',
    });
    await s2.client.action('vnet_actions', {vnet: db.key, action: 'refresh'});
    clock.advance(0);
    expect((await loadSite(s2.client)).networks.find((n) => n.key === db.key)!.needFwApply).toBe(false);
    await s2.client.create('vnet_rules', {
      vnet: db.key,
      name: 'Staged two',
      action: 'drop',
      direction: 'incoming',
      protocol: 'tcp',
      destination_ports: '24',
    });
    const later = await loadSiteWithBaselines(s2);
    expect(later.networks.find((n) => n.key === db.key)!.needFwApply).toBe(true);
    expect(later.applied.get(db.key)).toEqual({source: 'unknown'});
  });
});
