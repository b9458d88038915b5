// Views of contracts, recertification and the site map (owner: govern panes).
// The commands take arguments (`:map tcp/443`, `:recertify 30`), so they are
// commands with `run` that jump to views.
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';
import type {MapParams} from './MapView.js';
import type {RecertifyParams} from './RecertifyView.js';
import {contractDetailView, contractsView, mapView, recertifyRuleView, recertifyView} from './views.js';

export const governViews: readonly AnyViewDef[] = [
  contractsView,
  contractDetailView,
  recertifyView,
  recertifyRuleView,
  mapView,
];

export const governCommands: readonly ShellCommand[] = [
  {
    name: 'contracts',
    description: 'Segmentation contracts: what holds and what is violated',
    run: (_args, shell) => shell.jump('govern.contracts'),
  },
  {
    name: 'recertify',
    description: 'Rules due for review (expired, expiring within N days, never hit, no owner)',
    args: '[days]',
    run: (args, shell) => {
      if (args.length > 1 || (args[0] !== undefined && !/^\d{1,4}$/.test(args[0])))
        return shell.notify('error', ':recertify takes one number of days (expiring within), e.g. :recertify 30');
      shell.jump('govern.recertify', {
        within: args[0] === undefined ? undefined : Number(args[0]),
      } satisfies RecertifyParams);
    },
  },
  {
    name: 'map',
    description: 'The site drawn: networks, routes, tunnels, tenants, coloured by verdict',
    args: '[service]',
    run: (args, shell) => {
      if (args.length > 1) return shell.notify('error', `:map takes one service (tcp/443, udp/53, icmp, any)`);
      shell.jump('govern.map', {service: args[0]} satisfies MapParams);
    },
  },
];
