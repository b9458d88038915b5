// :why with arguments it cannot answer opens the form with the problem where
// it can be fixed: on the field and in the form's message — so clearing or
// fixing the field takes the error away, instead of a status line that keeps
// saying "nothing has that name" about text that is gone.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {stripAnsi} from '../../ui/harness.js';
import {openConsole, type Console} from './console.js';

let c: Console;
beforeEach(async () => {
  c = await openConsole();
  await c.tui.waitFor('web');
});
afterEach(() => c.close());

describe(':why with a name that is nothing', () => {
  it('shows the error on the field; clearing the field clears it', async () => {
    c.command('why web-99 db-01');
    const frame = stripAnsi(await c.tui.waitFor('Esc: stop editing'));
    expect(frame).toMatch(/› …or type +web-99 +✖ nothing has that name/);
    expect(frame).toContain(':why web-99 db-01: from: nothing has that name');
    c.tui.press('ctrl+a', 'ctrl+k');
    await c.tui.waitFor((f) => !stripAnsi(f).includes('web-99'));
    await c.tui.settle();
    expect(c.text()).not.toContain('nothing has that name');
    // Nothing typed and nothing chosen: the form says so, in its own words.
    expect(c.text()).toMatch(/From +none — Enter to choose ▾ +✖ choose one/);
    c.tui.type('web-01');
    c.tui.press('ctrl+s');
    await c.tui.waitFor('vm:web-01 → vm:db-01');
    expect(c.writes()).toEqual([]);
  });

  it('fixed by typing over it: no error is left anywhere', async () => {
    c.command('why web-01 db-99');
    await c.tui.waitFor(/› …or type +db-99 +✖ nothing has that name/);
    for (let i = 0; i < 5; i++) c.tui.press('backspace');
    c.tui.type('db-01');
    await c.tui.waitFor((f) => /…or type +db-01/.test(stripAnsi(f)));
    await c.tui.settle();
    expect(c.text()).not.toMatch(/nothing has that name|✖/);
  });
});
