// What the console's wizards leave behind and where they leave the operator:
// no draft once there is nothing left to resume (a re-run that finds nothing
// to do, a setup chain with every step applied or skipped), the setup list's
// cursor on the step "Next" names, and a page's field error whole on screen
// at 80 columns.
import {existsSync, readdirSync} from 'node:fs';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {stripAnsi} from '../ui/harness.js';
import {openWizardConsole, type WizardConsole} from './console.js';

let c: WizardConsole | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const drafts = (w: WizardConsole) =>
  existsSync(w.home.paths.draftsDir)
    ? readdirSync(w.home.paths.draftsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
/** The row under the setup list's cursor (the marker survives NO_COLOR). */
const cursorRow = (w: WizardConsole) =>
  w
    .text()
    .split('\n')
    .find((l) => /^› \d\s/.test(l)) ?? '';

/** Confirms a wizard's apply that destroys and disrupts nothing: no word to type, Cancel focused, Tab to Apply (#14). */
async function confirmApply(w: WizardConsole): Promise<void> {
  await w.see('›[ Cancel ]');
  expect(w.text()).not.toMatch(/Type \S+ to confirm/);
  w.tui.press('tab');
  await w.see('›[ Apply ]');
  w.tui.press('enter');
}

async function rulesFlow(w: WizardConsole, from: string, to: string, port: string): Promise<void> {
  await w.see('Flow 1 of 1');
  w.tui.type(from);
  w.tui.press('tab');
  w.tui.type(to);
  w.tui.press('tab', 'tab');
  w.tui.type(port);
  w.tui.press('ctrl+s');
  await w.see('Default-deny posture');
  w.tui.press('ctrl+s');
  await w.see('Rules wizard:');
}

describe('console wizards: drafts and the setup chain', () => {
  it('a re-run that ends at "nothing to do" leaves no draft', async () => {
    c = await openWizardConsole();
    await c.command('wizard rules');
    await rulesFlow(c, 'web', 'db', '3306');
    expect(drafts(c)).toEqual([expect.stringMatching(/^wizard-rules_on_/)]);
    c.tui.press('a');
    await confirmApply(c);
    await c.see('Configure network rules: applied', 8000);
    expect(drafts(c)).toEqual([]);
    const writes = c.writes().length;

    await c.command('wizard rules');
    await c.see('Flow 1 of 1');
    c.tui.press('ctrl+s');
    await c.see('Default-deny posture');
    c.tui.press('ctrl+s');
    await c.see('nothing to do');
    await c.tui.settle();
    expect(drafts(c)).toEqual([]);
    expect(c.writes()).toHaveLength(writes);
    // Going back to the answers keeps them: a page submitted writes the draft again.
    c.tui.press('escape');
    await c.see('Default-deny posture');
    c.tui.press('escape');
    await c.see('Flow 1 of 1');
    expect(c.text()).toMatch(/3306/);
    c.tui.press('ctrl+s');
    await c.see('Default-deny posture');
    expect(drafts(c)).toEqual([expect.stringMatching(/^wizard-rules_on_/)]);
  }, 40_000);

  it('setup: the cursor follows "Next"; the draft goes once every step is applied or skipped', async () => {
    c = await openWizardConsole();
    await c.command('wizard setup');
    await c.see('First-time setup');
    expect(cursorRow(c)).toMatch(/Design the topology/);
    c.tui.press('s');
    await c.see('Next: 2. Configure network rules');
    expect(cursorRow(c)).toMatch(/^› 2 .*Configure network rules/);
    expect(drafts(c)).toEqual([expect.stringMatching(/^wizard-setup_on_/)]);

    c.tui.press('enter');
    await rulesFlow(c, 'mgmt', 'vm:db-01', '22');
    c.tui.press('a');
    await confirmApply(c);
    await c.see('n goes on with the next step', 8000);
    c.tui.press('n');
    await c.see('Next: 3. Use aliases');
    expect(cursorRow(c)).toMatch(/^› 3 .*Use aliases/);
    expect(drafts(c)).toEqual([expect.stringMatching(/^wizard-setup_on_/)]);

    for (const [n, step] of [
      [4, 'Add VPN tunnels'],
      [5, 'Isolate tenants'],
      [6, 'Monitor and adjust'],
    ] as const) {
      c.tui.press('s');
      await c.see(`Next: ${n}. ${step}`);
      expect(cursorRow(c)).toMatch(new RegExp(`^› ${n} .*${step}`));
    }
    expect(drafts(c)).toEqual([expect.stringMatching(/^wizard-setup_on_/)]);
    c.tui.press('s');
    await c.see('Every step is applied or skipped');
    expect(c.text()).toMatch(/6\s+\S+ skipped\s+Monitor and adjust/);
    expect(drafts(c)).toEqual([]);
  }, 40_000);

  it("at 80 columns a page's field error is on screen in full", async () => {
    c = await openWizardConsole({seed: 'empty', columns: 80, rows: 24});
    await c.command('wizard topology');
    await c.see('page 1 of 3');
    c.tui.press('down', 'down');
    c.tui.press('ctrl+a', 'ctrl+k');
    c.tui.type('10.10.1.5/16');
    c.tui.press('ctrl+s');
    const frame = stripAnsi(await c.see('Fix 1 field'));
    const lines = frame.split('\n');
    // Cut next to the field, whole under the form.
    expect(lines.find((l) => l.includes('› Base block'))).not.toContain('did you mean');
    const flat = lines
      .map((l) => l.trimEnd())
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(flat).toContain('✖ Base block: "10.10.1.5/16" has host bits set; did you mean 10.10.0.0/16?');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
    expect(c.writes()).toEqual([]);
  }, 20_000);
});
