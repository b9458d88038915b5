// Views of why, matrix, lint, export, plan (owner: analyze panes). The
// commands take arguments (`:why web-01 db-01 tcp/3306`, `:matrix tcp/443`,
// `:export FILE`, `:plan FILE`), so they are commands with `run` that jump to
// views without a `command` of their own (a view's command ignores arguments).
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';
import type {ExportParams} from './ExportView.js';
import type {MatrixParams} from './MatrixView.js';
import type {PlanParams} from './PlanView.js';
import {LAST_REVISION} from './revision-ref.js';
import {exportView, findingView, historyView, lintView, matrixView, planView, traceView, whyView} from './views.js';
import type {WhyParams} from './WhyView.js';

export const analyzeViews: readonly AnyViewDef[] = [
  whyView,
  traceView,
  matrixView,
  lintView,
  findingView,
  exportView,
  planView,
  historyView,
];

export const analyzeCommands: readonly ShellCommand[] = [
  {
    name: 'undo',
    description: 'Review undoing the last change made to this site (the key u does the same)',
    run: (_args, shell) => shell.push('analyze.plan', {revision: LAST_REVISION} satisfies PlanParams),
  },
  {
    name: 'why',
    description: 'Explain why traffic passes or is blocked',
    args: '[<from> <to> [tcp/443]]',
    run: (args, shell) => shell.jump('analyze.why', {args} satisfies WhyParams),
  },
  {
    name: 'matrix',
    description: 'Reachability matrix between networks',
    args: '[service]',
    run: (args, shell) => {
      if (args.length > 1)
        return shell.notify(
          'error',
          `:matrix takes one service (tcp/443, udp/53, icmp, any), not "${args.slice(1).join(' ')}"`,
        );
      shell.jump('analyze.matrix', {service: args[0]} satisfies MatrixParams);
    },
  },
  {
    name: 'lint',
    description: 'Find risky, redundant or broken rules',
    run: (_args, shell) => shell.jump('analyze.lint'),
  },
  {
    name: 'export',
    description: 'Export the site policy as a YAML site file',
    args: '[file]',
    run: (args, shell) => {
      if (args.length > 1) return shell.notify('error', ':export takes one file name');
      shell.jump('analyze.export', {file: args[0]} satisfies ExportParams);
    },
  },
  {
    name: 'plan',
    description: 'What applying a site file would change; a applies it',
    args: '<file> [--prune]',
    run: (args, shell) => {
      const prune = args.includes('--prune');
      const files = args.filter((a) => a !== '--prune');
      if (files.length !== 1)
        return shell.notify('error', 'Usage: :plan FILE [--prune] (a site file from :export or vseg export)');
      shell.jump('analyze.plan', {file: files[0], prune} satisfies PlanParams);
    },
  },
];
