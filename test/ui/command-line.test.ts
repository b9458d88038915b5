import {describe, expect, test} from 'vitest';
import {commandVocabulary} from '../../source/ui/app/commands.js';
import {consoleCommands, consoleViews} from '../../source/ui/panes/index.js';
import {
  commandLineKey,
  completions,
  emptyCommandLine,
  findCommand,
  parseCommand,
  type CommandLineOutcome,
  type CommandLineState,
} from '../../source/ui/components/command-line.js';
import {keyEvent} from '../../source/ui/keys/names.js';

/** The console's real vocabulary: the views' jumps, the areas' commands and quit. */
const COMMANDS = commandVocabulary(consoleViews, consoleCommands);

function run(keys: string[], history: string[] = [], state: CommandLineState = emptyCommandLine()): CommandLineOutcome {
  let out: CommandLineOutcome = {state};
  for (const k of keys) {
    if (!('state' in out)) break;
    out = commandLineKey(out.state, keyEvent(k), COMMANDS, history) ?? out;
  }
  return out;
}
const text = (out: CommandLineOutcome) => ('state' in out ? out.state.line.value : undefined);

describe('command line', () => {
  test('completes a unique prefix with a trailing space', () => {
    expect(text(run(['n', 'e', 't', 'w', 'tab']))).toBe('networks ');
    expect(text(run(['w', 'i', 'z', 'tab']))).toBe('wizard ');
  });

  test('Tab cycles through several candidates and shows them', () => {
    const first = run(['m', 'tab']);
    expect(text(first)).toBe('map');
    expect('state' in first && first.state.completion?.candidates).toEqual(['map', 'matrix', 'mirror', 'mirrors']);
    expect(text(run(['m', 'tab', 'tab']))).toBe('matrix');
    expect(text(run(['m', 'tab', 'tab', 'tab', 'tab', 'tab']))).toBe('map');
    expect(text(run(['m', 'tab', 'shift+tab']))).toBe('mirrors');
  });

  test('no candidate is reported, typing resets completion', () => {
    const none = run(['z', 'tab']);
    expect('state' in none && none.state.completion?.candidates).toEqual([]);
    const typed = run(['m', 'tab', 'x']);
    expect('state' in typed && typed.state.completion).toBeUndefined();
  });

  test('history: ↑ goes back, ↓ returns to what was typed', () => {
    const history = [':networks', 'why web db 443'];
    expect(text(run(['up'], history))).toBe('why web db 443');
    expect(text(run(['up', 'up', 'up'], history))).toBe(':networks');
    expect(text(run(['l', 'up', 'down'], history))).toBe('l');
  });

  test('Enter submits, Esc cancels', () => {
    expect(run(['v', 'p', 'n', 'enter'])).toEqual({submit: 'vpn'});
    expect(run(['v', 'escape'])).toEqual({cancel: true});
  });

  test('parses and resolves names, aliases and unique prefixes', () => {
    expect(parseCommand(':why web db 443')).toEqual({name: 'why', args: ['web', 'db', '443']});
    expect(findCommand('q', COMMANDS)?.name).toBe('quit');
    expect(findCommand('net', COMMANDS)?.name).toBe('networks');
    expect(findCommand('netw', COMMANDS)?.name).toBe('networks');
    expect(findCommand('m', COMMANDS)).toBeUndefined();
    expect(completions('why web', COMMANDS)).toEqual([]);
    for (const name of [
      'networks',
      'rules',
      'aliases',
      'vpn',
      'tenants',
      'mirrors',
      'vms',
      'ctx',
      'why',
      'matrix',
      'lint',
      'wizard',
      'export',
      'plan',
      'quit',
    ]) {
      expect(findCommand(name, COMMANDS)?.name).toBe(name);
    }
  });
});
