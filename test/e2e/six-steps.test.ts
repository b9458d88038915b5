// Issue 14, done when: a first-time operator walks all six steps on an empty
// site, in a real terminal, with no dead end — the start screen points at
// :wizard setup, ? lists the commands, every step is reviewed (its plan and
// calls), confirmed without a word to type unless something restarts,
// applied, and checked on the site afterwards; the VPN step powers on the
// network it creates; :history lists every change; the site holds it all.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command} from './console.js';
import {startTerminal, type TerminalSession} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

describe('the six steps on an empty site', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'empty', applyDelayMs: 10, powerDelayMs: 10});
  });
  afterAll(async () => {
    await site.close();
  });

  /** Review → a → Cancel focused, no word to type → Tab → Apply → the step's result. */
  async function apply(t: TerminalSession, title: RegExp, typed?: string): Promise<string[]> {
    await t.waitFor(/^a apply/m);
    t.write('a');
    if (typed) {
      // Something restarts: the name to type has the focus.
      await t.waitFor(new RegExp(`Type ${typed} to confirm`));
      t.type(typed);
      t.key('tab');
    } else {
      await t.waitFor(/›\[ Cancel \]/);
      expect(t.text()).not.toMatch(/Type \S+ to confirm/);
      t.key('tab');
    }
    await t.waitFor(/›\[ Apply \]/);
    t.key('enter');
    return t.waitFor(title, 30_000);
  }

  /** From a result in the setup chain, n goes back to the list with the next step selected; Enter opens it. */
  async function next(t: TerminalSession, step: RegExp): Promise<void> {
    t.write('n');
    await t.waitFor(/First-time setup/);
    await t.waitFor((s) => s.some((l) => l.startsWith('›') && step.test(l)));
    t.key('enter');
  }

  it('from an empty site to segmented networks, rules, an alias, a VPN, a tenant and counters', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 100, rows: 30});
    try {
      await t.waitFor((s) => /connected/.test(s[0] ?? ''), 15_000);
      // The start screen: where to begin.
      await t.waitFor(/no internal networks yet\. Start with :wizard setup/);
      // ? lists the commands too, :wizard setup among them.
      t.write('?');
      await t.waitFor(/Keys — /);
      for (let i = 0; i < 6 && !/Commands \(: then the name/.test(t.text()); i++) {
        t.key('pagedown');
        await t.waitFor(/Keys — /);
      }
      await t.waitFor(/:wizard \S*\s+The six guided steps; :wizard setup walks them in order/);
      t.key('escape');
      await t.waitForGone(/Keys — /);

      await command(t, ':wizard setup');
      await t.waitFor(/First-time setup/);
      t.key('enter');

      // 1. Topology: the proposed four tiers.
      await t.waitFor(/Design the topology — page 1 of 3/);
      for (let i = 0; i < 3; i++) t.key('ctrl-s');
      await t.waitFor(/Topology wizard: \d+ steps/);
      let screen = await apply(t, /Design the topology: applied/);
      await t.waitFor(/Checked on the site now: it works/);
      screen = t.screen();
      expect(screen.join('\n')).toMatch(/✓ web is running/);

      // 2. Rules: web → db tcp/5432.
      await next(t, /Configure network rules/);
      await t.waitFor(/Flow 1 of 1/);
      t.type('web');
      t.key('tab');
      t.type('db');
      t.key('tab');
      t.key('tab');
      t.type('5432');
      t.key('ctrl-s');
      await t.waitFor(/Default-deny posture/);
      t.key('ctrl-s');
      await t.waitFor(/Rules wizard: \d+ steps/);
      await apply(t, /Configure network rules: applied/);
      await t.waitFor(/✓ web → db tcp\/5432: allow/);

      // 3. Aliases: the page names the block the rule spells out; the alias takes its place.
      await next(t, /Use aliases/);
      await t.waitFor(/Use aliases — page 1 of 2/);
      await t.waitFor(/10\.10\.0\.0\/24 \(net:web\) in db\/allow-web-to-db-tcp-5432/);
      t.type('web-tier');
      t.key('tab');
      t.key('tab');
      t.type('web');
      t.key('ctrl-s');
      await t.waitFor(/page 2 of 2: Use the alias in existing rules/);
      t.key('space');
      await t.waitFor(/\[x\] yes/);
      t.key('ctrl-s');
      await t.waitFor(/Aliases wizard: \d+ steps/);
      await apply(t, /Use aliases: applied/);

      // 4. VPN: IPsec to a branch; the network it creates is powered on with its rules live, and checked.
      await next(t, /Add VPN tunnels/);
      await t.waitFor(/Kind of tunnel/);
      t.key('right');
      await t.waitFor(/Tunnel\s+‹ IPsec ›/);
      t.key('ctrl-s');
      await t.waitFor(/IPsec tunnel/);
      t.key('tab');
      t.type('branch');
      t.key('tab');
      t.type('198.51.100.20');
      t.key('tab');
      t.type('db');
      t.key('tab');
      t.type('172.17.0.0/24');
      t.key('ctrl-s');
      await t.waitFor(/VPN wizard \(IPsec\): \d+ steps/);
      await t.waitFor(/Power on network vpn \(its staged rules go live\)/);
      await apply(t, /Add VPN tunnels: applied/);
      await t.waitFor(/✓ vpn is running and its rules are live/);
      await t.waitFor(/✓ 172\.17\.0\.0\/24 → 10\.10\.1\.0\/24 through tunnel branch: allow/);

      // 5. Tenants: a new, isolated tenant.
      await next(t, /Isolate tenants/);
      await t.waitFor(/Isolate tenants — page 1 of 2/);
      t.type('acme');
      t.key('ctrl-s');
      await t.waitFor(/page 2 of 2/);
      t.key('ctrl-s');
      await t.waitFor(/Tenant isolation wizard: \d+ steps/);
      await apply(t, /Isolate tenants: applied/);

      // 6. Monitor: statistics and mirroring on web; the restart asks for web's name.
      await next(t, /Monitor and adjust/);
      await t.waitFor(/Statistics and port mirroring/);
      t.key('ctrl-s');
      await t.waitFor(/Monitor and adjust wizard: \d+ steps/);
      await apply(t, /counters web|statistics on/, 'web');
      t.key('escape');
      await t.waitFor(/6\s+● applied\s+Monitor and adjust/);
      expect(t.text()).toMatch(/1\s+● applied\s+Design the topology/);

      // Every change is in the journal.
      await command(t, ':history');
      await t.waitFor(/console: Monitor and adjust wizard/);
      expect(t.text()).toMatch(/console: VPN wizard \(IPsec\)/);
      expect(t.text()).toMatch(/console: Topology wizard/);
      t.write('q');
      await t.exited;
    } finally {
      await t.close();
    }

    // What the site holds.
    const nets = await site.rows('vnets');
    expect(
      nets
        .filter((n) => n['type'] === 'internal')
        .map((n) => n['name'])
        .sort(),
    ).toEqual(expect.arrayContaining(['db', 'dev', 'mgmt', 'web', 'tenant_acme']));
    const vpn = nets.find((n) => n['name'] === 'vpn')!;
    expect(vpn['need_fw_apply']).toBe(false);
    const rules = await site.rows('vnet_rules');
    const aliasKey = (await site.rows('vnet_rule_aliases')).find((a) => a['name'] === 'web-tier')!['$key'];
    expect(rules.find((r) => r['name'] === 'allow-web-to-db-tcp-5432')!['source_ip']).toBe(`alias:${String(aliasKey)}`);
    expect((await site.rows('tenants')).map((x) => x['name'])).toEqual(['acme']);
    expect((await site.rows('vnet_ipsec_phase1s')).map((x) => x['name'])).toEqual(['branch']);
  }, 180_000);
});
