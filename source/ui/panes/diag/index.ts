// Router diagnostics in the console (owner: diag). `:diag web tcp-connect
// 10.10.2.21 5432` opens the form filled in.
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';
import type {DiagViewParams} from './DiagView.js';
import {diagView} from './views.js';

export const diagViews: readonly AnyViewDef[] = [diagView];

export const diagCommands: readonly ShellCommand[] = [
  {
    name: 'diag',
    description: "Ask a network's router: ping, traceroute, dns, tcp connect, tcpdump, its live ruleset …",
    args: '[network [tool args]]',
    run: (args, shell) => shell.jump('diag', {args} satisfies DiagViewParams),
  },
];
