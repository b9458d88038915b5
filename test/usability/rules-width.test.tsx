// Issue 14 #8: the rules table gave NAME most of a wide terminal while
// SOURCE/DESTINATION/DPORT were cut (`alias:web-ser…`). Widths now follow the
// content, addresses and ports first; w shows them whole on a narrow one.
// And `o` never sorts by a column the width left out without saying so.
import {afterEach, describe, expect, it} from 'vitest';
import {openConsole, type Console} from '../panes/core/helpers.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('the rules table', () => {
  it('at 160 columns shows addresses and ports whole', async () => {
    c = await openConsole({initialView: 'rules', initialParams: {network: 'db'}, columns: 160, rows: 30});
    await c.tui.waitFor('rules of db');
    await c.tui.waitFor('updated');
    const text = c.text();
    expect(text).toMatch(/alias:web-servers\s/);
    expect(text).not.toMatch(/alias:[\w-]*…/);
  });

  it('at 160 columns shows an action whole (translate was cut to 7 cells while NAME kept 50)', async () => {
    c = await openConsole({initialView: 'rules', initialParams: {network: 'mgmt'}, columns: 160, rows: 30});
    await c.tui.waitFor('rules of mgmt');
    await c.tui.waitFor('updated');
    expect(c.text()).toMatch(/WireGuard wg0 peer alice-laptop\s+translate\s/);
  });

  it('at 80 columns, w shows names, addresses and ports whole, and again goes back', async () => {
    c = await openConsole({initialView: 'rules', initialParams: {network: 'db'}, columns: 80, rows: 24});
    await c.tui.waitFor('rules of db');
    await c.tui.waitFor('updated');
    const cut = (t: string) => t.split('\n').filter((l) => /^[› ]\s+\d+ /.test(l) && l.includes('…'));
    expect(cut(c.text()).length).toBeGreaterThan(0);
    c.tui.press('w');
    await c.tui.waitFor('wide: whole names');
    expect(cut(c.text())).toEqual([]);
    expect(c.text()).toMatch(/Allow PostgreSQL from web\s+accept/);
    c.tui.press('w');
    await c.tui.waitFor((f) => !f.includes('wide: whole names'));
  });

  it('o cycles only through the columns on screen, and keeps its mark in a narrow one', async () => {
    c = await openConsole({initialView: 'networks', columns: 80, rows: 24});
    await c.tui.waitFor('updated');
    const header = () =>
      c!
        .text()
        .split('\n')
        .find((l) => /\bNAME\b/.test(l)) ?? '';
    const shown = header().trim().split(/\s+/);
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      c.tui.press('o');
      await c.tui.waitFor(() => /[▲▼]/.test(header()));
      const sorted = /(\S+?)[▲▼]/.exec(header())?.[1] ?? '';
      seen.add(sorted.replace(/…$/, ''));
      expect(header()).not.toContain('sorted by');
    }
    // Every column sorted by is on screen (a cut header keeps its start and the mark).
    for (const s of seen) expect(shown.some((h) => h.startsWith(s))).toBe(true);
    expect(seen.size).toBe(shown.length);
  });

  it('a sort column the terminal got too narrow for is named in the header', async () => {
    c = await openConsole({initialView: 'networks', columns: 160, rows: 30});
    await c.tui.waitFor('updated');
    for (let i = 0; i < 15 && !/TYPE▲/.test(c.text()); i++) {
      const before = c.text();
      c.tui.press('o');
      await c.tui.waitFor((f) => f !== before);
    }
    expect(c.text()).toMatch(/TYPE▲/);
    c.tui.resize(80, 24);
    await c.tui.waitFor(/sorted by TYPE▲/);
  });
});
