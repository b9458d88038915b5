// The command line's vocabulary is data: the lead adds commands (with `run`)
// and every view with a `command` adds its jump.
import type {CommandSpec} from '../components/command-line.js';
import type {ShellApi} from './shell-api.js';

export interface ShellCommand extends CommandSpec {
  /** What the command does; without it (and without a view) it is "not available yet". */
  run?: (args: string[], shell: ShellApi) => void;
}

export const DEFAULT_COMMANDS: readonly ShellCommand[] = [
  {name: 'networks', description: 'Internal networks and their rule state', aliases: ['net', 'vnets']},
  {name: 'rules', description: 'Firewall rules of a network'},
  {name: 'aliases', description: 'Rule aliases (named groups of addresses)'},
  {name: 'vpn', description: 'IPsec and WireGuard tunnels'},
  {name: 'tenants', description: 'Tenants and their networks'},
  {name: 'mirrors', description: 'Port mirroring'},
  {name: 'vms', description: 'Virtual machines and their NICs'},
  {name: 'ctx', description: 'Switch site profile'},
  {name: 'why', description: 'Explain why traffic passes or is blocked', args: '<from> <to> [port/proto]'},
  {name: 'matrix', description: 'Reachability matrix between networks'},
  {name: 'lint', description: 'Find risky or redundant rules'},
  {
    name: 'diag',
    description: "Ask a network's router (ping, tcpdump, its live ruleset …)",
    args: '[network [tool args]]',
  },
  {name: 'wizard', description: 'Guided first segmentation in six steps'},
  {name: 'export', description: 'Export the site policy as YAML'},
  {name: 'plan', description: 'Pending changes and the API calls they make'},
  {name: 'quit', description: 'Leave the console', aliases: ['q', 'exit']},
];
