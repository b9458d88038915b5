// The streams and environment a run of vseg works with. Shared by the console
// and the headless commands (which must not import each other), and passed
// explicitly so tests can run either in process with captured streams.

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & {isTTY?: boolean};
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (tables fit its width; prompts are possible when stdin is one too). */
  isTTY: boolean;
  columns: number;
}

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

/** A mistake in how vseg was called (exit code 2), found before anything is sent. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
