// The console's key reference (README, `vseg --help-console`), generated from
// the same registry the footer and the `?` overlay use.
import {BUILTIN_ACTIONS} from './actions/builtin.js';
import {generateKeyReference} from './actions/reference.js';
import {createActionRegistry, type Keymap} from './actions/registry.js';
import {commandVocabulary} from './app/commands.js';
import {viewActions} from './app/views.js';
import {consoleCommands, consoleViews} from './panes/index.js';

export function consoleKeyReference(keymap: Keymap = {}): string {
  const registry = createActionRegistry([...BUILTIN_ACTIONS, ...viewActions(consoleViews)], keymap);
  const scopeTitles: Record<string, string> = {};
  const scopeCommands: Record<string, string> = {};
  const vocabulary = new Set(commandVocabulary(consoleViews, consoleCommands).map((c) => c.name));
  for (const v of consoleViews) {
    // Views whose title depends on their params are named by their description.
    // So are views titled by their id (networks.detail): an id is not a heading.
    const title =
      typeof v.title === 'string' && v.title !== v.id ? v.title : (v.description ?? v.id.replace(/\./g, ' › '));
    scopeTitles[v.id] = title.charAt(0).toUpperCase() + title.slice(1);
    // An area's view (analyze.why) opens with the command of its title (:why).
    const command = v.command ?? [v.title, v.id].find((n): n is string => typeof n === 'string' && vocabulary.has(n));
    if (command) scopeCommands[v.id] = command;
  }
  return generateKeyReference(registry, {scopeTitles, scopeCommands});
}
