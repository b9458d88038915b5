// What the setup wizard says to a first-time operator at 80×24 on an empty
// site: the intro of :wizard setup and each step's "why it matters" are
// paragraphs, wrapped to the terminal — not cut with … at its edge, nor broken
// where the source text happened to break its lines ("… each get" / "their
// own …"). The Next line names the step and its summary whole.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command} from './console.js';
import {startTerminal} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

describe(':wizard setup at 80×24', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'empty'});
  });
  afterAll(async () => {
    await site.close();
  });

  it('shows its guidance whole and wrapped as paragraphs', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 80, rows: 24});
    try {
      await t.waitFor(/This site has no internal networks yet/);
      // External alone: one network, said so.
      await t.waitFor((s) => s.some((l) => /^networks +1 network\b/.test(l)));
      await command(t, ':wizard setup');
      await t.waitFor(/Design the topology/);
      const setup = t.screen();
      const intro = setup.slice(
        2,
        setup.findIndex((l) => /#\s+STATUS/.test(l)),
      );
      expect(intro.filter((l) => /…\s*$/.test(l))).toEqual([]);
      expect(intro.join(' ').replace(/\s+/g, ' ')).toContain('Any step can be skipped and done later on its own.');
      const next = setup.filter((l) => /^Next: /.test(l));
      expect(next).toHaveLength(1);
      expect(next[0]).not.toMatch(/…\s*$/);
      t.key('enter');
      await t.waitFor(/Design the topology — page 1 of 3/);
      expect(t.screen().some((l) => /^development each get their own internal network/.test(l))).toBe(true);
    } finally {
      await t.close();
    }
  }, 60_000);
});
