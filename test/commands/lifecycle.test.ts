// The rule lifecycle on the demo site: stored as tags, carried by export,
// planned and applied field by field, and `vseg expire` (dry run, grace, the
// disable through a journaled plan, networks with other staged changes).
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {expireCommand} from '../../source/commands/expire.js';
import {exportCommand} from '../../source/commands/export.js';
import {planCommand} from '../../source/commands/plan.js';
import {rollbackCommand} from '../../source/commands/rollback.js';
import {dayOf, addDays} from '../../source/domain/lifecycle/model.js';
import {SitefileError, parseSitefile, serialiseSitefile, type Sitefile} from '../../source/domain/sitefile/index.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

const SECRETS = {VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'};
const rule = (doc: Sitefile, network: string, name: string) =>
  doc.networks.find((n) => n.name === network)!.rules.find((r) => r.name === name)!;

/** The tags a rule carries in the simulator, by name. */
function tagsOf(s: SimulatorHandle, network: string, name: string): string[] {
  const vnet = s.rows('vnets').find((n) => n['name'] === network)!['$key'];
  const key = s.rows('vnet_rules').find((r) => r['vnet'] === vnet && r['name'] === name)!['$key'];
  const names = new Map(s.rows('tags').map((t) => [t['$key'], String(t['name'])]));
  return s
    .rows('tag_members')
    .filter((m) => m['member'] === `vnet_rules/${String(key)}`)
    .map((m) => names.get(m['tag'])!)
    .sort();
}

describe('rule lifecycle', () => {
  const ws = new Workspace(SECRETS);
  let site: SimulatorHandle;
  const today = dayOf(Date.now());

  beforeAll(async () => {
    site = await sim('demo');
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });

  it('export carries owner, ticket, expiry and review from the tags', async () => {
    const r = await ws.run(exportCommand, ws.site(site));
    const doc = parseSitefile(r.stdout);
    expect(rule(doc, 'web', 'Allow ICMP from mgmt')).toMatchObject({
      owner: 'ops',
      ticket: 'CHG-0417',
      expires: addDays(today, -12),
      reviewed: addDays(today, -100),
    });
    expect(rule(doc, 'mgmt', 'Allow SSH from VPN').owner).toBeUndefined();
  });

  it('refuses a value that cannot be a tag, before any request', async () => {
    const doc = parseSitefile((await ws.run(exportCommand, ws.site(site))).stdout);
    const text = serialiseSitefile(doc).replace('expires: ', 'expires: 2027-13-');
    expect(() => parseSitefile(text)).toThrow(SitefileError);
    expect(() => parseSitefile(text)).toThrow(/expires: a date as YYYY-MM-DD/);
  });

  it('expire --dry-run lists exactly the expired rules and changes nothing; --grace narrows it', async () => {
    site.clearRequests();
    const r = await ws.run(expireCommand, ['--dry-run', '-o', 'json', ...ws.site(site)]);
    expect(r.code).toBe(3);
    const listed = (JSON.parse(r.stdout) as {expired: Array<{network: string; rule: string; daysPast: number}>})
      .expired;
    expect(listed.map((e) => [e.network, e.rule, e.daysPast])).toEqual([
      ['dev', 'Allow HTTP from mgmt', 2],
      ['web', 'Allow ICMP from mgmt', 12],
    ]);
    expect(site.requests.filter((q) => q.method !== 'GET' && !q.path.startsWith('/api/sys/tokens'))).toEqual([]);
    const graced = await ws.run(expireCommand, ['--dry-run', '--grace', '5', ...ws.site(site)]);
    expect(graced.stdout).toContain('Allow ICMP from mgmt');
    expect(graced.stdout).not.toContain('Allow HTTP from mgmt');
  });

  it('expire disables them through a journaled plan, keeps staged networks staged, and rollback undoes it', async () => {
    const r = await ws.run(expireCommand, ws.site(site));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('dev already had staged changes');
    const enabled = (network: string, name: string) => {
      const vnet = site.rows('vnets').find((n) => n['name'] === network)!['$key'];
      return site.rows('vnet_rules').find((x) => x['vnet'] === vnet && x['name'] === name)!['enabled'];
    };
    expect(enabled('web', 'Allow ICMP from mgmt')).toBe(false);
    expect(enabled('dev', 'Allow HTTP from mgmt')).toBe(false);
    const web = site.rows('vnets').find((n) => n['name'] === 'web')!;
    const dev = site.rows('vnets').find((n) => n['name'] === 'dev')!;
    expect(site.activeRules(Number(web['$key'])).find((x) => x['name'] === 'Allow ICMP from mgmt')!['enabled']).toBe(
      false,
    );
    expect(dev['need_fw_apply']).toBe(true);
    // Nothing is deleted: both rules still exist, with their tags.
    expect(tagsOf(site, 'web', 'Allow ICMP from mgmt')).toContain('ticket:CHG-0417');

    const second = await ws.run(expireCommand, ws.site(site));
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('no rule has expired');

    const revision = /undo with: vseg rollback (\S+)/.exec(r.stdout)![1];
    const back = await ws.run(rollbackCommand, [revision, '--yes', ...ws.site(site)]);
    expect(back.code).toBe(0);
    expect(enabled('web', 'Allow ICMP from mgmt')).toBe(true);
  });
  it('a site file changes them field by field: new tag on, old tag off, no Apply Rules', async () => {
    const doc = parseSitefile((await ws.run(exportCommand, ws.site(site))).stdout);
    rule(doc, 'db', 'Allow SSH from admins').owner = 'dba';
    rule(doc, 'mgmt', 'Allow SSH from VPN').owner = 'network-team';
    delete rule(doc, 'web', 'Allow HTTP/HTTPS').ticket;
    const file = ws.file('owners.yaml', serialiseSitefile(doc));
    const plan = await ws.run(planCommand, ['-f', file, ...ws.site(site)]);
    expect(plan.stdout).toContain('~ rule db/Allow SSH from admins\n    owner: ops → dba');
    expect(plan.stdout).toContain('~ rule mgmt/Allow SSH from VPN\n    owner: (none) → network-team');
    expect(plan.stdout).toContain('ticket: CHG-1001 → (none)');
    // Tags are not staged rules: no network gets Apply Rules for them (dev has staged changes of its own).
    expect(plan.stdout).not.toMatch(/Apply Rules afterwards on: .*\b(db|mgmt|web)\b/);
    expect(plan.code).toBe(3);

    const applied = await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(site)]);
    expect(applied.code).toBe(0);
    expect(tagsOf(site, 'db', 'Allow SSH from admins')).toEqual(['owner:dba', 'ticket:CHG-0950']);
    expect(tagsOf(site, 'mgmt', 'Allow SSH from VPN')).toEqual(['owner:network-team']);
    expect(tagsOf(site, 'web', 'Allow HTTP/HTTPS')).toEqual([`owner:web-team`, `reviewed:${addDays(today, -30)}`]);
    const again = await ws.run(planCommand, ['-f', file, ...ws.site(site)]);
    expect(again.stdout).not.toMatch(/owner:|ticket:/);
  });
});
