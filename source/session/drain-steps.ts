// Headless commands run long analyses (policy's stepped computations) to the
// end, but not in one block: every few tens of milliseconds the work gives
// the event loop a turn, so a SIGTERM or SIGINT is handled at once (the
// session token deleted, the exit code set) instead of after the analysis.
import type {Steps} from '../policy/steps.js';

/** Work between two turns of the event loop. */
export const DRAIN_SLICE_MS = 25;

export function drainSteps<T>(steps: Steps<T>, sliceMs = DRAIN_SLICE_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const slice = () => {
      try {
        const end = performance.now() + sliceMs;
        for (;;) {
          const r = steps.next();
          if (r.done) return resolve(r.value);
          if (performance.now() >= end) break;
        }
        setImmediate(slice);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    slice();
  });
}
