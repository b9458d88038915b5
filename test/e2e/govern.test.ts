// Contracts, recertification and the site map in the real console, by keys,
// against a simulator process of the demo site:
//   :contracts lists the article's statements, all holding; Enter on one opens it
//   the rule form refuses a rule that breaks "dev never reaches production" and
//     says which contract; with an override reason it saves, and the audit log
//     has the reason
//   :recertify lists the expired rules; c → plan → the review recorded as a tag
//   :map draws the demo at 80×24 and 200×50 inside the screen; Enter on a lane
//     opens the what-if trace
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dayOf} from '../../source/domain/lifecycle/model.js';
import {contractsSiteKey} from '../../source/session/contracts.js';
import {ARTICLE_CONTRACTS} from '../../source/session/demo-contracts.js';
import {contractsFile} from '../../source/store/contracts.js';
import {vsegPaths} from '../../source/store/paths.js';
import {actionKey, command, openConsole, selectRow} from './console.js';
import {startTerminal, type TerminalSession} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

/** A home whose saved contracts for this site are the article's. */
function homeWithContracts(site: SiteProcess): string {
  const home = mkdtempSync(join(tmpdir(), 'vseg-e2e-govern-'));
  const paths = vsegPaths({
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  });
  const host = new URL(site.url).host;
  const file = contractsFile(paths, contractsSiteKey({profile: null, host, secretSource: 'env'}));
  mkdirSync(join(file, '..'), {recursive: true});
  writeFileSync(file, ARTICLE_CONTRACTS);
  return home;
}

function fits(t: TerminalSession): void {
  for (const line of t.screen()) expect([...line].length).toBeLessThanOrEqual(t.cols);
  expect(t.screen().length).toBeLessThanOrEqual(t.rows);
}

describe('contracts, recertification and the map in the console', () => {
  let site: SiteProcess;
  let home: string;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo'});
    home = homeWithContracts(site);
  });
  afterAll(async () => {
    await site.close();
    rmSync(home, {recursive: true, force: true});
  });

  it(':contracts lists the statements and their status; Enter opens one', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 100, rows: 30, home});
    try {
      await openConsole(t);
      await command(t, ':contracts');
      const screen = (await t.waitFor(/5 hold · 0 violated/)).join('\n');
      expect(screen).toMatch(/dev never reaches production/);
      expect(screen).toMatch(/admins keep SSH to every tier/);
      fits(t);
      await selectRow(t, /dev never reaches production/);
      t.key('enter');
      const detail = (await t.waitFor(/Rules that decide its flows/)).join('\n');
      expect(detail).toMatch(/PASS\s+dev never reaches production/);
      expect(detail).toMatch(/dev #\d+ Block dev to production/);

      // The matrix marks the cells the statements speak for: dev → web and dev → db are "never".
      await command(t, ':matrix');
      const grid = (await t.waitFor(/N never M must O only/)).join('\n');
      expect(grid).toMatch(/^\s*dev\s.*·\??N/m);
    } finally {
      await t.close();
    }
  });

  it('the rule form refuses a rule that breaks a contract, names it, and saves with a reason (audited)', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 100, rows: 30, home});
    try {
      await openConsole(t);
      // web → db is allowed only on PostgreSQL: a MySQL rule on db breaks it.
      await command(t, ':rules db');
      await t.waitFor(/rules of db/);
      const create = await actionKey(t, /^New\b/);
      t.write(create!);
      await t.waitFor(/New rule on db/);
      t.type('Allow MySQL from web');
      t.key('tab', 4);
      await t.waitFor(/^›\s+Source\b/m);
      t.type('10.10.1.0/24');
      t.key('tab', 3);
      await t.waitFor(/^›\s+Destination ports\b/m);
      t.type('3306');
      await t.waitFor(/Destination ports\s+3306/);
      t.key('ctrl-s');
      const refused = (await t.waitFor(/breaks contract "web reaches db only on PostgreSQL"/)).join('\n');
      expect(refused).toMatch(/New rule on db/);
      expect((await site.rows('vnet_rules')).some((r) => r['name'] === 'Allow MySQL from web')).toBe(false);

      // The override field (the last one, 17 below Destination ports): a reason, then save.
      expect(t.text()).toMatch(/^›\s+Destination ports\b/m);
      t.key('down', 17);
      await t.waitFor(/^›\s+Override reason\b/m);
      t.type('CHG-77 migration window');
      t.key('ctrl-s');
      await t.waitFor(/✔ Create rule db\/Allow MySQL from web/);
      expect((await site.rows('vnet_rules')).some((r) => r['name'] === 'Allow MySQL from web')).toBe(true);
      const audit = readFileSync(join(home, '.local', 'state', 'vseg', 'audit.jsonl'), 'utf8');
      expect(audit).toMatch(/"method":"OVERRIDE".*web reaches db only on PostgreSQL.*CHG-77 migration window/);

      // The broken contract is a lint error now, next to the rule that breaks it.
      await t.waitFor(/5 \+\s+Allow MySQL fro/);
      await t.settle();
      await command(t, ':lint');
      const lint = (await t.waitFor(/error\s+contract\s+db\s+#5 Allow MySQL from/)).join('\n');
      expect(lint).toMatch(/contract "web reaches db only on Post/);
    } finally {
      await t.close();
    }
  });

  it(':recertify lists the expired rules; c re-certifies one through a plan', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 100, rows: 30, home});
    try {
      await openConsole(t);
      await command(t, ':recertify');
      const list = (await t.waitFor(/\d+ due: 2 expired/)).join('\n');
      expect(list).toMatch(/Allow ICMP from mgmt/);
      expect(list).toMatch(/Allow HTTP from mgmt/);
      fits(t);
      await selectRow(t, /Allow ICMP from mgmt/);
      const certify = await actionKey(t, /Re-certify/);
      t.write(certify!);
      await t.waitFor(/Re-certify web\/Allow ICMP from mgmt/);
      t.key('ctrl-s');
      // The plan's own lines, not its title in the breadcrumb: the plan view
      // draws once its code has loaded (it loads on first opening).
      const plan = (await t.waitFor(/reviewed: .* → \d{4}-\d{2}-\d{2}/)).join('\n');
      expect(plan).toMatch(/re-certify web\/Allow ICMP from mgmt/);
      const apply = await actionKey(t, /Apply plan/);
      t.write(apply!);
      await t.waitFor(/Apply re-certify web\/Allow ICMP from mgmt/);
      t.type(new URL(site.url).host);
      t.key('enter');
      // Applied: the plan, made again on the refreshed site, has nothing left to do.
      await t.waitFor(/No changes: .* matches re-certify web\/Allow ICMP from mgmt/);
      const tags = (await site.rows('tags')).map((r) => String(r['name']));
      expect(tags).toContain(`reviewed:${dayOf(Date.now())}`);
    } finally {
      await t.close();
    }
  });

  for (const [cols, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`:map draws the site inside ${cols}×${rows}; Enter on a lane explains it`, async () => {
      const t = startTerminal({args: site.args(), env: site.env(), cols, rows, home});
      try {
        await openConsole(t);
        await command(t, ':map');
        const screen = (await t.waitFor(/Enter explains it/)).join('\n');
        // At 80 columns the boxes are narrow: long names are cut (Externa…).
        for (const name of ['Externa', 'web', 'db', 'mgmt', 'dev']) expect(screen).toContain(name);
        expect(screen).toMatch(/10\.10\.[1-4]\./);
        fits(t);
        // Walk to the route from web to db and explain it.
        const status = () => t.screen().find((l) => /Enter explains it|carries no verdict|no verdict/.test(l)) ?? '';
        const selected = () => /route web → db .*Enter explains it/.test(status());
        for (let i = 0; i < 40 && !selected(); i++) {
          const before = status();
          t.key('down');
          await t.waitFor(() => status() !== before, 2000).catch(() => undefined);
        }
        expect(selected(), t.text()).toBe(true);
        t.key('enter');
        await t.waitFor(/net:web → net:db/);
        fits(t);
      } finally {
        await t.close();
      }
    });
  }
});
