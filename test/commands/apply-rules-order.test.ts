// `vseg apply-rules` makes rules live like every other Apply Rules vseg sends:
// rules two writers placed on the same orderid get orderids of their own first
// (#17 item 3), so what goes live does not hang on a tie-break no public source
// states. (The executor's Apply Rules step did this; the command did not.)
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {applyRulesCommand} from '../../source/commands/apply-rules.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

describe('vseg apply-rules and tied rule orders', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  let client: VergeClient;
  beforeAll(async () => {
    site = await sim('demo');
    client = new VergeClient({
      url: site.url,
      auth: {kind: 'basic', user: site.user, password: site.password},
      trust: {mode: 'pin', fingerprint: site.fingerprint!},
    });
  });
  afterAll(async () => {
    await client.close();
    await site.close();
    ws.remove();
  });

  it('gives tied rules orderids of their own, in the evaluator order, before the rules go live', async () => {
    const db = Number(site.rows('vnets').find((r) => r['name'] === 'db')!['$key']);
    // Two writers that read the same gap (as two vseg apply runs did): both rules on orderid 7.
    const a = await client.create('vnet_rules', {vnet: db, name: 'tie-a', action: 'accept', orderid: 7});
    const b = await client.create('vnet_rules', {vnet: db, name: 'tie-b', action: 'drop', orderid: 7});
    const r = await ws.run(applyRulesCommand, ['db', ...ws.site(site)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^db: applied in \d+ ms; 1 tied rule order made unique$/m);
    const ids = site
      .rows('vnet_rules')
      .filter((x) => x['vnet'] === db)
      .map((x) => Number(x['orderid']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Number(site.row('vnet_rules', b.key)?.['orderid'])).toBeGreaterThan(
      Number(site.row('vnet_rules', a.key)?.['orderid']),
    );
    const live = site.activeRules(db).map((x) => x['name']);
    expect(live.indexOf('tie-a')).toBeLessThan(live.indexOf('tie-b'));
    // Settled once, settled for good: a second run writes no orderid.
    site.clearRequests();
    const again = await ws.run(applyRulesCommand, ['db', ...ws.site(site)]);
    expect(again.code).toBe(0);
    expect(site.requests.filter((x) => x.method === 'PUT')).toEqual([]);
  });
});
