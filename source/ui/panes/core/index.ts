// Views of networks, rules and aliases (owner: core panes).
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';
import {
  aliasDetailView,
  aliasesView,
  aliasFormView,
  networkDetailView,
  networkFormView,
  networksView,
  liveRulesetView,
  ruleDetailView,
  ruleFormView,
  rulesView,
} from './views.js';

export const coreViews: readonly AnyViewDef[] = [
  networksView,
  networkDetailView,
  networkFormView,
  rulesView,
  liveRulesetView,
  ruleDetailView,
  ruleFormView,
  aliasesView,
  aliasDetailView,
  aliasFormView,
];

export const coreCommands: readonly ShellCommand[] = [
  {
    name: 'rules',
    description: 'Firewall rules of a network (every network when none is given)',
    args: '[network]',
    // Not a view `command`: the shell drops arguments when it jumps to a view.
    run: (args, shell) => shell.jump('rules', args[0] === undefined ? {} : {network: args[0]}),
  },
];
