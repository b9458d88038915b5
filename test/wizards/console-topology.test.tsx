// The topology wizard driven by keys in the console against the simulator:
// invalid input sends nothing; the review lists the plan; the apply creates
// the networks, powers them on, and a second run finds nothing to do.
import {afterEach, describe, expect, it} from 'vitest';
import {openWizardConsole, type WizardConsole} from './console.js';

let c: WizardConsole | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('console: topology wizard', () => {
  it('refuses invalid answers without sending anything, then applies the article template', async () => {
    c = await openWizardConsole({seed: 'empty'});
    await c.see('Six guided steps');
    await c.command('wizard topology');
    await c.see('page 1 of 3');
    // Base block: a CIDR with host bits set is refused inline.
    c.tui.press('down', 'down');
    c.tui.press('ctrl+a', 'ctrl+k');
    c.tui.type('10.10.1.5/16');
    c.tui.press('ctrl+s');
    await c.see('host bits set');
    await c.see('Fix 1 field');
    expect(c.writes()).toEqual([]);
    c.tui.press('ctrl+a', 'ctrl+k');
    c.tui.type('10.40.0.0/16');
    c.tui.press('ctrl+s');
    await c.see('page 2 of 3');
    await c.see('10.40.0.0/24');
    c.tui.press('ctrl+s');
    await c.see('page 3 of 3');
    c.tui.press('ctrl+s');
    await c.see('Topology wizard: 8 steps');
    await c.see('API calls (8)');
    expect(c.writes()).toEqual([]);
    c.tui.press('a');
    // Creating networks destroys nothing: the button confirms, no word to type (#14).
    await c.see('›[ Cancel ]');
    expect(c.text()).not.toContain('Type topology');
    c.tui.press('tab', 'enter');
    await c.see('Design the topology: applied', 10_000);
    await c.see('Next: the rules wizard');
    const nets = c.sim.rows('vnets').filter((r) => r['type'] === 'internal');
    expect(nets.map((r) => `${String(r['name'])} ${String(r['network'])}`).sort()).toEqual([
      'db 10.40.1.0/24',
      'dev 10.40.3.0/24',
      'mgmt 10.40.2.0/24',
      'web 10.40.0.0/24',
    ]);
    await c.session.refresh();
    expect(
      c
        .site()
        .networks.filter((n) => n.type === 'internal')
        .every((n) => n.running),
    ).toBe(true);

    // Again with the same answers: the review says there is nothing to do, and nothing is sent.
    const before = c.writes().length;
    await c.command('wizard topology');
    await c.see('page 1 of 3');
    c.tui.press('ctrl+s');
    await c.see('page 2 of 3');
    c.tui.press('ctrl+s');
    await c.see('page 3 of 3');
    c.tui.press('ctrl+s');
    await c.see('nothing to do');
    expect(c.writes()).toHaveLength(before);
  }, 30_000);
});
