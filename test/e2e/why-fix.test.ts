// An operator finds out why web cannot reach db on 3306 and fixes it with one
// rule and Apply Rules — by keys, at 80×24, against a simulator process:
//   :why web-01 db-01 tcp/3306 → DENY, db's incoming default decides
//   networks → db → n (new rule) → name, source web's CIDR, port 3306 → Ctrl+S
//   a (Apply Rules) → Tab to the confirm button → Enter → the banner clears
//   :why again → ALLOW, decided by the new rule
// and the site holds exactly that one new rule, applied.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {actionKey, command, openConsole, selectRow} from './console.js';
import {startTerminal} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

const RULE = 'Allow MySQL from web';

describe('why can web not reach db on 3306, and the fix', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo'});
  });
  afterAll(async () => {
    await site.close();
  });

  it('explains the deny, adds one rule, applies it, and the answer becomes allow', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 80, rows: 24});
    try {
      await openConsole(t);

      await command(t, ':why web-01 db-01 tcp/3306');
      const denied = (await t.waitFor(/DENY\s+vm:web-01 → vm:db-01\s+tcp\/3306/)).join('\n');
      expect(denied).toMatch(/db's default for incoming traffic \(drop\)/);
      expect(denied).toMatch(/db incoming: DROP/);

      await command(t, ':networks');
      await t.waitFor((s) => /›\s*networks\s*$/.test((s[1] ?? '').trimEnd()));
      await selectRow(t, /^db\b/);
      t.key('enter');
      await t.waitFor(/rules of db/);
      const create = await actionKey(t, /^New\b/);
      expect(create).toBeDefined();
      t.write(create!);
      await t.waitFor(/New rule on db/);
      t.type(RULE);
      await t.waitFor(RULE);
      // Action accept, direction incoming and protocol tcp are the defaults.
      t.key('tab', 4);
      await t.waitFor(/^›\s+Source\b/m);
      t.type('10.10.1.0/24');
      await t.waitFor(/Source\s+10\.10\.1\.0\/24/);
      t.key('tab', 3);
      await t.waitFor(/^›\s+Destination ports\b/m);
      t.type('3306');
      await t.waitFor(/Destination ports\s+3306/);
      t.key('ctrl-s');
      await t.waitFor(new RegExp(`✔ Create rule db/${RULE}`));
      await t.waitFor(new RegExp(`rules of db.*5 rules`));

      const rules = (await site.rows('vnet_rules')).filter((r) => r['name'] === RULE);
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({
        action: 'accept',
        direction: 'incoming',
        protocol: 'tcp',
        source_ip: '10.10.1.0/24',
        destination_ports: '3306',
      });
      const db = (await site.rows('vnets')).find((n) => n['name'] === 'db')!;
      expect(rules[0]['vnet']).toBe(db['$key']);
      expect(db['need_fw_apply']).toBe(true);

      // Apply Rules: the dialog opens on Cancel; the trigger key never confirms.
      const apply = await actionKey(t, /Apply Rules/);
      t.write(apply!);
      const dialog = await t.waitFor(/Apply Rules on db\?/);
      expect(dialog.join('\n')).toMatch(/POST \/api\/v4\/vnet_actions\s+vnet=\d+ action="refresh"/);
      expect(dialog.join('\n')).toMatch(/›\[ Cancel \]/);
      t.write(apply!);
      await t.settle();
      expect(t.text()).toMatch(/Apply Rules on db\?/);
      t.key('tab');
      await t.waitFor(/›\[ Apply Rules \]/);
      t.key('enter');
      await t.waitForGone(/Apply Rules on db\?/);
      await t.waitFor((s) => !/db/.test(s[2] ?? '') && /1 pending apply|connected\s*$/.test(s[0] ?? ''), 15_000);
      expect((await site.rows('vnets')).find((n) => n['name'] === 'db')!['need_fw_apply']).toBe(false);

      await command(t, ':why web-01 db-01 tcp/3306');
      const allowed = (await t.waitFor(/ALLOW\s+vm:web-01 → vm:db-01\s+tcp\/3306/)).join('\n');
      expect(allowed).toMatch(new RegExp(`db incoming: ACCEPT.*${RULE.slice(0, 12)}`));
      // Still exactly one such rule: nothing was sent twice.
      expect((await site.rows('vnet_rules')).filter((r) => r['name'] === RULE)).toHaveLength(1);
    } finally {
      await t.close();
    }
  }, 90_000);
});
