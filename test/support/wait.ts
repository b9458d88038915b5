// The one way tests wait: poll a check until it holds, with a deadline that
// only fails a test that would otherwise hang. Tests wait on content (a frame,
// the simulator's state, a request in its log), never on time; the deadline is
// generous because a loaded machine is slow, not wrong.

export interface WaitOptions {
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
  /** What is awaited, for the error ("the rule to be applied"). */
  what?: string;
  /** More for the error when it times out: the last frame, the request log. */
  detail?: () => string;
  /** Pause between checks (default 5 ms): short, it only yields to the work being awaited. */
  everyMs?: number;
}

/** Resolves with the check's first truthy answer; rejects after the deadline, naming what it waited for. */
export async function waitUntil<T>(check: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const {timeoutMs = 5000, what = 'a condition', detail, everyMs = 5} = options;
  // Where the test waited, for the report: the timer's own stack says nothing.
  const origin = new Error('waited here');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      const message = `timed out after ${timeoutMs} ms waiting for ${what}${detail ? `\n${detail()}` : ''}`;
      const error = new Error(message);
      error.stack = `${message}\n${origin.stack?.split('\n').slice(2).join('\n') ?? ''}`;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
