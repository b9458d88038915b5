// A read-only profile (`vseg login --read-only`): the console says so, its
// help, footer and banner offer no change, and the keys that change things in
// a read-write session do nothing — not one write leaves the console (its
// debug log lists every request it sent).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runVseg} from './cli.js';
import {command, keySequence, openConsole, readHelp, selectRow, type HelpItem} from './console.js';
import {startTerminal, type TerminalSession} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

const MUTATING =
  /^(New|Create|Add|Edit|Delete|Remove|Copy|Apply Rules|Power|Restart|Enable|Disable|Toggle|Move|Pin|Statistics|Log|Isolate|Attach)\b/i;

/** Writes the console sent (sign-in and sign-out aside), from its debug log. */
function writes(home: string): string[] {
  const log = readFileSync(join(home, '.local', 'state', 'vseg', 'debug.log'), 'utf8');
  return [...log.matchAll(/#\d+ (POST|PUT|DELETE|PATCH) (\S+)/g)]
    .map((m) => `${m[1]} ${m[2]}`)
    .filter((w) => !w.includes('/api/sys/tokens'));
}

async function openDbRules(t: TerminalSession): Promise<void> {
  await selectRow(t, /^db\b/);
  t.key('enter');
  await t.waitFor(/rules of db/);
}

describe('a read-only profile', () => {
  let site: SiteProcess;
  let home: string;
  let rwHelp: {networks: HelpItem[]; rules: HelpItem[]};
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo'});
    const {mkdtempSync} = await import('node:fs');
    const {tmpdir} = await import('node:os');
    home = mkdtempSync(join(tmpdir(), 'vseg-e2e-ro-'));
    for (const [name, mode] of [
      ['rw', '--read-write'],
      ['ro', '--read-only'],
    ] as const) {
      const r = await runVseg(['login', '--profile', name, ...site.args(), mode], {home, env: site.env()});
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await site.close();
    const {rmSync} = await import('node:fs');
    rmSync(home, {recursive: true, force: true});
  });

  it('read-write first: the same views offer changes (so the comparison means something)', async () => {
    const t = startTerminal({args: ['--profile', 'rw'], env: site.env(), home, cols: 120, rows: 40});
    try {
      await openConsole(t);
      const networks = await readHelp(t);
      await openDbRules(t);
      const rules = await readHelp(t);
      rwHelp = {networks, rules};
      expect(rules.filter((i) => MUTATING.test(i.title)).length).toBeGreaterThan(3);
      expect(rules.some((i) => /Apply Rules/.test(i.title))).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('read-only: no change is offered and none is sent, whatever keys are pressed', async () => {
    const t = startTerminal({args: ['--profile', 'ro', '--debug'], env: site.env(), home, cols: 120, rows: 40});
    try {
      const first = await openConsole(t);
      expect(first[0]).toMatch(/read-only/i);
      expect(first[0]).not.toMatch(/read-write/i);
      // The pending-apply banner still informs, without offering the key.
      expect(first[2]).toMatch(/pending/);
      expect(first[2]).not.toMatch(/to Apply Rules/);

      const views: Array<[string, HelpItem[], () => Promise<void>]> = [
        ['networks', rwHelp.networks, () => Promise.resolve()],
        ['rules', rwHelp.rules, () => openDbRules(t)],
      ];
      for (const [name, rw, open] of views) {
        await open();
        const help = await readHelp(t);
        expect(
          help.filter((i) => MUTATING.test(i.title)),
          `${name}: mutating actions in read-only help`,
        ).toEqual([]);
        const footer = t.screen().at(-1)!;
        for (const item of rw.filter((i) => MUTATING.test(i.title) && i.section !== 'Console')) {
          expect(footer, `${name} footer offers ${item.title}`).not.toMatch(
            new RegExp(
              `(^|\\s)${item.keys.split(' ')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${item.title.split(' ')[0].toLowerCase()}`,
            ),
          );
        }
        // Every key that changed something in read-write, pressed here.
        for (const item of rw.filter((i) => MUTATING.test(i.title))) {
          const key = keySequence(item.keys);
          if (!key) continue;
          t.write(key);
          // Keys are handled in order: once help opens, the key before it was handled.
          t.write('?');
          await t.waitFor(/Keys — /);
          // The status line may name the action, saying why nothing happened (read-only): not counted.
          const screen = t.screen().slice(0, -2).join('\n');
          expect(screen, `${name}: ${item.title} opened something`).not.toMatch(
            /New rule|Edit rule|This sends|Type .* to confirm|\[ Create \]|\[ Save \]/,
          );
          t.key('escape');
          await t.waitForGone(/Keys — /);
        }
        if (name === 'rules') {
          // Back to networks for the next round.
          t.key('escape');
          await t.waitFor((s) => !/rules of db/.test(s.join('\n')));
        }
      }
      // Commands that would change things refuse too.
      await command(t, ':wizard topology');
      await t.waitFor(/read-only|Read-only|not available/i, 5000).catch(() => undefined);
      t.write('q');
      await t.exited;
      expect(writes(home), 'requests that change the site').toEqual([]);
      // The session did talk to the site: the log is not empty for another reason.
      expect(readFileSync(join(home, '.local', 'state', 'vseg', 'debug.log'), 'utf8')).toMatch(
        /GET \/api\/v4\/vnet_rules/,
      );
    } finally {
      await t.close();
    }
  }, 60_000);
});
