// The contracts, recertification and map views as the shell knows them
// before they are drawn; each view's code loads on first render.
import {lazyViewOnOpen} from '../../app/views.js';
import type {ContractDetailParams} from './ContractDetail.js';
import type {MapParams} from './MapView.js';
import type {RecertifyParams} from './RecertifyView.js';
import type {RecertifyRuleParams} from './RecertifyRule.js';

export const contractsView = lazyViewOnOpen<undefined>(
  {
    id: 'govern.contracts',
    title: 'contracts',
    description: 'Segmentation contracts: what holds, what is violated, and why',
    actions: [
      {
        id: 'govern.contracts.detail',
        title: 'Statement',
        description: 'Show the statement in full: violations, witnesses, deciding rules',
        keys: ['i'],
        footer: 1,
        hint: 'details',
      },
      {
        id: 'govern.contracts.live',
        title: 'Staged/live',
        description: 'Judge the live (applied) rules instead of the staged ones, or back',
        keys: ['p'],
        footer: 2,
        hint: 'staged/live',
      },
      {
        id: 'govern.contracts.override',
        title: 'Override next change',
        description: 'Let the next change break a contract, with a reason for the audit log',
        keys: ['f'],
        mutating: true,
        needsConnection: true,
        footer: 3,
        hint: 'force next',
      },
    ],
  },
  () => import('./ContractsView.js').then((m) => m.Contracts),
);

export const contractDetailView = lazyViewOnOpen<ContractDetailParams>(
  {id: 'govern.contract', title: (p) => p.name},
  () => import('./ContractDetail.js').then((m) => m.ContractDetail),
);

export const recertifyView = lazyViewOnOpen<RecertifyParams | undefined>(
  {
    id: 'govern.recertify',
    title: 'recertify',
    description: 'Rules due for review: expired, expiring, never hit, without an owner',
    actions: [
      {
        id: 'govern.recertify.certify',
        title: 'Re-certify',
        description: 'Record the review and set the next expiry (opens the plan)',
        keys: ['c'],
        mutating: true,
        needsConnection: true,
        footer: 1,
        hint: 'certify',
      },
      {
        id: 'govern.recertify.tighten',
        title: 'Tighten',
        description: 'Open the rule form narrowed to the traffic the rule decides',
        keys: ['t'],
        mutating: true,
        needsConnection: true,
        footer: 2,
        hint: 'tighten',
      },
      {
        id: 'govern.recertify.disable',
        title: 'Disable',
        description: 'Turn the rule off (opens the plan)',
        keys: ['x'],
        mutating: true,
        needsConnection: true,
        footer: 3,
        hint: 'disable',
      },
      {
        id: 'govern.recertify.delete',
        title: 'Delete',
        description: 'Remove the rule (opens the plan; applying it asks for the site name)',
        keys: ['d'],
        dangerous: true,
        needsConnection: true,
        footer: 4,
        hint: 'delete',
      },
    ],
  },
  () => import('./RecertifyView.js').then((m) => m.Recertify),
);

export const recertifyRuleView = lazyViewOnOpen<RecertifyRuleParams>({id: 'govern.recertify.rule', title: 'rule'}, () =>
  import('./RecertifyRule.js').then((m) => m.RecertifyRule),
);

export const mapView = lazyViewOnOpen<MapParams | undefined>(
  {
    id: 'govern.map',
    title: 'map',
    description: 'The site drawn: networks, routes, tunnels, tenants, coloured by verdict',
    actions: [
      {
        id: 'govern.map.next',
        title: 'Next service',
        description: 'Colour the lanes for the next service the rules mention',
        keys: ['s'],
        footer: 1,
        hint: 'service',
      },
      {
        id: 'govern.map.previous',
        title: 'Previous service',
        description: 'Colour the lanes for the previous service',
        keys: ['S'],
      },
      {
        id: 'govern.map.service',
        title: 'Type a service',
        description: 'Colour the lanes for a service you type (tcp/443, udp/53, icmp, any)',
        keys: ['e'],
        footer: 2,
        hint: 'type service',
      },
      {
        id: 'govern.map.staged',
        title: 'Applied/staged',
        description: 'Judge the staged rules (as after Apply Rules) or the applied ones',
        keys: ['p'],
        footer: 3,
        hint: 'staged/applied',
      },
    ],
  },
  () => import('./MapView.js').then((m) => m.SiteMapView),
);
