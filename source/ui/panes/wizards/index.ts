// Views of the six guided wizards and setup (owner: wizards panes). `:wizard`
// lists them; `:wizard <step>` opens one; `:wizard setup` chains all six.
//
// Start-up: the wizards' code (their zod schemas, site files, policy) loads
// after the first frame (lazyViewOnOpen), so the views are declared here, where
// the shell reads them, and each Wizard*.tsx holds only its component. The
// step names repeat STEP_ORDER without loading it; test/wizards/lazy-views.test.ts
// checks they agree.
import type {ShellCommand} from '../../app/commands.js';
import {lazyViewOnOpen, type AnyViewDef} from '../../app/views.js';
import type {WizardParams} from './common.js';
import type {MonitorParams} from './WizardMonitor.js';
import type {CaptureParams} from './WizardCapture.js';
import type {TightenParams} from './WizardTighten.js';
import {didYouMean} from '../../../domain/search-rank.js';

/** STEP_ORDER of domain/wizards, without loading it. */
export const WIZARD_STEPS = ['topology', 'rules', 'aliases', 'vpn', 'tenants', 'monitor'] as const;

export const wizardsViews: readonly AnyViewDef[] = [
  lazyViewOnOpen<undefined>(
    {
      id: 'wizard',
      title: 'wizard',
      description: 'Guided first segmentation in six steps',
      actions: [
        {
          id: 'wizard.discard',
          title: 'Discard draft',
          description: 'Forget the saved answers (and interrupted run) of the selected wizard',
          keys: ['x'],
          footer: 2,
          hint: 'discard draft',
        },
      ],
    },
    () => import('./WizardMenu.js').then((m) => m.WizardMenu),
  ),
  lazyViewOnOpen<WizardParams>({id: 'wizard.steps', title: (p) => `${p.id}`}, () =>
    import('./WizardSteps.js').then((m) => m.WizardSteps),
  ),
  lazyViewOnOpen<WizardParams>(
    {
      id: 'wizard.review',
      title: 'review',
      actions: [
        {
          id: 'wizard.apply',
          title: 'Apply',
          description: 'Apply the reviewed plan (asks first; resumes an interrupted run)',
          keys: ['a'],
          mutating: true,
          needsConnection: true,
          footer: 1,
          hint: 'apply',
        },
      ],
    },
    () => import('./WizardReview.js').then((m) => m.WizardReview),
  ),
  lazyViewOnOpen<WizardParams>(
    {
      id: 'wizard.result',
      title: 'result',
      actions: [
        {
          id: 'wizard.copy',
          title: 'Copy',
          description: "Copy this text to the clipboard (OSC 52), e.g. the remote side's configuration",
          keys: ['c'],
          footer: 1,
          hint: 'copy',
        },
        {
          id: 'wizard.next',
          title: 'Next step',
          description: 'Back to the setup chain (or the wizard list)',
          keys: ['n'],
          footer: 2,
          hint: 'next',
        },
      ],
    },
    () => import('./WizardResult.js').then((m) => m.WizardResult),
  ),
  lazyViewOnOpen<undefined>(
    {
      id: 'wizard.setup',
      title: 'setup',
      actions: [
        {
          id: 'setup.skip',
          title: 'Skip step',
          description: 'Mark the selected step skipped (run it later with :wizard <step>)',
          keys: ['s'],
          footer: 1,
          hint: 'skip',
        },
      ],
    },
    () => import('./WizardSetup.js').then((m) => m.WizardSetup),
  ),
  lazyViewOnOpen<MonitorParams>(
    {
      id: 'wizard.monitor',
      title: (p) => `counters${p.network ? ` ${p.network}` : ''}`,
      actions: [
        {
          id: 'monitor.disable',
          title: 'Disable rule',
          description: 'Turn the selected rule off (asks first; then Apply Rules)',
          keys: ['d'],
          dangerous: true,
          needsConnection: true,
          footer: 1,
          hint: 'disable',
        },
        {
          id: 'monitor.tighten',
          title: 'Tighten rule',
          description: "Narrow the selected rule's source or ports",
          keys: ['t'],
          mutating: true,
          needsConnection: true,
          footer: 2,
          hint: 'tighten',
        },
        {
          id: 'monitor.mirrorOff',
          title: 'Mirroring off',
          description: 'Turn port mirroring off (restarts the network; asks for its name)',
          keys: ['m'],
          dangerous: true,
          needsConnection: true,
          footer: 3,
          hint: 'mirror off',
        },
        {
          id: 'monitor.capture',
          title: 'Capture',
          description: 'Capture on the router (or its mirror): top talkers, flows no rule allows, allow or tighten',
          keys: ['c'],
          needsConnection: true,
          footer: 5,
          hint: 'capture',
        },
        {
          id: 'monitor.network',
          title: 'Next network',
          description: "Show the next network's counters",
          keys: ['n'],
          footer: 4,
          hint: 'network',
        },
      ],
    },
    () => import('./WizardMonitor.js').then((m) => m.WizardMonitor),
  ),
  lazyViewOnOpen<TightenParams>({id: 'wizard.tighten', title: 'tighten'}, () =>
    import('./WizardTighten.js').then((m) => m.WizardTighten),
  ),
  lazyViewOnOpen<CaptureParams>(
    {
      id: 'wizard.capture',
      title: (p) => `capture ${p.network}`,
      actions: [
        {
          id: 'capture.allow',
          title: 'Allow this flow',
          description: 'Add an incoming accept rule for the selected flow (reviewed: calls and verdict changes first)',
          keys: ['a'],
          mutating: true,
          needsConnection: true,
          footer: 1,
          hint: 'allow',
        },
        {
          id: 'capture.tighten',
          title: 'Tighten its rule',
          description: 'Narrow the rule that lets the selected flow in',
          keys: ['t'],
          mutating: true,
          needsConnection: true,
          footer: 2,
          hint: 'tighten',
        },
        {
          id: 'capture.again',
          title: 'Capture again',
          description: 'Take a new capture',
          keys: ['R'],
          needsConnection: true,
          footer: 3,
          hint: 'again',
        },
      ],
    },
    () => import('./WizardCapture.js').then((m) => m.WizardCapture),
  ),
];

const KNOWN_STEPS: readonly string[] = [...WIZARD_STEPS, 'setup', 'counters', 'hits'];

export const wizardsCommands: readonly ShellCommand[] = [
  {
    name: 'wizard',
    description: 'The six guided steps; :wizard setup walks them in order, :wizard counters shows hit counters',
    args: `[${[...WIZARD_STEPS, 'setup', 'counters'].join('|')}]`,
    run(args, shell) {
      const step = args[0];
      // Checked before anything moves: an unknown step leaves the operator where they were.
      if (step !== undefined && !KNOWN_STEPS.includes(step)) {
        const hint = didYouMean(step, KNOWN_STEPS);
        return shell.notify('error', `:wizard ${step}: unknown step${hint || ` (${KNOWN_STEPS.join(', ')})`}`);
      }
      shell.jump('wizard');
      if (step === undefined) return;
      if (step === 'setup') shell.push('wizard.setup');
      // Step 6's hit counters, by the name an operator looks for.
      else if (step === 'counters' || step === 'hits') shell.push('wizard.monitor', {});
      else shell.push('wizard.steps', {id: step});
    },
  },
];
