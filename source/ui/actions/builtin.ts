// The console's own actions. Navigation entries are `fixed`: the Table and
// the text view implement them, the registry only lists them for help.
import type {ActionDef} from './types.js';

const nav = (id: string, title: string, keys: string[], description: string): ActionDef => ({
  id: `nav.${id}`,
  title,
  description,
  keys,
  scope: 'global',
  group: 'Navigation',
  fixed: true,
});

export const NAVIGATION_ACTIONS: readonly ActionDef[] = [
  nav('down', 'Down', ['j', 'down'], 'Move the selection down'),
  nav('up', 'Up', ['k', 'up'], 'Move the selection up'),
  nav('pageDown', 'Page down', ['pageDown'], 'Move one page down'),
  nav('pageUp', 'Page up', ['pageUp'], 'Move one page up'),
  nav('first', 'First', ['g', 'home'], 'Go to the first row'),
  nav('last', 'Last', ['G', 'end'], 'Go to the last row'),
  nav('sort', 'Sort column', ['o'], 'Sort by the next column'),
  nav('reverse', 'Reverse sort', ['O'], 'Reverse the sort order'),
];

const app = (def: Omit<ActionDef, 'scope' | 'group'>): ActionDef => ({...def, scope: 'global', group: 'Console'});

export const SHELL_ACTIONS: readonly ActionDef[] = [
  app({
    id: 'app.command',
    title: 'Command',
    description: 'Open the command line (:networks, :rules, :quit …)',
    keys: [':'],
    footer: 90,
    hint: 'cmd',
  }),
  app({
    id: 'app.filter',
    title: 'Filter',
    description: 'Filter the current list',
    keys: ['/'],
    footer: 91,
    hint: 'filter',
  }),
  app({
    id: 'app.help',
    title: 'Help',
    description: 'Show the keys of this view',
    keys: ['?'],
    footer: 99,
    hint: 'help',
  }),
  app({id: 'app.open', title: 'Open', description: 'Drill into the selected item', keys: ['enter'], fixed: true}),
  app({
    id: 'app.back',
    title: 'Back',
    description: 'Close, clear the filter or go back one view (never destructive)',
    keys: ['escape'],
    fixed: true,
  }),
  app({
    id: 'app.retry',
    title: 'Refresh',
    description: 'Reload the data now (reconnects at once when offline)',
    keys: ['r'],
    footer: 95,
    hint: 'refresh',
  }),
  app({
    id: 'app.quit',
    title: 'Quit',
    description: 'Leave the console (asks while an operation runs)',
    keys: ['q'],
    footer: 98,
    hint: 'quit',
  }),
  app({
    id: 'app.copy',
    // Not "Copy …": that is how actions that make a copy on the site are named (rules' c).
    title: 'To clipboard',
    description: 'Copy the selected row (OSC 52; the status line shows it too, for terminals that drop OSC 52)',
    keys: ['y'],
  }),
  app({
    id: 'app.undo',
    title: 'Undo',
    description: 'Review undoing the last change made to this site (:history lists them all)',
    keys: ['u'],
    mutating: true,
    needsConnection: true,
  }),
  app({
    id: 'app.interrupt',
    title: 'Quit',
    description: 'Leave the console (asks while an operation runs)',
    keys: ['ctrl+c'],
    fixed: true,
  }),
];

export const BUILTIN_ACTIONS: readonly ActionDef[] = [...SHELL_ACTIONS, ...NAVIGATION_ACTIONS];
