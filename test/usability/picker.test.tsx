// Issue 14 #1: typing `alias` in a rule's Source listed `vnetself` first and
// Enter inserted it without a word. Now the aliases come first, every
// candidate shows its kind, and the form says what was inserted.
import {afterEach, describe, expect, it} from 'vitest';
import {openConsole, type Console} from '../panes/core/helpers.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('the Ctrl+P insert helper', () => {
  it('ranks name matches first, shows kinds and says what it inserted', async () => {
    c = await openConsole({initialView: 'rules', initialParams: {network: 'db'}});
    const {tui} = c;
    await tui.waitFor('rules of db');
    await tui.waitFor('updated');
    tui.press('n');
    await tui.waitFor('New rule on db');
    tui.press('tab', 'tab', 'tab', 'tab');
    await tui.waitFor('Ctrl+P inserts a network');
    tui.press('ctrl+p');
    await tui.waitFor('Insert into Source:');
    tui.type('alias');
    await tui.waitFor(/\d+ match/);
    const lines = c.text().split('\n');
    const selected = lines.find((l) => l.startsWith('›')) ?? '';
    expect(selected).toMatch(/alias:\S+\s+alias\s/);
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/vnetself\s+helper/)).toBeGreaterThan(at(/alias:web-servers\s+alias/));
    const chosen = /(alias:\S+)/.exec(selected)![1];
    tui.press('enter');
    await tui.waitFor(`Inserted ${chosen} (alias) into Source`);
    expect(c.text()).toMatch(new RegExp(`Source\\s+${chosen}`));
    expect(c.writes()).toEqual([]);
  });
});
