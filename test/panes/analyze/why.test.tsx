// :why in the console against a live simulator: the what-if form (pickers,
// typed endpoints, inline checks) → the trace; `:why A B service` answers at
// once; a staged rule shows up as a verdict that changes on Apply Rules.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {stripAnsi} from '../../ui/harness.js';
import {apiClient, aliasKey, networkKey} from '../../commands/analyze/api.js';
import {openConsole, type Console} from './console.js';

let c: Console;
beforeEach(async () => {
  c = await openConsole();
  await c.tui.waitFor('web');
});
afterEach(() => c.close());

describe(':why', () => {
  it('the form picks endpoints from lists and explains the answer as a trace', async () => {
    c.command('why');
    await c.tui.waitFor('What-if: would this traffic pass');
    c.tui.press('enter');
    await c.tui.waitFor('Choose From:');
    c.tui.type('web-01');
    await c.tui.waitFor('1 match ');
    c.tui.press('enter');
    await c.tui.waitFor(/From +web-01 ▾/);
    c.tui.press('tab', 'enter');
    await c.tui.waitFor('Choose To:');
    c.tui.type('db-01');
    await c.tui.waitFor('1 match ');
    c.tui.press('enter');
    await c.tui.waitFor(/To +db-01 ▾/);
    c.tui.press('tab', 'right');
    await c.tui.waitFor('‹ tcp ›');
    c.tui.press('tab');
    c.tui.type('3306');
    await c.tui.waitFor(/Port +3306/);
    c.tui.press('ctrl+s');

    const frame = stripAnsi(await c.tui.waitFor('DENY  vm:web-01 → vm:db-01  tcp/3306'));
    const lines = frame.split('\n');
    expect(lines[1]).toMatch(/› why › why vm:web-01 → vm:db-01 tcp\/3306/);
    expect(frame).toContain('Apply Rules changes nothing here: applied and staged rules agree (DENY)');
    expect(frame).toContain("Blocked by db's default for incoming traffic (drop): no rule matched.");
    expect(frame).toContain(' 1. web outgoing: ACCEPT — default: accept outgoing on internal networks');
    expect(frame).toContain('›2. db incoming: DROP — default: drop incoming on internal networks');
    expect(frame).toContain('skipped #1 Allow PostgreSQL from web — destination ports: port 3306 is not');
    expect(lines).toHaveLength(24);
    // A question sends nothing.
    expect(c.writes()).toEqual([]);

    // Back to the question, filled in; Enter edits it again.
    c.tui.press('escape');
    await c.tui.waitFor('e or Enter: edit the question');
    expect(c.text()).toMatch(/To +db-01 ▾/);
    c.tui.press('enter');
    await c.tui.waitFor('Esc: stop editing');
  });

  it('checks every field inline and refuses to explain a question that cannot be asked', async () => {
    c.command('why');
    await c.tui.waitFor('What-if');
    c.tui.press('tab');
    c.tui.type('web-99');
    await c.tui.waitFor('nothing has that name');
    c.tui.press('tab', 'tab');
    c.tui.type('10.10.2.21');
    c.tui.press('tab', 'left');
    await c.tui.waitFor('‹ icmp ›');
    c.tui.press('tab');
    c.tui.type('22');
    await c.tui.waitFor('icmp has no ports');
    c.tui.press('ctrl+s');
    await c.tui.waitFor('Fix 2 fields before submitting');
    expect(c.text().split('\n')[1]).toMatch(/› why\s*$/);
    // The focus went to the first field to fix. Fixed: an address typed as the source, no port.
    expect(c.text()).toMatch(/› …or type +web-99/);
    for (let i = 0; i < 6; i++) c.tui.press('backspace');
    c.tui.type('10.10.1.11');
    await c.tui.waitFor((f) => !stripAnsi(f).includes('nothing has that name'));
    c.tui.press('tab', 'tab', 'tab', 'tab');
    c.tui.press('backspace', 'backspace');
    await c.tui.waitFor((f) => !stripAnsi(f).includes('has no ports'));
    c.tui.press('ctrl+s');
    await c.tui.waitFor('ip:10.10.1.11 → ip:10.10.2.21  icmp');
    expect(c.writes()).toEqual([]);
  });

  it(':why FROM TO SERVICE answers at once; a rule staged elsewhere shows as a change on Apply Rules', async () => {
    c.command('why web-01 db-01 tcp/3306');
    await c.tui.waitFor('DENY  vm:web-01 → vm:db-01  tcp/3306');
    expect(c.text()).toContain('Apply Rules changes nothing here');

    const client = apiClient(c.sim);
    try {
      await client.create('vnet_rules', {
        vnet: networkKey(c.sim, 'db'),
        name: 'Allow MySQL from web',
        action: 'accept',
        direction: 'incoming',
        protocol: 'tcp',
        source_ip: `alias:${aliasKey(c.sim, 'web-servers')}`,
        destination_ports: '3306',
      });
    } finally {
      await client.close();
    }
    c.sim.clearRequests();
    c.tui.press('r');
    let frame = stripAnsi(await c.tui.waitFor('Changes on Apply Rules: DENY now → ALLOW after'));
    expect(frame).toMatch(/^DENY {2}vm:web-01/m);
    c.tui.press('p');
    frame = stripAnsi(await c.tui.waitFor(/^ALLOW {2}vm:web-01 → vm:db-01 {2}tcp\/3306/m));
    expect(frame).toContain('rule #5 Allow MySQL from web');
    // The rest of the staged-first trace: the live answer follows.
    c.tui.press('G');
    await c.tui.waitFor('Applied (live now): DENY');
    expect(c.writes()).toEqual([]);
  });

  it('a bad :why service is reported and the form is left to fix it', async () => {
    c.command('why web-01 db-01 icmp/8');
    await c.tui.waitFor(':why icmp/8: a port needs tcp or udp (icmp has no ports)');
    expect(c.text()).toContain('Esc: stop editing');
    expect(c.text()).toMatch(/…or type +web-01/);
  });
});
