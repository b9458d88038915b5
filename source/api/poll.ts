// Waiting for VergeOS to finish something it accepted (Apply Rules, power
// actions): read, check, pause, read again — within one limit that covers the
// reads as well as the pauses, so a slow answer cannot stretch the wait. When
// the limit is reached the error names what was polled and the limit.
import {VergeError} from './errors.js';

export interface PollOptions {
  /** The whole wait, reads included. */
  limitMs: number;
  /** Pause between reads. */
  everyMs: number;
  signal?: AbortSignal;
  /** What is awaited, for the message: "the rules of network db to load". */
  what: string;
  /** The call that is polled, for the message. */
  method: string;
  path: string;
  operation?: string;
}

export type PollResult<T> = {met: true; value: T} | {met: false; value: T | undefined; error: VergeError};

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, {once: true});
  });
}

/**
 * Reads until `met` holds, the limit passes (met: false, with the timeout
 * error to throw or report), or the caller aborts (a VergeError 'aborted' is
 * thrown). `read` gets the signal to pass to its request.
 */
export async function pollUntil<T>(
  read: (signal: AbortSignal) => Promise<T>,
  met: (value: T) => boolean,
  options: PollOptions,
): Promise<PollResult<T>> {
  const limit = AbortSignal.timeout(options.limitMs);
  const signal = options.signal ? AbortSignal.any([options.signal, limit]) : limit;
  const timedOut = (value: T | undefined): PollResult<T> => ({
    met: false,
    value,
    error: new VergeError({
      kind: 'timeout',
      message: `still waiting for ${options.what} after ${options.limitMs / 1000} s, the limit for this wait (checked every ${options.everyMs / 1000} s)`,
      method: options.method,
      path: options.path,
      operation: options.operation,
      outcome: 'unknown',
      details: {limitMs: options.limitMs},
    }),
  });
  let last: T | undefined;
  for (;;) {
    if (options.signal?.aborted)
      throw new VergeError({kind: 'aborted', message: 'cancelled', operation: options.operation});
    if (limit.aborted) return timedOut(last);
    try {
      last = await read(signal);
    } catch (error) {
      // The read was cut off by the wait's own limit, not by the site or the caller.
      if (limit.aborted && !options.signal?.aborted) return timedOut(last);
      throw error;
    }
    if (met(last)) return {met: true, value: last};
    await pause(options.everyMs, signal);
  }
}
