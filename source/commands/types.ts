// What every headless command receives and returns. Commands write to the
// given streams (never process.stdout directly) so tests can run them in
// process, and return an exit code instead of calling process.exit.

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & {isTTY?: boolean};
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (tables fit its width; prompts are possible when stdin is one too). */
  isTTY: boolean;
  columns: number;
}

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
} as const;

export function processIO(): CommandIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    columns: process.stdout.columns || 100,
  };
}
