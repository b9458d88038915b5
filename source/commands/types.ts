// What every headless command receives and returns. Commands write to the
// given streams (never process.stdout directly) so tests can run them in
// process, and return an exit code instead of calling process.exit.

import type {CommandIO} from '../session/io.js';

export interface Command {
  name: string;
  /** One line for `vseg --help`. */
  summary: string;
  /** Full usage text for `vseg <name> --help`. */
  usage: string;
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** not found (get), deny (why), error-level findings (lint) */
  negative: 1,
  usage: 2,
  /** plan/drift: there are changes */
  changes: 3,
  /** why --verify: the routers do not do what the rules say */
  disagree: 4,
} as const;
