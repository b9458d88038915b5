// Issue 14 #5 and the ASCII note, in a real terminal: while a form has the
// keyboard the footer lists the keys that work there (not `: cmd`, `? help`,
// `q quit`, which would only be typed into it); a checkbox changes only on
// Space/Enter with its new value said, and text typed at it by mistake does
// not flip it; VSEG_ASCII=1 draws no ‹ › ▾ in forms.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command, openConsole} from './console.js';
import {startTerminal} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

describe('wizard forms', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo'});
  });
  afterAll(async () => {
    await site.close();
  });

  const footer = (s: string[]) => s.at(-1) ?? '';

  it('footer shows only what works; the checkbox switches on Space, never on typed text', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 100, rows: 30});
    try {
      await openConsole(t);
      await command(t, ':wizard rules');
      await t.waitFor(/page 1 of \d+: Flow 1/);
      const s = await t.waitFor((x) => /Ctrl\+S next/.test(footer(x)));
      expect(footer(s)).not.toMatch(/: cmd|\? help|q quit|\/ filter/);
      expect(footer(s)).toMatch(/Esc close/);
      // To "Add another flow", a checkbox.
      for (let i = 0; i < 5; i++) t.key('tab');
      await t.waitFor(
        (x) => /› Add another flow\s+\[ \] no/.test(x.join('\n')) && /Space\/Enter switch/.test(footer(x)),
      );
      // Typed at by mistake: the value stays, and the form says why nothing happened.
      t.type('web to db');
      await t.waitFor(/Add another flow is not a text field/);
      expect(t.text()).toMatch(/Add another flow\s+\[ \] no/);
      t.key('space');
      await t.waitFor(/Add another flow\s+\[ \] no/); // still the typed run: a word gap, not a choice
      t.key('left');
      t.key('space');
      await t.waitFor(/Add another flow\s+\[x\] yes/);
      await t.waitFor(/Add another flow: now on/);
      t.key('enter');
      await t.waitFor(/Add another flow\s+\[ \] no/);
      await t.waitFor(/Add another flow: now off/);
    } finally {
      await t.close();
    }
  });

  it('ASCII mode draws no ‹ › ▾ in forms', async () => {
    const t = startTerminal({args: site.args(), env: {...site.env(), VSEG_ASCII: '1'}, cols: 100, rows: 30});
    try {
      await openConsole(t);
      await command(t, ':rules web');
      await t.waitFor(/rules of web/);
      t.write('n');
      await t.waitFor(/New rule on web/);
      const text = t.text();
      expect(text).toMatch(/Protocol\s+< tcp >/);
      expect(text).not.toMatch(/[‹›▾↑↓]/);
    } finally {
      await t.close();
    }
  });
});
