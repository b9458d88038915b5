// Each wizard driven by keys in the console against the simulator, asserting
// the simulator's resulting state as well as the screen: rules, aliases, VPN
// (WireGuard), tenants, monitor (with the counters view's adjustments), the
// setup chain, a failed apply resumed, and read-only mode.
import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {wireguardPublicKey} from '../../source/domain/wireguard-keys.js';
import {WIZARDS} from '../../source/domain/wizards/index.js';
import {stripAnsi} from '../ui/harness.js';
import {openWizardConsole, type WizardConsole} from './console.js';
import {waitUntil} from '../support/wait.js';

let c: WizardConsole | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const row = (w: WizardConsole, table: string, name: string) => w.sim.rows(table).find((r) => r['name'] === name);
const key = (w: WizardConsole, table: string, name: string) => Number(row(w, table, name)!['$key']);

/** Confirms the open dialog by typing the name it asks for. */
/** Confirms a wizard's apply that destroys and disrupts nothing: no word to type, Cancel focused, Tab to Apply (#14). */
async function confirmApply(w: WizardConsole): Promise<void> {
  await w.see('›[ Cancel ]');
  expect(w.text()).not.toMatch(/Type \S+ to confirm/);
  w.tui.press('tab');
  await w.see('›[ Apply ]');
  w.tui.press('enter');
}

async function typeToConfirm(w: WizardConsole, name: string): Promise<void> {
  await w.see(`Type ${name}`);
  w.tui.type(name);
  w.tui.press('enter');
}

describe('console wizards', () => {
  it('rules: a bad endpoint is refused inline; the flow is reviewed, applied and live', async () => {
    c = await openWizardConsole();
    await c.command('wizard rules');
    await c.see('Flow 1 of 1');
    c.tui.type('nowhere');
    c.tui.press('tab');
    c.tui.type('db');
    c.tui.press('tab', 'tab');
    c.tui.type('3306');
    c.tui.press('ctrl+s');
    await c.see('"nowhere" is no network');
    expect(c.writes()).toEqual([]);
    // The refused submit put the focus on the bad field.
    c.tui.press('ctrl+a', 'ctrl+k');
    c.tui.type('web');
    c.tui.press('ctrl+s');
    await c.see('Default-deny posture');
    await c.see('db: incoming drop, outgoing accept');
    c.tui.press('ctrl+s');
    await c.see('Rules wizard: 2 steps');
    await c.see('allow-web-to-db-tcp-3306');
    await c.see('web → db tcp/3306: deny → allow');
    expect(c.writes()).toEqual([]);
    c.tui.press('a');
    await confirmApply(c);
    await c.see('Configure network rules: applied', 8000);
    await c.see('✓ web → db tcp/3306: allow');
    expect(c.sim.activeRules(key(c, 'vnets', 'db')).map((r) => r['name'])).toContain('allow-web-to-db-tcp-3306');
  }, 30_000);

  it('aliases: members become entries; the chosen rule shows before and after, then uses the alias', async () => {
    c = await openWizardConsole();
    await c.command('wizard aliases');
    await c.see('page 1 of 2');
    c.tui.type('mgmt-net');
    c.tui.press('tab', 'tab');
    c.tui.type('net:mgmt');
    c.tui.press('ctrl+s');
    await c.see('web/Allow ICMP from mgmt (source)');
    c.tui.press('down', 'space');
    c.tui.press('ctrl+s');
    await c.see('Aliases wizard:');
    await c.see('before: accept incoming icmp 10.10.3.0/24');
    await c.see('after:  accept incoming icmp alias:mgmt-net');
    c.tui.press('a');
    await confirmApply(c);
    await c.see('Use aliases: applied', 8000);
    const alias = row(c, 'vnet_rule_aliases', 'mgmt-net')!;
    expect(alias['value']).toBe('10.10.3.0/24|mgmt');
    expect(row(c, 'vnet_rules', 'Allow ICMP from mgmt')!['source_ip']).toBe(`alias:${String(alias['$key'])}`);
    // Only the chosen rule changed.
    expect(
      c.sim
        .rows('vnet_rules')
        .filter(
          (r) =>
            r['source_ip'] === `alias:${String(alias['$key'])}` ||
            r['destination_ip'] === `alias:${String(alias['$key'])}`,
        ),
    ).toHaveLength(1);
  }, 30_000);

  it('vpn: a WireGuard peer with a locally generated key; the remote config is shown and copied', async () => {
    c = await openWizardConsole();
    await c.command('wizard vpn');
    await c.see('Kind of tunnel');
    c.tui.press('ctrl+s');
    await c.see('WireGuard interface');
    c.tui.press('tab');
    c.tui.press('ctrl+a', 'ctrl+k');
    c.tui.type('wg1');
    c.tui.press('tab', 'tab', 'tab', 'tab');
    c.tui.type('web');
    c.tui.press('ctrl+s');
    await c.see('Peer 1 of 1');
    c.tui.press('ctrl+a', 'ctrl+k');
    c.tui.type('bob');
    c.tui.press('ctrl+s');
    await c.see('VPN wizard (WireGuard):');
    await c.see('+ wireguard mgmt/wg1');
    c.tui.press('a');
    await confirmApply(c);
    await c.see('Add VPN tunnels: applied', 8000);
    const frame = await c.see(/PrivateKey = \S+/);
    const privateKey = /PrivateKey = (\S+)/.exec(stripAnsi(frame))![1];
    const wg = row(c, 'vnet_wireguards', 'wg1')!;
    const peer = c.sim.rows('vnet_wireguard_peers').find((p) => p['wireguard'] === wg['$key'] && p['name'] === 'bob')!;
    expect(peer['public_key']).toBe(wireguardPublicKey(privateKey));
    c.tui.press('c');
    await c.see('Sent the result to the terminal clipboard (OSC 52');
    expect(c.sim.activeRules(key(c, 'vnets', 'web')).map((r) => r['name'])).toContain('allow-wg1-to-web');
  }, 30_000);

  it('tenants: a new tenant with a block, isolated; the review and result judge its flows', async () => {
    c = await openWizardConsole();
    await c.command('wizard tenants');
    await c.see('The tenant');
    c.tui.type('globex');
    c.tui.press('ctrl+s');
    await c.see('Network block and external IP');
    c.tui.press('right');
    c.tui.press('tab');
    c.tui.type('203.0.113.64/28');
    c.tui.press('ctrl+s');
    await c.see('overlaps the network block 203.0.113.6');
    expect(c.writes()).toEqual([]);
    c.tui.press('ctrl+a', 'ctrl+k');
    c.tui.type('203.0.113.96/28');
    c.tui.press('ctrl+s');
    await c.see('Tenant isolation wizard:');
    await c.see('Flows of tenant globex');
    c.tui.press('a');
    await confirmApply(c);
    await c.see('Isolate tenants: applied', 8000);
    await c.see('Which of its flows the rules allow');
    const t = row(c, 'tenants', 'globex')!;
    expect(t['isolate']).toBe(true);
    expect(
      c.sim
        .rows('vnet_cidrs')
        .filter((b) => b['owner'] === `tenants/${String(t['$key'])}`)
        .map((b) => b['cidr']),
    ).toEqual(['203.0.113.96/28']);
  }, 30_000);

  it('monitor: mirroring with a confirmed restart and the capture NIC; then disable a rule and turn mirroring off', async () => {
    c = await openWizardConsole({rows: 34});
    await c.command('wizard monitor');
    await c.see('Statistics and port mirroring');
    c.tui.press('enter');
    c.tui.type('db');
    c.tui.press('enter');
    c.tui.press('down', 'down');
    c.tui.type('jump');
    c.tui.press('enter');
    c.tui.press('ctrl+s');
    await c.see('Monitor and adjust wizard:');
    await c.see('Restart network db');
    await c.see('attach jump-01');
    c.tui.press('a');
    await typeToConfirm(c, 'db');
    await c.see('never hit', 10_000);
    const db = row(c, 'vnets', 'db')!;
    const mirror = row(c, 'vnets', 'db_mirror')!;
    expect(db['port_mirroring']).toBe('north_south');
    expect(db['port_mirroring_vnet']).toBe(mirror['$key']);
    const jump = c.sim.rows('vms').find((v) => v['name'] === 'jump-01')!;
    expect(c.sim.rows('machine_nics').find((n) => n['machine'] === jump['machine'])!['vnet']).toBe(mirror['$key']);

    // Disable the selected rule: Cancel has the focus, so Enter alone does nothing.
    c.tui.press('g', 'd');
    await c.see('Disable rule');
    c.tui.press('enter');
    await c.see(/cancelled/);
    c.tui.press('d');
    await c.see('Disable rule');
    c.tui.press('right', 'enter');
    await c.until(() => row(c!, 'vnet_rules', 'Allow PostgreSQL from web')?.['enabled'] === false);

    c.tui.press('m');
    await typeToConfirm(c, 'db');
    await c.until(
      () => row(c!, 'vnets', 'db')?.['port_mirroring'] === 'off' && row(c!, 'vnets', 'db_mirror') === undefined,
      10_000,
    );
    expect(row(c, 'vnets', 'db_mirror')).toBeUndefined();
  }, 40_000);

  it('setup: steps can be skipped; a step applied from the chain is marked and n comes back', async () => {
    c = await openWizardConsole();
    await c.command('wizard setup');
    await c.see('First-time setup');
    c.tui.press('s');
    await c.see(/skipped/);
    // The cursor moved on to the next step by itself.
    await c.see('Next: 2. Configure network rules');
    c.tui.press('enter');
    await c.see('Flow 1 of 1');
    c.tui.type('mgmt');
    c.tui.press('tab');
    c.tui.type('vm:db-01');
    c.tui.press('tab', 'tab');
    c.tui.type('22');
    c.tui.press('ctrl+s');
    await c.see('Default-deny posture');
    c.tui.press('ctrl+s');
    await c.see('Rules wizard:');
    c.tui.press('a');
    await confirmApply(c);
    await c.see('n goes on with the next step', 8000);
    c.tui.press('n');
    await c.see(/applied/);
    await c.see('Next: 3. Use aliases');
    expect(c.text()).toMatch(/skipped\s+Design the topology/);
  }, 30_000);

  it('a failed apply lists what was done and not; a resumes it without duplicates', async () => {
    c = await openWizardConsole();
    await c.command('wizard rules');
    await c.see('Flow 1 of 1');
    c.tui.type('web');
    c.tui.press('tab');
    c.tui.type('db');
    c.tui.press('tab', 'tab');
    c.tui.type('3306');
    c.tui.press('down', 'down', 'space');
    c.tui.press('ctrl+s');
    await c.see('Flow 2 of 2');
    c.tui.type('dev');
    c.tui.press('tab');
    c.tui.type('vm:web-01');
    c.tui.press('tab', 'tab');
    c.tui.type('22');
    c.tui.press('ctrl+s');
    await c.see('Default-deny posture');
    c.tui.press('ctrl+s');
    await c.see('Rules wizard: 7 steps');
    c.tui.press('a');
    await c.see('›[ Cancel ]');
    c.tui.press('tab');
    await c.see('›[ Apply ]');
    // The API fails once the first rule exists.
    let done = false;
    const watcher = waitUntil(() => done || row(c!, 'vnet_rules', 'allow-web-to-db-tcp-3306'), {
      what: 'the first rule',
      timeoutMs: 60_000,
      everyMs: 1,
    }).then(() => {
      if (!done) c!.sim.setFaults('error=1');
    });
    c.tui.press('enter');
    await c.see('The apply stopped', 10_000);
    done = true;
    await watcher;
    await c.see('Done (1)');
    await c.see('Not done (6)');
    // The refresh after the failure found the API down: reconnect (r), then resume.
    c.sim.setFaults('');
    c.tui.press('r');
    await c.see('● connected');
    c.tui.press('a');
    await confirmApply(c);
    await c.see('Configure network rules: applied', 10_000);
    const names = c.sim.rows('vnet_rules').map((r) => `${String(r['vnet'])}/${String(r['name'])}`);
    expect(new Set(names).size).toBe(names.length);
    expect(c.sim.activeRules(key(c, 'vnets', 'dev')).map((r) => r['name'])).toContain('allow-dev-to-web-01-tcp-22');
  }, 40_000);

  it('read-only: the review is there, apply is not', async () => {
    c = await openWizardConsole({readOnly: true});
    await c.command('wizard tenants');
    await c.see('The tenant');
    c.tui.type('globex');
    c.tui.press('ctrl+s');
    await c.see('Network block');
    c.tui.press('ctrl+s');
    await c.see('Tenant isolation wizard:');
    expect(c.text()).not.toContain('a apply');
    c.tui.press('a');
    await c.tui.settle();
    expect(c.text()).not.toContain('Type tenants');
    expect(c.writes()).toEqual([]);
  }, 20_000);

  it('at 80×24 a wizard page shows its guidance whole, wrapped, not cut at the edge', async () => {
    c = await openWizardConsole({columns: 80, rows: 24});
    await c.command('wizard topology');
    await c.see('page 1 of');
    const screen = stripAnsi(c.tui.lastFrame())
      .split('\n')
      .map((l) => l.trimEnd());
    const flat = screen.join(' ').replace(/ +/g, ' ');
    for (const paragraph of WIZARDS.topology.why) expect(flat).toContain(paragraph.replace(/ +/g, ' '));
    for (const line of screen) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  }, 20_000);

  it('at 80×24 every frame of a wizard fits the screen', async () => {
    c = await openWizardConsole({columns: 80, rows: 24});
    await c.command('wizard vpn');
    await c.see('Kind of tunnel');
    c.tui.press('right', 'ctrl+s');
    await c.see('IPsec tunnel');
    c.tui.press('ctrl+s');
    await c.see('Fix');
    c.tui.press('escape');
    await c.see('Kind of tunnel');
    c.tui.press('escape');
    await c.see('Six guided steps');
    await c.command('wizard setup');
    await c.see('First-time setup');
    const frames = c.tui.stdout.frames.filter((f) => f.includes('\n'));
    for (const frame of frames) {
      const lines = stripAnsi(frame).split('\n');
      expect(lines.length).toBeLessThanOrEqual(24);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    }
  }, 20_000);
});
