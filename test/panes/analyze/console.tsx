// The whole console (every registered view and command) on a live session
// against a real simulator over HTTPS, in a terminal of known size, through the
// one test console (test/support/console.tsx).
import type {SimulatorHandle} from '../../../source/simulator/index.js';
import {consoleCommands, consoleViews} from '../../../source/ui/panes/index.js';
import {openTestConsole, type TestConsole} from '../../support/console.js';

export interface Console extends Omit<TestConsole, 'command'> {
  /** Opens the command line, types the command and runs it, as keys queued at once (no wait between). */
  command(line: string): void;
}

export interface ConsoleOptions {
  columns?: number;
  rows?: number;
  readOnly?: boolean;
  /** A simulator to share (left open on close). */
  sim?: SimulatorHandle;
}

export async function openConsole(options: ConsoleOptions = {}): Promise<Console> {
  const c = await openTestConsole({
    views: consoleViews,
    commands: consoleCommands,
    sim: {tls: true, applyDelayMs: 20, powerDelayMs: 20, password: 'sim-admin-password'},
    shared: options.sim,
    readOnly: options.readOnly,
    columns: options.columns,
    rows: options.rows,
  });
  return {
    ...c,
    command(line) {
      c.tui.press(':');
      c.tui.type(line);
      c.tui.press('enter');
    },
  };
}
