// :diag as the shell knows it before it is drawn; the view's code loads on
// first render.
import {lazyViewOnOpen} from '../../app/views.js';
import type {DiagViewParams} from './DiagView.js';

export const diagView = lazyViewOnOpen<DiagViewParams | undefined>(
  {
    id: 'diag',
    title: (p) => `diag${p?.preset?.network ? ` ${p.preset.network}` : p?.args?.[0] ? ` ${p.args[0]}` : ''}`,
    description: "Ask a network's router: ping, traceroute, dns, tcp connect, tcpdump, its live ruleset …",
    actions: [
      {
        id: 'diag.edit',
        title: 'Edit',
        description: 'Change the tool or its parameters',
        keys: ['e'],
        footer: 1,
        hint: 'edit',
      },
      {
        id: 'diag.again',
        title: 'Run again',
        description: 'Run the same query again',
        keys: ['R'],
        needsConnection: true,
        footer: 2,
        hint: 'again',
      },
      {id: 'diag.copy-command', title: 'Copy command', description: 'Copy the command the router ran', keys: ['c']},
    ],
  },
  () => import('./DiagView.js').then((m) => m.Diag),
);
