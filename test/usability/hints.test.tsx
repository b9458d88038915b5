// Issue 14 #12: the banner's key is one that works in the view on top (:vpn
// applies with A, :why has none); read-only offers none and a key of a
// hidden action says why nothing happened; y copies the selected row and
// shows it, because OSC 52 may be dropped.
import {afterEach, describe, expect, it} from 'vitest';
import {openConsole, type Console} from '../panes/analyze/console.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const banner = (t: string) => t.split('\n')[2] ?? '';

describe('hints that match the view', () => {
  it('the pending-rules banner names the key of the view on top', async () => {
    c = await openConsole({columns: 120, rows: 30});
    await c.tui.waitFor('updated', 20_000);
    await c.tui.waitFor((f) => /rule changes pending — a to Apply Rules/.test(banner(f)));
    c.command('vpn');
    await c.tui.waitFor('wg0');
    await c.tui.waitFor((f) => /rule changes pending — A to Apply Rules/.test(banner(f)));
    c.command('why web-01 db-01 tcp/22');
    await c.tui.waitFor(/hop \d of \d/);
    await c.tui.waitFor((f) => /rule changes pending — :networks, then a, to Apply Rules/.test(banner(f)));
  });

  it('read-only: no key in the banner, and a hidden action says why nothing happened', async () => {
    c = await openConsole({columns: 120, rows: 30, readOnly: true});
    await c.tui.waitFor('updated', 20_000);
    await c.tui.waitFor((f) => /rule changes pending \(read-only/.test(banner(f)));
    expect(c.text()).not.toMatch(/a to Apply Rules/);
    c.tui.press('a');
    await c.tui.waitFor('Apply Rules is not available: this session is read-only');
    expect(c.writes()).toEqual([]);
  });

  it('y copies the selected row (OSC 52) and shows it, without claiming it worked', async () => {
    c = await openConsole({columns: 120, rows: 30});
    await c.tui.waitFor('updated', 20_000);
    const frames = c.tui.stdout.frames.length;
    c.tui.press('y');
    await c.tui.waitFor('Sent the selected row to the terminal clipboard (OSC 52');
    const status = c.text().split('\n').at(-2) ?? '';
    const selected = c
      .text()
      .split('\n')
      .find((l) => l.startsWith('›'))!;
    const name = selected.slice(2).trim().split(/\s+/)[0];
    expect(status).toContain(`to copy by hand: ${name}`);

    const payload = /\u001b]52;c;([A-Za-z0-9+/=]+)\u0007/.exec(c.tui.stdout.frames.slice(frames).join(''))![1];
    expect(Buffer.from(payload, 'base64').toString('utf8').split('\t')[0]).toBe(name);
  });
});
