// The console's key reference (README, `vseg --help-console`), generated from
// the same registry the footer and the `?` overlay use.
import {BUILTIN_ACTIONS} from './actions/builtin.js';
import {generateKeyReference} from './actions/reference.js';
import {createActionRegistry, type Keymap} from './actions/registry.js';
import {viewActions} from './app/views.js';
import {consoleViews} from './panes/index.js';

export function consoleKeyReference(keymap: Keymap = {}): string {
  const registry = createActionRegistry([...BUILTIN_ACTIONS, ...viewActions(consoleViews)], keymap);
  const scopeTitles: Record<string, string> = {};
  for (const v of consoleViews) {
    // Views whose title depends on their params are named by their description.
    const title = typeof v.title === 'string' ? v.title : (v.description ?? v.id);
    scopeTitles[v.id] = title.charAt(0).toUpperCase() + title.slice(1);
  }
  return generateKeyReference(registry, {scopeTitles});
}
