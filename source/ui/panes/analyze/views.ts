// The what-if, trace, matrix, lint, export and plan views as the shell knows
// them before they are drawn (ids, titles, actions); each view's code — and
// the policy analysis, site files, yaml and zod schemas it pulls in — loads on
// first render (lazyViewOnOpen), so the console starts without it.
import {lazyViewOnOpen} from '../../app/views.js';
import type {ExportParams} from './ExportView.js';
import type {FindingParams} from './FindingView.js';
import type {MatrixParams} from './MatrixView.js';
import type {PlanParams} from './PlanView.js';
import type {TraceParams} from './TraceView.js';
import type {WhyParams} from './WhyView.js';

export const exportView = lazyViewOnOpen<ExportParams | undefined>(
  {
    id: 'analyze.export',
    title: (p) => `export ${p?.file ?? ''}`.trim(),
  },
  () => import('./ExportView.js').then((m) => m.Export),
);

export const findingView = lazyViewOnOpen<FindingParams>(
  {
    id: 'analyze.finding',
    title: (p) => `${p.finding.code}${p.finding.network ? ` on ${p.finding.network}` : ''}`,
  },
  () => import('./FindingView.js').then((m) => m.FindingDetail),
);

export const lintView = lazyViewOnOpen<undefined>(
  {
    id: 'analyze.lint',
    title: 'lint',
    description: 'Find risky, redundant or broken rules',
    actions: [
      {
        id: 'analyze.lint.detail',
        title: 'Finding',
        description: 'Show the selected finding and the rules it names',
        keys: ['i'],
        footer: 1,
        hint: 'details',
      },
      {
        id: 'analyze.lint.live',
        title: 'Staged/live',
        description: 'Check the live (applied) rules instead of the staged ones, or back',
        keys: ['p'],
        footer: 2,
        hint: 'staged/live',
      },
    ],
  },
  () => import('./LintView.js').then((m) => m.Lint),
);

export const matrixView = lazyViewOnOpen<MatrixParams | undefined>(
  {
    id: 'analyze.matrix',
    title: 'matrix',
    description: 'Reachability matrix between networks',
    actions: [
      {
        id: 'analyze.matrix.next',
        title: 'Next service',
        description: 'Show the matrix for the next service the rules mention',
        keys: ['s'],
        footer: 1,
        hint: 'service',
      },
      {
        id: 'analyze.matrix.previous',
        title: 'Previous service',
        description: 'Show the matrix for the previous service',
        keys: ['S'],
      },
      {
        id: 'analyze.matrix.service',
        title: 'Type a service',
        description: 'Show the matrix for a service you type (tcp/443, udp/53, icmp, any)',
        keys: ['e'],
        footer: 2,
        hint: 'type service',
      },
      {
        id: 'analyze.matrix.staged',
        title: 'Applied/staged',
        description: 'Judge the staged rules (as after Apply Rules) or the applied ones',
        keys: ['p'],
        footer: 3,
        hint: 'staged/applied',
      },
      {
        id: 'analyze.matrix.allow',
        title: 'Allow this flow',
        description:
          'Open the flow builder (the rules wizard) filled in with this cell; nothing is sent before its review',
        keys: ['A'],
        mutating: true,
        needsConnection: true,
        footer: 5,
        hint: 'allow flow',
      },
    ],
  },
  () => import('./MatrixView.js').then((m) => m.MatrixGrid),
);

export const planView = lazyViewOnOpen<PlanParams>(
  {
    id: 'analyze.plan',
    title: (p) => (p.revision !== undefined ? `undo ${p.revision}` : `plan ${p.file}${p.prune ? ' --prune' : ''}`),
    actions: [
      {
        id: 'analyze.plan.apply',
        title: 'Apply plan',
        description: 'Make the site match the file: confirm the exact calls, then run them and Apply Rules',
        keys: ['a'],
        mutating: true,
        needsConnection: true,
        footer: 1,
        hint: 'apply',
      },
    ],
  },
  () => import('./PlanView.js').then((m) => m.PlanDiff),
);

export const traceView = lazyViewOnOpen<TraceParams>(
  {
    id: 'analyze.trace',
    title: (p) => `why ${p.query.from} → ${p.query.to} ${p.query.service ?? 'any'}`,
    actions: [
      {
        id: 'analyze.trace.pending',
        title: 'Staged first',
        description: 'Show the staged (after Apply Rules) answer first, or the applied one',
        keys: ['p'],
        footer: 3,
        hint: 'staged/applied first',
      },
      {
        id: 'analyze.trace.next-hop',
        title: 'Next hop',
        description: 'Select the next router on the path (Enter opens the rule that decided there)',
        keys: ['tab'],
        footer: 1,
        hint: 'next hop',
      },
      {
        id: 'analyze.trace.previous-hop',
        title: 'Previous hop',
        description: 'Select the previous router on the path',
        keys: ['shift+tab'],
      },
      {
        id: 'analyze.trace.allow',
        title: 'Allow this flow',
        description:
          'Open the flow builder (the rules wizard) filled in with this question; nothing is sent before its review',
        keys: ['A'],
        mutating: true,
        needsConnection: true,
        footer: 2,
        hint: 'allow flow',
      },
      {
        id: 'analyze.trace.verify',
        title: 'Verify on the routers',
        description:
          "Ask the routers: probe from the source network's router, and (asked first) trace the deciding rules for a moment",
        keys: ['v'],
        needsConnection: true,
        footer: 4,
        hint: 'verify',
      },
      {
        id: 'analyze.trace.probe',
        title: 'Probe from a router',
        description: "Open :diag with the probe from the source network's router filled in",
        keys: ['d'],
        needsConnection: true,
        footer: 5,
        hint: 'probe',
      },
    ],
  },
  () => import('./TraceView.js').then((m) => m.Trace),
);

// WhyView.tsx declares this view too (its owner is changing that file): the
// two declarations are checked to agree in test/panes/analyze/lazy-views.test.ts.
export const whyView = lazyViewOnOpen<WhyParams | undefined>(
  {
    id: 'analyze.why',
    title: 'why',
    description: 'Explain why traffic passes or is blocked',
    actions: [
      {
        id: 'analyze.why.edit',
        title: 'Edit question',
        description: 'Edit the what-if question',
        keys: ['e'],
        footer: 1,
        hint: 'edit',
      },
    ],
  },
  () => import('./WhyView.js').then((m) => m.Why),
);

export const historyView = lazyViewOnOpen<undefined>(
  {
    id: 'history',
    title: 'history',
    command: 'history',
    description: 'The changes made to this site (console, wizards, vseg apply): Enter reviews undoing one, u the last',
  },
  () => import('./HistoryView.js').then((m) => m.HistoryView),
);
