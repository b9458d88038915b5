// A first-time operator, end to end, in a real terminal at 80×24: no profile
// yet, so `vseg wizard setup` points to the console; the console opens on its
// sign-in screen (site address → certificate shown and pinned → user and
// password), then `:wizard setup` walks the six steps — topology and rules
// done for real (an invalid base block refused inline first), the other four
// skipped — and running the rules step again changes nothing. The simulator
// runs in this process so its request log and live rulesets can be checked
// (scenario: test/wizards/E2E-SCENARIO.md).
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {runVseg} from './cli.js';
import {command, selectRow, selectedText} from './console.js';
import {startTerminal, type TerminalSession} from './harness.js';

const PASSWORD = 'first-time-operator-pw';

describe('a first-time operator runs the setup wizard', () => {
  let sim: SimulatorHandle;
  let home: string;
  beforeAll(async () => {
    sim = await startSimulator({seed: 'empty', tls: true, applyDelayMs: 10, powerDelayMs: 10, password: PASSWORD});
    home = mkdtempSync(join(tmpdir(), 'vseg-e2e-setup-'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(home, {recursive: true, force: true});
  });

  const writes = () => sim.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'));
  const running = (name: string) => {
    const net = sim.rows('vnets').find((n) => n['name'] === name);
    return net ? sim.row('machine_status', Number(net['machine']))?.['status'] : undefined;
  };

  async function signIn(t: TerminalSession): Promise<void> {
    await t.waitFor(/No site is saved yet/);
    await t.waitFor(/› Site address/);
    t.type(sim.url);
    await t.waitFor(sim.url.replace('https://', ''));
    t.key('ctrl-s');
    // Trust on first use: the fingerprint is shown, Cancel is focused.
    const trust = (await t.waitFor(/Trust and pin/)).join('\n');
    const shown = [...trust.matchAll(/([0-9A-F]{2}(?::[0-9A-F]{2}){15})/g)]
      .map((m) => m[1].replace(/:/g, ''))
      .join('')
      .toLowerCase();
    expect(shown).toBe(sim.fingerprint);
    expect(trust).toMatch(/›\[ Cancel \]/);
    t.key('tab');
    await t.waitFor(/›\[ Trust and pin \]/);
    t.key('enter');
    await t.waitFor(/Sign in — 2\/2: credentials/);
    t.key('tab');
    await t.waitFor(/› User/);
    t.type('admin');
    await t.waitFor(/User\s+admin/);
    t.key('tab');
    await t.waitFor(/› Password/);
    t.type(PASSWORD);
    await t.waitFor(/Password \/ key\s+•{8}/);
    // The password is masked on screen.
    expect(t.text()).not.toContain(PASSWORD);
    t.key('ctrl-s');
    await t.waitFor((s) => /● connected/.test(s[0] ?? '') && /External/.test(s.join('\n')), 15_000);
  }

  it('from no profile to segmented networks with applied rules', async () => {
    // The headless twin needs answers; without them it says where to go.
    const hint = await runVseg(['wizard', 'setup'], {home});
    expect(hint.code).toBe(2);
    expect(hint.stderr).toMatch(/:wizard setup/);

    const t = startTerminal({args: [], home, cols: 80, rows: 24});
    try {
      await signIn(t);
      expect(writes()).toEqual([]);

      await command(t, ':wizard setup');
      const steps = (await t.waitFor(/First-time setup/)).join('\n');
      for (const step of [
        'Design the topology',
        'Configure network rules',
        'Use aliases',
        'Add VPN tunnels',
        'Isolate tenants',
        'Monitor and adjust',
      ])
        expect(steps).toContain(step);

      // 1. Topology.
      t.key('enter');
      await t.waitFor(/page 1 of 3/);
      t.key('down', 2);
      await t.waitFor(/› Base block/);
      t.key('ctrl-a');
      t.key('ctrl-k');
      t.type('10.10.1.5/16');
      await t.waitFor(/Base block\s+10\.10\.1\.5\/16/);
      t.key('ctrl-s');
      // Inline, on the field (cut at 80 columns: "… has host bits set"), and whole under the form.
      await t.waitFor(/Base block\s+10\.10\.1\.5\/16\s+✖ "10\.10\.1\.5\/16" has/);
      await t.waitFor(/Fix 1 field/);
      await t.waitFor((s) =>
        s
          .map((l) => l.trimEnd())
          .join(' ')
          .replace(/\s+/g, ' ')
          .includes('✖ Base block: "10.10.1.5/16" has host bits set; did you mean 10.10.0.0/16?'),
      );
      expect(writes(), 'nothing sent for an invalid field').toEqual([]);
      t.key('ctrl-a');
      t.key('ctrl-k');
      t.type('10.40.0.0/16');
      await t.waitFor(/Base block\s+10\.40\.0\.0\/16/);
      t.key('ctrl-s');
      await t.waitFor(/page 2 of 3/);
      await t.waitFor(/10\.40\.0\.0\/24/);
      t.key('ctrl-s');
      await t.waitFor(/page 3 of 3/);
      t.key('ctrl-s');
      await t.waitFor(/Topology wizard: \d+ steps/);
      expect(writes(), 'nothing sent before the review is confirmed').toEqual([]);
      t.write('a');
      // Nothing is destroyed: the button confirms, Cancel focused, no word to type.
      await t.waitFor(/›\[ Cancel \]/);
      expect(t.text()).not.toMatch(/Type \S+ to confirm/);
      t.key('tab');
      await t.waitFor(/›\[ Apply \]/);
      t.key('enter');
      await t.waitFor(/Design the topology: applied/, 30_000);
      const nets = sim.rows('vnets').filter((n) => n['type'] === 'internal');
      expect(Object.fromEntries(nets.map((n) => [n['name'], n['network']]))).toEqual({
        web: '10.40.0.0/24',
        db: '10.40.1.0/24',
        mgmt: '10.40.2.0/24',
        dev: '10.40.3.0/24',
      });
      for (const n of ['web', 'db', 'mgmt', 'dev']) expect(running(n), n).toBe('running');
      const writesAfterTopology = writes().length;

      // 2. Rules: allow web → db on tcp/5432. The result page goes back to the steps with n.
      await t.waitFor(/n goes on with the next step/);
      t.write('n');
      await t.waitFor(/1\s+● applied\s+Design the topology/);
      // The cursor is on the step "Next" names, not on the one just finished.
      await t.waitFor(/Next: 2\./);
      await t.waitFor(() => /^2\s+▲ to do\s+Configure network rules/.test(selectedText(t)), 3000);
      t.key('enter');
      await t.waitFor(/Flow 1 of 1/);
      t.type('web');
      t.key('tab');
      t.type('db');
      t.key('tab', 2);
      t.type('5432');
      await t.waitFor(/5432/);
      t.key('ctrl-s');
      await t.waitFor(/Default-deny posture/);
      t.key('ctrl-s');
      const review = (await t.waitFor(/Rules wizard: \d+ steps/)).join('\n');
      expect(review).toMatch(/\+ rule db\/allow-web-to-db-tcp-5432\s+accept incoming tcp 10\.40\.0\.0\/24/);
      expect(review).toMatch(/\+ rule web\/route-to-db\s+route outgoing/);
      expect(writes().length, 'the review sends nothing').toBe(writesAfterTopology);
      t.write('a');
      await t.waitFor(/›\[ Cancel \]/);
      t.key('tab');
      await t.waitFor(/›\[ Apply \]/);
      t.key('enter');
      await t.waitFor(/Configure network rules: applied/, 30_000);
      const db = sim.rows('vnets').find((n) => n['name'] === 'db')!;
      const web = sim.rows('vnets').find((n) => n['name'] === 'web')!;
      expect(sim.activeRules(db['$key'] as number).map((r) => r['name'])).toContain('allow-web-to-db-tcp-5432');
      expect(
        sim
          .rows('vnet_rules')
          .filter((r) => r['vnet'] === web['$key'])
          .map((r) => r['name']),
      ).toContain('route-to-db');
      const perNetwork = sim.rows('vnet_rules').map((r) => `${String(r['vnet'])}/${String(r['name'])}`);
      expect(perNetwork.filter((x, i) => perNetwork.indexOf(x) !== i)).toEqual([]);

      // 3–6: skipped from the step list, each one on purpose.
      await t.waitFor(/n goes on with the next step/);
      t.write('n');
      await t.waitFor(/2\s+● applied\s+Configure network rules/);
      for (const [n, step] of [
        [3, 'Use aliases'],
        [4, 'Add VPN tunnels'],
        [5, 'Isolate tenants'],
        [6, 'Monitor and adjust'],
      ] as const) {
        await selectRow(t, new RegExp(`^${n}\\s+\\S+ to do\\s+${step}`));
        t.write('s');
        await t.waitFor(new RegExp(`${n}\\s+\\S+ skipped\\s+${step}`));
      }
      await t.waitFor(/Every step is applied or skipped/);
      // Nothing is left to resume: the applied wizards and the finished chain left no draft behind.
      const draftsDir = join(home, '.local', 'state', 'vseg', 'drafts');
      const drafts = () => (existsSync(draftsDir) ? readdirSync(draftsDir).filter((f) => f.endsWith('.json')) : []);
      expect(drafts()).toEqual([]);
      // Running the rules step again changes nothing.
      const before = writes().length;
      await command(t, ':wizard rules');
      await t.waitFor(/Flow 1 of 1/);
      t.key('ctrl-s');
      await t.waitFor(/Default-deny posture|nothing to do/i);
      t.key('ctrl-s');
      await t.waitFor(/nothing to do/i);
      expect(writes().length).toBe(before);
      // A re-run that finds nothing to do keeps no draft either (scenario step 14).
      expect(drafts()).toEqual([]);

      t.write('q');
      const status = await t.exited;
      expect(status.exitCode).toBe(0);
    } finally {
      await t.close();
    }
  }, 120_000);
});
