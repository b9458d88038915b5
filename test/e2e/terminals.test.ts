// The console in the terminals operators use: xterm (16 colours),
// xterm-256color, tmux-256color and NO_COLOR, at 80×24 and 200×50. Each run
// opens the console on a simulator process, waits for the networks, moves the
// cursor and quits, checking what the screen holds and how it was drawn.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTerminal, type Cell, type TerminalSession} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';
import {inverseCells, openConsole, selectedRow} from './console.js';

const coloured = (cells: Cell[][]) => cells.flat().filter((c) => c.char.trim() !== '' && (c.fg !== -1 || c.bg !== -1));

describe('terminals and sizes', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo'});
  });
  afterAll(async () => {
    await site.close();
  });

  const cases: Array<{term: string; cols: number; rows: number; noColor?: boolean}> = [
    {term: 'xterm', cols: 80, rows: 24},
    {term: 'xterm-256color', cols: 80, rows: 24},
    {term: 'tmux-256color', cols: 80, rows: 24},
    {term: 'xterm-256color', cols: 200, rows: 50},
    {term: 'tmux-256color', cols: 200, rows: 50},
    {term: 'xterm', cols: 200, rows: 50},
    {term: 'xterm-256color', cols: 80, rows: 24, noColor: true},
  ];

  for (const c of cases) {
    it(`${c.term}${c.noColor ? ' NO_COLOR=1' : ''} at ${c.cols}×${c.rows}`, async () => {
      const t: TerminalSession = startTerminal({
        args: site.args(),
        cols: c.cols,
        rows: c.rows,
        term: c.term,
        env: {...site.env(), ...(c.noColor ? {NO_COLOR: '1'} : {})},
      });
      try {
        const screen = await openConsole(t);
        expect(t.env['CI']).toBeUndefined();
        expect(t.bufferType()).toBe('alternate');
        // Fixed layout: the header on the first row, the key hints on the last.
        expect(screen[0]).toMatch(/^vseg\b/);
        expect(screen[c.rows - 1]).toMatch(/\? help/);
        for (const name of ['web', 'db', 'mgmt', 'dev', 'External']) expect(t.text()).toContain(name);
        const cells = t.cells();
        // 16 named colours only: nothing beyond the base palette, no true colour.
        for (const cell of cells.flat()) {
          expect(cell.fgRgb || cell.bgRgb).toBe(false);
          expect(cell.fg).toBeLessThan(16);
          expect(cell.bg).toBeLessThan(16);
        }
        if (c.noColor) expect(coloured(cells)).toEqual([]);
        else expect(coloured(cells).length).toBeGreaterThan(0);

        // The selection is visible without colour: a marker or inverse video on its row.
        const before = selectedRow(t);
        expect(before).toBeGreaterThan(0);
        expect(inverseCells(t, before)).toBeGreaterThan(10);
        t.key('down');
        await t.waitFor(() => selectedRow(t) === before + 1);
        t.write('k');
        await t.waitFor(() => selectedRow(t) === before);

        t.write('q');
        const status = await t.exited;
        expect(status.exitCode).toBe(0);
        // The operator's shell screen is back.
        expect(t.bufferType()).toBe('normal');
      } finally {
        await t.close();
      }
    });
  }
});
