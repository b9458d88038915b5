// Views of the six guided wizards and setup (owner: wizards panes). `:wizard`
// lists them; `:wizard <step>` opens one; `:wizard setup` chains all six.
import {STEP_ORDER, isWizardName} from '../../../domain/wizards/index.js';
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';
import {wizardMenuView} from './WizardMenu.js';
import {wizardMonitorView} from './WizardMonitor.js';
import {wizardResultView} from './WizardResult.js';
import {wizardReviewView} from './WizardReview.js';
import {wizardSetupView} from './WizardSetup.js';
import {wizardStepsView} from './WizardSteps.js';
import {wizardTightenView} from './WizardTighten.js';

export const wizardsViews: readonly AnyViewDef[] = [wizardMenuView, wizardStepsView, wizardReviewView, wizardResultView, wizardSetupView, wizardMonitorView, wizardTightenView];

export const wizardsCommands: readonly ShellCommand[] = [
  {
    name: 'wizard',
    description: 'Guided first segmentation in six steps',
    args: `[${[...STEP_ORDER, 'setup'].join('|')}]`,
    run(args, shell) {
      const step = args[0];
      shell.jump('wizard');
      if (step === undefined) return;
      if (!isWizardName(step)) return shell.notify('error', `:wizard ${step}: unknown step (${[...STEP_ORDER, 'setup'].join(', ')})`);
      if (step === 'setup') shell.push('wizard.setup');
      else shell.push('wizard.steps', {id: step});
    },
  },
];
