// Read-only mode and small terminals: the resource panes offer no change at
// all (keys, footer, help), and every view fits 80×24 and a wide terminal.
import {afterEach, describe, expect, it} from 'vitest';
import {expectFramesFit, startHarness, writes, type Harness} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('resource panes', () => {
  it('in read-only mode offer no mutating action: not in the footer, not in help, keys do nothing', async () => {
    h = await startHarness({flags: (sim, url) => ({url, user: sim.user, 'read-only': true})});
    await h.tui.waitFor('READ-ONLY');
    const before = h.sim.requests.length;
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    const footer = h.text().split('\n').at(-1)!;
    expect(footer).not.toMatch(/new wg|delete|apply/);
    h.tui.press('w', 'i', 'd', 'A');
    h.tui.press('?');
    await h.tui.waitFor('Keys —');
    expect(h.text()).not.toContain('New WireGuard interface');
    h.tui.press('escape');
    await h.tui.waitFor((f) => !f.includes('Keys —'));
    await h.command('tenants');
    await h.tui.waitFor('acme');
    h.tui.press('i', 'P');
    expect(h.text().split('\n').at(-1)).not.toMatch(/isolate|power/);
    await h.command('mirrors');
    await h.tui.waitFor('web_mirror');
    h.tui.press('m', 'R', 'a');
    await h.command('vms');
    await h.tui.waitFor('web-02');
    h.tui.press('enter');
    await h.tui.waitFor('NICs of');
    h.tui.press('m');
    // Nothing opens; the status line says why (#14).
    await h.tui.waitFor('is not available: this session is read-only');
    expect(h.text().split('\n').slice(0, -2).join('\n')).not.toContain('Move ');
    expect(h.text()).not.toContain('This sends:');
    expect(writes(h.sim, before)).toEqual([]);
  });

  it('fit a wide terminal too', async () => {
    h = await startHarness({columns: 180, rows: 40});
    await h.tui.waitFor('connected');
    for (const [command, marker] of [
      ['vpn', 'KEY / PROPOSAL'],
      ['tenants', 'EXTERNAL IPS'],
      ['mirrors', 'STATE'],
      ['vms', 'ADDRESSES'],
      ['ctx', 'No saved profile'],
    ] as const) {
      await h.command(command);
      await h.tui.waitFor(marker);
    }
    expectFramesFit(h.tui, 180, 40);
  });
});
