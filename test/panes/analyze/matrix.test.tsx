// :matrix in the console: the grid, the cursor over cells (h/j/k/l and
// arrows), Enter explains a cell with the what-if trace, the service and the
// ruleset switch, all within 80×24 and without colour.
import stringWidth from 'string-width';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startSimulator} from '../../../source/simulator/index.js';
import {stripAnsi} from '../../ui/harness.js';
import {aliasKey, apiClient, networkKey} from '../../commands/analyze/api.js';
import {openConsole, type Console} from './console.js';

let c: Console;
beforeEach(async () => {
  c = await openConsole();
  await c.tui.waitFor('web');
});
afterEach(() => c.close());

const cellLine = (frame: string) =>
  stripAnsi(frame)
    .split('\n')
    .find((l) => / → .* {2}(ALLOW|DENY|PARTIAL|N\/A) {2}/.test(l)) ?? '';

describe(':matrix', () => {
  it('draws the grid with a legend, moves over the cells and explains one on Enter', async () => {
    c.command('matrix tcp/22');
    const frame = stripAnsi(await c.tui.waitFor('tcp/22 on the applied (live) rules — row: from, column: to'));
    const lines = frame.split('\n');
    expect(lines).toHaveLength(24);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(frame).toMatch(/^ +db +dev +mgmt +tenant_a +web +outside/m);
    expect(frame).toMatch(/^› db +A +· +· +- +· +A/m);
    expect(frame).toMatch(/^ {2}mgmt +A +A\? +A +- +A +A/m);
    expect(frame).toContain('A allow  · deny  ~ partial  - n/a  ? live rules of dev unknown');
    expect(frame).toContain('Columns: tenant_a = tenant_acme');
    expect(cellLine(frame)).toBe('db → db  ALLOW  no router on the path');

    c.tui.press('l');
    await c.tui.waitFor((f) => cellLine(f).startsWith('db → dev  DENY  db outgoing has no route'));
    c.tui.press('down', 'j', 'j', 'j');
    await c.tui.waitFor((f) => cellLine(f).startsWith('web → dev  DENY  web outgoing has no route'));
    expect(c.text()).toMatch(/^› web /m);
    c.tui.press('h', 'left');
    await c.tui.waitFor((f) => cellLine(f).startsWith('web → db  DENY  db incoming drops by default'));
    c.tui.press('k');
    await c.tui.waitFor((f) => cellLine(f).startsWith('tenant_acme → db  N/A'));
    c.tui.press('up', 'right', 'right', 'right', 'right');
    await c.tui.waitFor((f) =>
      cellLine(f).startsWith('mgmt → web  ALLOW  mgmt outgoing accepts by default, web incoming accepts by #2'),
    );

    c.tui.press('enter');
    const trace = stripAnsi(await c.tui.waitFor('ALLOW  net:mgmt → net:web  tcp/22'));
    expect(trace.split('\n')[1]).toMatch(/› matrix › why net:mgmt → net:web tcp\/22/);
    expect(trace).toContain('2. web incoming: ACCEPT — rule #2 Allow SSH from admins');
    c.tui.press('G');
    await c.tui.waitFor('matched source: alias admins, entry 10.10.3.0/24 (mgmt)');
    c.tui.press('escape');
    // The cursor is where it was.
    await c.tui.waitFor((f) => cellLine(f).startsWith('mgmt → web  ALLOW'));
    expect(c.writes()).toEqual([]);
  });

  it('switches the service (s cycles, e types one) and the ruleset (p)', async () => {
    c.command('matrix');
    await c.tui.waitFor('any on the applied (live) rules');
    c.tui.press('s');
    // The services the rules mention, in order: the first after "any".
    await c.tui.waitFor(/^(?!any )\S+ on the applied \(live\) rules/m);
    const first = c
      .text()
      .split('\n')
      .find((l) => / on the applied/.test(l))!
      .split(' ')[0];
    expect(first).not.toBe('any');
    c.tui.press('S');
    await c.tui.waitFor('any on the applied (live) rules');

    c.tui.press('e');
    await c.tui.waitFor('Matrix for which service?');
    c.tui.press('ctrl+u');
    for (let i = 0; i < 3; i++) c.tui.press('backspace');
    c.tui.type('icmp/8');
    await c.tui.waitFor('a port needs tcp or udp');
    c.tui.press('ctrl+s');
    await c.tui.waitFor('Fix 1 field');
    for (let i = 0; i < 6; i++) c.tui.press('backspace');
    c.tui.type('tcp/80');
    c.tui.press('ctrl+s');
    await c.tui.waitFor('tcp/80 on the applied (live) rules');

    // Someone stages an http rule on db (vseg saw db applied at start): only the staged rules let web in.
    const client = apiClient(c.sim);
    try {
      await client.create('vnet_rules', {
        vnet: networkKey(c.sim, 'db'),
        name: 'Allow HTTP from web',
        action: 'accept',
        direction: 'incoming',
        protocol: 'tcp',
        source_ip: `alias:${aliasKey(c.sim, 'web-servers')}`,
        destination_ports: '80',
      });
    } finally {
      await client.close();
    }
    c.sim.clearRequests();
    c.tui.press('r');
    c.tui.press('j', 'j', 'j', 'j');
    await c.tui.waitFor((f) => cellLine(f).startsWith('web → db  DENY  db incoming drops by default'));
    c.tui.press('p');
    await c.tui.waitFor('tcp/80 on the staged (after Apply Rules) rules');
    await c.tui.waitFor((f) =>
      cellLine(f).startsWith(
        'web → db  PARTIAL  deny: db incoming drops by default; allow: web outgoing accepts by default, db incoming accepts by #5 Allow HTTP from web'.slice(
          0,
          78,
        ),
      ),
    );
    // Explained staged first, the live answer after it.
    c.tui.press('enter');
    await c.tui.waitFor(/^PARTIAL {2}net:web → net:db {2}tcp\/80/m);
    expect(c.text()).toContain('Changes on Apply Rules: DENY now → PARTIAL after');
    expect(c.writes()).toEqual([]);
  });
});

describe(':matrix on a site with more networks than fit', () => {
  it('scrolls the grid with the cursor and keeps every frame inside 80×24', async () => {
    const sim = await startSimulator({
      seed: 'scale:40:200',
      tls: true,
      applyDelayMs: 20,
      powerDelayMs: 20,
      password: 'sim-admin-password',
    });
    const big = await openConsole({sim});
    try {
      await big.tui.waitFor('net-0001');
      big.command('matrix tcp/443');
      let frame = stripAnsi(await big.tui.waitFor('tcp/443 on the applied (live) rules'));
      expect(frame).toMatch(/^ {11}ne1 ne2 .* ›$/m);
      big.tui.press('G', '$');
      frame = stripAnsi(await big.tui.waitFor((f) => cellLine(f).startsWith('outside → outside  N/A')));
      expect(frame).toMatch(/^ {10}‹n\d\d .* out$/m);
      expect(frame).toMatch(/^› outside /m);
      expect(frame).not.toMatch(/^ {2}net-0001 /m);
      for (const f of big.tui.stdout.frames.filter((x) => x.includes('\n'))) {
        const lines = stripAnsi(f).split('\n');
        expect(lines.length).toBeLessThanOrEqual(24);
        for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
      }
      big.tui.press('k', 'h', 'enter');
      await big.tui.waitFor('ALLOW  net:net-0040 → net:net-0040  tcp/443');
    } finally {
      await big.close();
      await sim.close();
    }
  });
});
