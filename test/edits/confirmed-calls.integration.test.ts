// Issue 12, defect 4: vseg depends only on what public sources confirm
// (VERGEOS-API.md §8.2). What it writes into rule fields is addresses or
// alias:<key> — never the name-based vnet:/vmnic: tokens only vrg's help text
// mentions — and it reads peer handshakes and tunnel networks from the tables
// the SDKs read, not through joins no public client uses.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {executePlan} from '../../source/domain/changes/execute.js';
import {createRulePlan, ruleFormValues} from '../../source/domain/edits/rules.js';
import {loadSite} from '../../source/domain/load-site.js';
import {hasChanges, planToChangePlan} from '../../source/domain/plan/change-plan.js';
import {diffSite} from '../../source/domain/plan/diff.js';
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

const rule = (name: string) => sim.rows('vnet_rules').find((r) => r['name'] === name);

describe('rule fields vseg writes', () => {
  it('a form with vnet:<name>, vmnic:<vm>.<nic> and alias:<name> writes the CIDR, the address and alias:<key>', async () => {
    const site = await loadSite(client);
    const db = byName(site.networks, 'db');
    const admins = byName(site.aliases, 'admins');
    const values = {
      ...ruleFormValues(site),
      name: 'from-tokens',
      protocol: 'tcp',
      source: 'vnet:web, vmnic:jump-01.eth0, alias:admins',
      destinationPorts: '5432',
    };
    const report = await executePlan(client, createRulePlan(values, {site, vnet: db.key}), {pollMs: 5});
    expect(report.error?.describe()).toBeUndefined();
    expect(rule('from-tokens')?.['source_ip']).toBe(`10.10.1.0/24,10.10.3.31,alias:${admins.key}`);
  });

  it("plan/apply writes a file rule's vnet:<name> as the CIDR, and the next plan sees no change", async () => {
    let site = await loadSite(client);
    const doc = siteToDoc(site);
    doc.networks
      .find((n) => n.name === 'db')!
      .rules.push({...doc.networks.find((n) => n.name === 'db')!.rules[0], name: 'from-file', source: 'vnet:mgmt'});
    const first = await executePlan(client, planToChangePlan(diffSite(site, doc)), {pollMs: 5, applyTimeoutMs: 5000});
    expect(first.error?.describe()).toBeUndefined();
    expect(rule('from-file')?.['source_ip']).toBe('10.10.3.0/24');
    site = await loadSite(client);
    expect(hasChanges(diffSite(site, doc))).toBe(false);
  });
});

describe('what vseg reads', () => {
  it('peer handshakes from vnet_wireguard_peer_status and tunnel networks from vnet_ipsecs, with no status# or ipsec# join', async () => {
    sim.clearRequests();
    const site = await loadSite(client, {sections: ['networks', 'vpn']});
    const fields = sim.requests.map((r) => r.query['fields'] ?? '').join(',');
    expect(fields).not.toMatch(/(^|,)status#last_handshake|(^|,)status#tx_bytes|ipsec#vnet/);
    expect(sim.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/v4/vnet_wireguard_peer_status', '/api/v4/vnet_ipsecs']),
    );
    const peers = byName(site.wireguards, 'wg0').peers;
    expect(peers.some((p) => p.lastHandshake !== null)).toBe(true);
    expect(byName(site.ipsec, 'hq').vnet).toBe(byName(site.networks, 'mgmt').key);
    // and no `modified` on networks, which nothing public shows them carrying
    const vnets = sim.requests.find((r) => r.path === '/api/v4/vnets');
    expect(vnets?.query['fields']?.split(',')).not.toContain('modified');
  });
});
