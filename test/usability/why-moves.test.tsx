// Issue 14 #11: from a why answer, Enter goes to the rule that decided (the
// network's default when none did), Tab picks another router on the path;
// A opens the flow builder filled in with the question — from the trace and
// from a matrix cell — and nothing is sent before its review.
import {afterEach, describe, expect, it} from 'vitest';
import {openConsole, type Console} from '../panes/analyze/console.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const selected = (text: string) => text.split('\n').find((l) => l.startsWith('›')) ?? '';

describe('from a why answer', () => {
  it('Enter opens the deciding hop, Tab another; a deciding rule gets the cursor', async () => {
    c = await openConsole({columns: 120, rows: 32});
    await c.tui.waitFor('updated', 20_000);
    c.command('why web-01 db-01 tcp/3306');
    await c.tui.waitFor(/hop 2 of 2/);
    expect(c.text()).toMatch(/^›2\. db incoming: DROP/m);
    c.tui.press('enter');
    await c.tui.waitFor('rules of db');
    await c.tui.waitFor((f) => /default incoming/.test(selected(f)));
    c.tui.press('escape');
    await c.tui.waitFor(/hop 2 of 2/);
    c.tui.press('tab');
    await c.tui.waitFor(/hop 1 of 2/);
    c.tui.press('enter');
    await c.tui.waitFor('rules of web');
    // web's outgoing default accepted it.
    await c.tui.waitFor((f) => /default outgoing/.test(selected(f)));

    c.command('why web-01 db-01 tcp/5432');
    await c.tui.waitFor(/hop 2 of 2/);
    c.tui.press('enter');
    await c.tui.waitFor('rules of db');
    await c.tui.waitFor((f) => /Allow PostgreSQL from web/.test(selected(f)));
    expect(c.writes()).toEqual([]);
  });

  it('A fills the flow builder with the question; nothing is sent', async () => {
    c = await openConsole({columns: 120, rows: 32});
    await c.tui.waitFor('updated', 20_000);
    c.command('why web-01 db-01 tcp/3306');
    await c.tui.waitFor(/hop 2 of 2/);
    c.tui.press('A');
    await c.tui.waitFor('Configure network rules — page 1');
    const form = c.text();
    expect(form).toMatch(/From\s+vm:web-01/);
    expect(form).toMatch(/To\s+vm:db-01/);
    expect(form).toMatch(/Protocol\s+‹ tcp ›/);
    expect(form).toMatch(/Ports\s+3306/);
    expect(c.writes()).toEqual([]);
  });

  it('A on a matrix cell fills the flow between the two networks', async () => {
    c = await openConsole({columns: 120, rows: 32});
    await c.tui.waitFor('updated', 20_000);
    c.command('matrix tcp/3306');
    await c.tui.waitFor('row: from, column: to');
    // Move to a cell off the diagonal (row 0 → column 1).
    c.tui.press('l');
    await c.tui.waitFor(/→ .*tcp\/3306|→ \S+ +(ALLOW|DENY|PARTIAL)/i);
    const cell =
      c
        .text()
        .split('\n')
        .find((l) => /^\S+ → \S+ {2}/.test(l)) ?? '';
    const [, from, to] = /^(\S+) → (\S+)/.exec(cell)!;
    c.tui.press('A');
    await c.tui.waitFor('Configure network rules — page 1');
    const ref = (n: string) => (n === 'outside' ? 'outside' : `net:${n}`);
    expect(c.text()).toMatch(new RegExp(`From\\s+${ref(from)}\\b`));
    expect(c.text()).toMatch(new RegExp(`To\\s+${ref(to)}\\b`));
    expect(c.text()).toMatch(/Ports\s+3306/);
    expect(c.writes()).toEqual([]);
  });
});
