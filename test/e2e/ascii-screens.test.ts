// VSEG_ASCII=1 (and TERM=linux, whose font lacks them) asks for no glyph
// beyond ASCII: the views' own text — arrows in the networks' mirror column
// and in why, the dots between a status line's parts, the dashes of a range —
// is spelled in ASCII too, not only the forms and the banner. Every screen of
// the demo site at 80×24 is checked cell by cell.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command, openConsole} from './console.js';
import {startTerminal, type TerminalSession} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

const SCREENS: [line: string | null, shows: RegExp][] = [
  [null, /n\/s .*web_mi/],
  [':matrix', /row: from, column: to/],
  [':map', /lanes 1.9 of \d+/],
  [':why web-01 db-01 tcp/5432', /ALLOW\s+vm:web-01 . vm:db-01/],
  [':rules mgmt', /rules of mgmt/],
  [':contracts', /No contracts for this site|hold/],
  [':recertify', /\d+ due/],
  [':diag', /Ask a router/],
];

function notAscii(t: TerminalSession): string[] {
  return t.screen().filter((line) => /[^\x20-\x7e]/.test(line));
}

describe('ASCII mode', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo'});
  });
  afterAll(async () => {
    await site.close();
  });

  it('draws every view of the demo site in ASCII only', async () => {
    const t = startTerminal({
      args: site.args(),
      env: {...site.env(), VSEG_ASCII: '1', NO_COLOR: '1'},
      cols: 80,
      rows: 24,
    });
    try {
      await openConsole(t);
      for (const [line, shows] of SCREENS) {
        if (line) await command(t, line);
        await t.waitFor(shows);
        expect(notAscii(t), line ?? ':networks').toEqual([]);
      }
    } finally {
      await t.close();
    }
  }, 90_000);
});
