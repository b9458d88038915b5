// Issue 14: wizard drafts are kept per site — the demo site was offered the
// empty site's draft (which then opened blank), and a draft made for one site
// was overwritten by work on another.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {wizardCommand} from '../../source/commands/wizard.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from '../commands/helpers.js';

describe('wizard drafts per site', () => {
  const ws = new Workspace();
  let a: SimulatorHandle;
  let b: SimulatorHandle;
  beforeAll(async () => {
    a = await sim('demo');
    b = await sim('demo');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    ws.remove();
  });

  it('a draft made for one site is neither offered on another nor overwritten by it', async () => {
    const answers = (port: string) =>
      ws.file(`rules-${port}.yaml`, `flows:\n  - from: web\n    to: db\n    protocol: tcp\n    ports: "${port}"\n`);
    // Reviewed, not applied: the answers are kept as a draft, for that site.
    expect((await ws.run(wizardCommand, ['rules', '--file', answers('3306'), ...ws.site(a)])).code).toBe(3);
    const other = await ws.run(wizardCommand, ['rules', '--resume', ...ws.site(b)]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/there is no draft of the rules wizard for /);
    // Work on the other site keeps its own draft…
    expect((await ws.run(wizardCommand, ['rules', '--file', answers('6379'), ...ws.site(b)])).code).toBe(3);
    // …and the first site's draft is still the one made for it.
    const resumed = await ws.run(wizardCommand, ['rules', '--resume', ...ws.site(a)]);
    expect(resumed.stdout).toContain('3306');
    expect(resumed.stdout).not.toContain('6379');
  });
});
