// The wizard registry declares its views without loading them (start-up);
// those declarations must say what the view modules themselves declare.
import {describe, expect, it} from 'vitest';
import {STEP_ORDER} from '../../source/domain/wizards/index.js';
import type {AnyViewDef} from '../../source/ui/app/views.js';
import {WIZARD_STEPS, wizardsViews} from '../../source/ui/panes/wizards/index.js';
import {wizardMenuView} from '../../source/ui/panes/wizards/WizardMenu.js';
import {wizardMonitorView} from '../../source/ui/panes/wizards/WizardMonitor.js';
import {wizardResultView} from '../../source/ui/panes/wizards/WizardResult.js';
import {wizardReviewView} from '../../source/ui/panes/wizards/WizardReview.js';
import {wizardSetupView} from '../../source/ui/panes/wizards/WizardSetup.js';
import {wizardStepsView} from '../../source/ui/panes/wizards/WizardSteps.js';
import {wizardTightenView} from '../../source/ui/panes/wizards/WizardTighten.js';

const PARAMS = [undefined, {id: 'rules'}, {id: 'vpn', setup: true}, {network: 'web'}, {}, {network: 'db', rule: 'r1'}];

function meta(view: AnyViewDef) {
  const titles = typeof view.title === 'function' ? PARAMS.map((p) => {
    try {
      return (view.title as (p: unknown) => string)(p);
    } catch {
      return '(throws)';
    }
  }) : view.title;
  return {id: view.id, titles, command: view.command, aliases: view.aliases, description: view.description, actions: view.actions};
}

describe('wizard views declared before they load', () => {
  it('agree with the view modules', () => {
    const modules = [wizardMenuView, wizardStepsView, wizardReviewView, wizardResultView, wizardSetupView, wizardMonitorView, wizardTightenView];
    expect(wizardsViews.map(meta)).toEqual(modules.map(meta));
  });

  it('name the steps in STEP_ORDER', () => {
    expect([...WIZARD_STEPS]).toEqual([...STEP_ORDER]);
  });
});
