// Render entry for the console: full screen, interactive decided by the TTY
// (never by Ink's CI detection — some jump hosts export CI), Ctrl+C left to
// the keyboard router, and the terminal restored however the process ends.
import {render, type Instance, type RenderOptions} from 'ink';
import type {ReactElement} from 'react';

export interface ConsoleIO {
  stdin: NodeJS.ReadableStream & {isTTY?: boolean; setRawMode?: (mode: boolean) => unknown};
  stdout: NodeJS.WritableStream & {isTTY?: boolean};
  stderr?: NodeJS.WritableStream;
}

/** The parts of `process` startConsole hooks, injectable for tests. */
export interface ProcessHooks {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  exit(code: number): void;
}

export interface StartOptions {
  incrementalRendering?: boolean;
  maxFps?: number;
  /** Route console.* above the frame (default true); test runners that replace console need false. */
  patchConsole?: boolean;
  process?: ProcessHooks;
  /**
   * Runs after the terminal is restored and before the process exits on a
   * signal or a crash (e.g. deleting the session token); bounded by the caller.
   */
  beforeExit?: () => Promise<void>;
}

export interface ConsoleHandle {
  instance: Instance;
  /** Resolves when the console closed normally; rejects with a render crash. */
  waitUntilExit(): Promise<void>;
  stop(): void;
}

// Bracketed paste off, cursor shown, primary screen back: for when Ink could
// not run its own teardown.
export const RESTORE_SEQUENCE = '\u001b[?2004l\u001b[?25h\u001b[?1049l';

const SIGNALS: Record<string, number> = {SIGTERM: 15, SIGHUP: 1};

/** Errors that mean the terminal is no longer there to write to or read from. */
const GONE = new Set(['EIO', 'EPIPE', 'ENXIO', 'EBADF', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

function isTerminalGone(error: unknown): boolean {
  return typeof error === 'object' && error !== null && GONE.has(String((error as {code?: unknown}).code));
}

export function consoleRenderOptions(io: ConsoleIO, options: StartOptions = {}): RenderOptions {
  return {
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    interactive: Boolean(io.stdout.isTTY),
    alternateScreen: true,
    exitOnCtrlC: false,
    // Only changed lines are rewritten: a cursor move costs two lines, not a screen.
    incrementalRendering: options.incrementalRendering ?? true,
    maxFps: options.maxFps ?? 60,
    patchConsole: options.patchConsole ?? true,
  };
}

export function startConsole(element: ReactElement, io: ConsoleIO, options: StartOptions = {}): ConsoleHandle {
  const proc = options.process ?? process;
  const instance = render(element, consoleRenderOptions(io, options));
  let finished = false;
  // Once on the way out, nothing starts the way out again; once the terminal
  // is gone (an SSH session dropped), nothing is written to it. Without both,
  // a hang-up turned every failed write into an uncaught error whose report
  // was another failed write: 100% CPU and memory growing by ~40 MB/s.
  let leaving = false;
  let terminalGone = false;

  const restore = (error?: Error) => {
    try {
      instance.unmount(error);
    } catch {
      if (terminalGone) return;
      try {
        if (io.stdin.isTTY) io.stdin.setRawMode?.(false);
        io.stdout.write(RESTORE_SEQUENCE);
      } catch {
        // Nothing left to restore onto.
      }
    }
  };

  const leave = (code: number) => {
    if (leaving) return;
    leaving = true;
    if (!options.beforeExit) {
      proc.exit(code);
      return;
    }
    void options
      .beforeExit()
      .catch(() => undefined)
      .finally(() => proc.exit(code));
  };
  const hangUp = () => {
    terminalGone = true;
    restore();
    leave(128 + SIGNALS.SIGHUP);
  };
  const onSignal = (signal: unknown) => {
    if (String(signal) === 'SIGHUP') return hangUp();
    restore();
    leave(128 + (SIGNALS[String(signal)] ?? 15));
  };
  const onCrash = (error: unknown) => {
    if (isTerminalGone(error)) return hangUp();
    if (leaving) return;
    restore();
    (io.stderr ?? process.stderr).write(
      `vseg: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    leave(1);
  };
  // The terminal's own streams report its loss as errors: a hang-up, not a crash.
  const onStreamError = (error: unknown) => (isTerminalGone(error) ? hangUp() : onCrash(error));
  const streams = [io.stdin, io.stdout, io.stderr].filter((x): x is NonNullable<typeof x> => x !== undefined);
  for (const stream of streams) stream.on('error', onStreamError);
  const hooks: [string, (...args: unknown[]) => void][] = [
    ['SIGTERM', onSignal],
    ['SIGHUP', onSignal],
    ['uncaughtException', onCrash],
    ['unhandledRejection', onCrash],
  ];
  for (const [event, listener] of hooks) proc.on(event, listener);
  const detach = () => {
    // On the way out (a signal, a hang-up, a crash) the hooks stay until the
    // process exits: a SIGHUP arriving after Ink unmounted would otherwise
    // meet only signal-exit's handler, which re-raises it and kills the
    // process before the session token is deleted.
    if (finished || leaving) return;
    finished = true;
    for (const [event, listener] of hooks) proc.off(event, listener);
    for (const stream of streams) stream.off('error', onStreamError);
  };
  const exited = instance.waitUntilExit().then(
    () => detach(),
    (error: unknown) => {
      detach();
      throw error;
    },
  );
  return {
    instance,
    waitUntilExit: () => exited,
    stop: () => restore(),
  };
}
