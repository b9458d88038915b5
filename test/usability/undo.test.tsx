// Issue 14 #13: a change made in the console goes into the same journal as
// `vseg apply`; :history lists it; u reviews undoing the last one and a
// applies that after the usual confirmation; `vseg history` takes the
// connection flags like every other command.
import {afterEach, describe, expect, it} from 'vitest';
import {historyCommand} from '../../source/commands/history.js';
import {listJournal} from '../../source/store/journal.js';
import {Workspace} from '../commands/helpers.js';
import {openConsole, type Console} from '../panes/analyze/console.js';
import {waitUntil} from '../support/wait.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const rule = (c: Console, name: string) => c.sim.rows('vnet_rules').find((r) => r['name'] === name);

describe('undo in the console', () => {
  it('journals a console change, lists it in :history, and u undoes it through a reviewed plan', async () => {
    c = await openConsole({columns: 120, rows: 32});
    await c.tui.waitFor('updated', 20_000);
    const profile = c.session.model.getState().profile;
    c.command('rules db');
    await c.tui.waitFor('rules of db');
    c.tui.press('n');
    await c.tui.waitFor('New rule on db');
    c.tui.type('allow-redis');
    c.tui.press('tab', 'tab', 'tab', 'tab', 'tab', 'tab', 'tab');
    c.tui.type('6379');
    c.tui.press('ctrl+s');
    await c.tui.waitFor(/\+\s+allow-redis/);
    expect(rule(c, 'allow-redis')).toBeDefined();
    const entries = listJournal(c.home.paths.journalDir, {});
    expect(entries.map((e) => e.title)).toEqual(['console: Create rule db/allow-redis']);
    expect(entries[0].touchedNetworks).toEqual(['db']);

    c.command('history');
    await c.tui.waitFor('console: Create rule db/allow-redis');

    c.tui.press('u');
    await c.tui.waitFor('Undo: console: Create rule db/allow-redis');
    expect(c.text()).toMatch(/- rule db\/allow-redis/);
    expect(rule(c, 'allow-redis')).toBeDefined();
    c.tui.press('a');
    await c.tui.waitFor(`Type ${profile} to confirm`);
    c.tui.type(profile);
    c.tui.press('enter');
    await waitUntil(() => rule(c!, 'allow-redis') === undefined, {what: 'the undo to delete allow-redis'});
    // The undo is journaled too, so it can be undone in turn.
    expect(listJournal(c.home.paths.journalDir, {}).map((e) => e.title)).toContain(
      'console: undo console: Create rule db/allow-redis',
    );
  });

  it('u with nothing recorded says so', async () => {
    c = await openConsole({columns: 120, rows: 32});
    await c.tui.waitFor('updated', 20_000);
    c.tui.press('u');
    await c.tui.waitFor('Nothing to undo');
    expect(c.writes()).toEqual([]);
  });
});

describe('vseg history', () => {
  it('takes the connection flags like every other command', async () => {
    const ws = new Workspace();
    try {
      const r = await ws.run(historyCommand, [
        '--url',
        'https://site.example',
        '--user',
        'admin',
        '--insecure',
        '-o',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('[]\n');
    } finally {
      ws.remove();
    }
  });
});
