// Issue 14 #9, #10 and ":wizard counters": an unknown command or wizard step
// suggests the close one and moves nothing; `:wizard counters` opens step 6's
// hit counters; `?` lists the commands with a line each after the keys.
import {afterEach, describe, expect, it} from 'vitest';
import {commandLines, helpLines} from '../../source/ui/components/HelpOverlay.js';
import {createActionRegistry} from '../../source/ui/actions/registry.js';
import {BUILTIN_ACTIONS} from '../../source/ui/actions/builtin.js';
import {commandVocabulary} from '../../source/ui/app/commands.js';
import {consoleCommands, consoleViews} from '../../source/ui/panes/index.js';
import {openWizardConsole, type WizardConsole} from '../wizards/console.js';

let c: WizardConsole | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('the command line', () => {
  it('an unknown step suggests the close one and leaves the view as it was', async () => {
    c = await openWizardConsole();
    await c.see('Design the topology');
    await c.command('wizard rulse');
    await c.see(':wizard rulse: unknown step — did you mean rules?');
    expect(c.text()).toContain('Design the topology');
    await c.command('wizzard');
    await c.see('Unknown command :wizzard — did you mean wizard?');
  });

  it(':wizard counters opens the hit counters of step 6', async () => {
    c = await openWizardConsole();
    await c.see('Design the topology');
    await c.command('wizard counters');
    await c.see(/hit counters|HITS|statistics/i);
    expect(c.text()).not.toContain('Design the topology');
  });
});

describe('? lists the commands', () => {
  it('after the keys, one line each, with the arguments', () => {
    const registry = createActionRegistry(BUILTIN_ACTIONS);
    const keys = helpLines(registry, 'networks', {readOnly: false, online: true}, 'Networks');
    const commands = commandLines(commandVocabulary(consoleViews, consoleCommands));
    expect(commands[1]).toEqual({text: 'Commands (: then the name; Tab completes)', kind: 'heading'});
    const text = commands.map((l) => l.text).join('\n');
    expect(text).toMatch(/^ {2}:why \[<from> <to> \[tcp\/443\]\]\s+Explain why traffic passes or is blocked$/m);
    expect(text).toMatch(/^ {2}:matrix \[service\]\s+Reachability matrix between networks$/m);
    expect(text).toMatch(/^ {2}:wizard \[topology\|rules.*\s+The six guided steps; :wizard setup walks them in order/m);
    expect(text).toMatch(/^ {2}:diag \[network \[tool args\]\]\s+Ask a network's router/m);
    expect(keys.length).toBeGreaterThan(0);
  });
});
