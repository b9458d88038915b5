// A console with the wizard views against a real simulator: the live session
// (connect, load, runPlan with checkpoints), keys in, frames and the
// simulator's state out, through the one test console (test/support/console.tsx).
import {wizardsCommands, wizardsViews} from '../../source/ui/panes/wizards/index.js';
import {openTestConsole, type TestConsole} from '../support/console.js';

export type WizardConsole = TestConsole;

export function openWizardConsole(
  options: {seed?: string; columns?: number; rows?: number; readOnly?: boolean} = {},
): Promise<WizardConsole> {
  return openTestConsole({
    views: wizardsViews,
    commands: wizardsCommands,
    initialView: 'wizard',
    sim: {seed: options.seed ?? 'demo', applyDelayMs: 10, powerDelayMs: 10},
    readOnly: options.readOnly,
    columns: options.columns ?? 100,
    rows: options.rows ?? 30,
  });
}
