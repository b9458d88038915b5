// The networks, rules and aliases views as the shell knows them before they
// are drawn (ids, titles, commands, actions); each view's code loads on first
// render (lazyView), so the console starts without it.
import type {Key} from '../../../domain/model.js';
import {lazyView, type ViewAction} from '../../app/views.js';
import type {AliasFormParams} from '../aliases/AliasForm.js';
import type {NetworkFormParams} from '../networks/NetworkForm.js';
import type {RuleDetailParams} from '../rules/RuleDetail.js';
import type {RuleFormParams} from '../rules/RuleForm.js';
import type {RulesParams} from '../rules/RulesList.js';

const edit = {mutating: true, needsConnection: true} as const;

export const NETWORK_ACTIONS: readonly ViewAction[] = [
  {
    id: 'networks.apply',
    title: 'Apply Rules',
    appliesRules: true,
    description: 'Apply the staged rules of the selected network (shows what changes first)',
    keys: ['a'],
    ...edit,
    footer: 1,
    hint: 'apply',
  },
  {
    id: 'networks.info',
    title: 'Details',
    description: 'Addressing, DHCP, DNS, gateway, state, mirroring and rule counts',
    keys: ['i'],
    footer: 2,
    hint: 'info',
  },
  {
    id: 'networks.create',
    title: 'New network',
    description: 'Create an internal network',
    keys: ['n'],
    ...edit,
    footer: 3,
    hint: 'new',
  },
  {
    id: 'networks.edit',
    title: 'Edit network',
    description: 'Edit the selected internal network',
    keys: ['e'],
    ...edit,
    footer: 4,
    hint: 'edit',
  },
  {
    id: 'networks.delete',
    title: 'Delete network',
    description: 'Delete the selected network (type its name to confirm)',
    keys: ['d'],
    dangerous: true,
    needsConnection: true,
    footer: 5,
    hint: 'delete',
  },
  {
    id: 'networks.poweron',
    title: 'Power on',
    description: 'Start the network router (asks first)',
    keys: ['P'],
    ...edit,
  },
  {
    id: 'networks.poweroff',
    title: 'Power off',
    description: 'Stop the network router (asks first)',
    keys: ['X'],
    dangerous: true,
    needsConnection: true,
  },
  {
    id: 'networks.restart',
    title: 'Restart',
    description: 'Restart the network router (asks first)',
    keys: ['R'],
    dangerous: true,
    needsConnection: true,
  },
];

export const RULE_ACTIONS: readonly ViewAction[] = [
  {
    id: 'rules.wide',
    title: 'Wide columns',
    description: 'Show names, addresses and ports whole, leaving out the other columns (again: back)',
    keys: ['w'],
  },
  {
    id: 'rules.apply',
    title: 'Apply Rules',
    appliesRules: true,
    description: 'Apply the staged rules of this network (shows what changes first)',
    keys: ['a'],
    ...edit,
    footer: 1,
    hint: 'apply',
  },
  {
    id: 'rules.create',
    title: 'New rule',
    description: 'Create a rule on this network',
    keys: ['n'],
    ...edit,
    footer: 2,
    hint: 'new',
  },
  {
    id: 'rules.edit',
    title: 'Edit rule',
    description: 'Edit the selected rule',
    keys: ['e'],
    ...edit,
    footer: 3,
    hint: 'edit',
  },
  {
    id: 'rules.delete',
    title: 'Delete rule',
    description: 'Delete the selected rule (type its name to confirm)',
    keys: ['d'],
    dangerous: true,
    needsConnection: true,
    footer: 4,
    hint: 'delete',
  },
  {
    id: 'rules.toggle',
    title: 'Enable/disable',
    description: 'Enable or disable the selected rule',
    keys: ['x'],
    ...edit,
    footer: 5,
    hint: 'on/off',
  },
  {
    id: 'rules.moveUp',
    title: 'Move up',
    description: 'Move the selected rule one place earlier in its pin group',
    keys: ['K'],
    ...edit,
    footer: 6,
    hint: 'up',
  },
  {
    id: 'rules.moveDown',
    title: 'Move down',
    description: 'Move the selected rule one place later in its pin group',
    keys: ['J'],
    ...edit,
    footer: 7,
    hint: 'down',
  },
  {id: 'rules.copy', title: 'Copy rule', description: 'Copy the selected rule as <name>-copy', keys: ['c'], ...edit},
  {
    id: 'rules.pinTop',
    title: 'Pin to top',
    description: 'Pin the selected rule to the top (again: unpin)',
    keys: ['t'],
    ...edit,
  },
  {
    id: 'rules.pinBottom',
    title: 'Pin to bottom',
    description: 'Pin the selected rule to the bottom (again: unpin)',
    keys: ['b'],
    ...edit,
  },
  {
    id: 'rules.statistics',
    title: 'Statistics on/off',
    description: 'Count packets and bytes the selected rule matches',
    keys: ['s'],
    ...edit,
  },
  {
    id: 'rules.log',
    title: 'Logging on/off',
    description: 'Log the packets the selected rule matches',
    keys: ['l'],
    ...edit,
  },
];

export const ALIAS_ACTIONS: readonly ViewAction[] = [
  {
    id: 'aliases.create',
    title: 'New alias',
    description: 'Create a rule alias',
    keys: ['n'],
    ...edit,
    footer: 1,
    hint: 'new',
  },
  {
    id: 'aliases.edit',
    title: 'Edit alias',
    description: 'Edit the selected alias and its entries',
    keys: ['e'],
    ...edit,
    footer: 2,
    hint: 'edit',
  },
  {
    id: 'aliases.delete',
    title: 'Delete alias',
    description: 'Delete the selected alias (refused while rules use it)',
    keys: ['d'],
    dangerous: true,
    needsConnection: true,
    footer: 3,
    hint: 'delete',
  },
];

export const networksView = lazyView<undefined>(
  {
    id: 'networks',
    title: 'networks',
    command: 'networks',
    aliases: ['net', 'vnets'],
    description: 'Networks, their rule state and mirroring',
    actions: NETWORK_ACTIONS,
  },
  () => import('../networks/NetworksList.js').then((m) => m.NetworksList),
);

export const networkDetailView = lazyView<{key: Key}>({id: 'networks.detail', title: () => 'details'}, () =>
  import('../networks/NetworkDetail.js').then((m) => m.NetworkDetail),
);

export const networkFormView = lazyView<NetworkFormParams>(
  {id: 'networks.form', title: (p) => (p.key === undefined ? 'new network' : 'edit network')},
  () => import('../networks/NetworkForm.js').then((m) => m.NetworkFormView),
);

export const rulesView = lazyView<RulesParams | undefined>(
  {
    id: 'rules',
    title: (p) =>
      p?.network === undefined
        ? 'rules'
        : `rules ${p.label ?? (typeof p.network === 'number' ? '' : p.network)}`.trim(),
    description: 'Firewall rules of a network',
    actions: RULE_ACTIONS,
  },
  () => import('../rules/RulesList.js').then((m) => m.RulesList),
);

export const ruleDetailView = lazyView<RuleDetailParams>(
  {
    id: 'rules.detail',
    title: () => 'rule',
    actions: [
      {
        id: 'rules.detailEdit',
        title: 'Edit rule',
        description: 'Edit this rule',
        keys: ['e'],
        ...edit,
        footer: 1,
        hint: 'edit',
      },
    ],
  },
  () => import('../rules/RuleDetail.js').then((m) => m.RuleDetail),
);

export const ruleFormView = lazyView<RuleFormParams>(
  {id: 'rules.form', title: (p) => (p.key === undefined ? 'new rule' : 'edit rule')},
  () => import('../rules/RuleForm.js').then((m) => m.RuleFormView),
);

export const aliasesView = lazyView<undefined>(
  {
    id: 'aliases',
    title: 'aliases',
    command: 'aliases',
    description: 'Rule aliases (named groups of addresses)',
    actions: ALIAS_ACTIONS,
  },
  () => import('../aliases/AliasesList.js').then((m) => m.AliasesList),
);

export const aliasDetailView = lazyView<{key: Key}>(
  {
    id: 'aliases.detail',
    title: () => 'alias',
    actions: [
      {
        id: 'aliases.detailEdit',
        title: 'Edit alias',
        description: 'Edit this alias',
        keys: ['e'],
        ...edit,
        footer: 1,
        hint: 'edit',
      },
    ],
  },
  () => import('../aliases/AliasDetail.js').then((m) => m.AliasDetail),
);

export const aliasFormView = lazyView<AliasFormParams>(
  {id: 'aliases.form', title: (p) => (p.key === undefined ? 'new alias' : 'edit alias')},
  () => import('../aliases/AliasForm.js').then((m) => m.AliasFormView),
);
