// Runs long analyses (policy's stepped computations, see policy/steps.ts) in
// short slices between keystrokes: each slice stops after a few milliseconds
// and the rest waits for the next turn of the event loop, after input and
// timers. One queue for the whole console, oldest job first.
import type {Steps} from '../../policy/steps.js';

/** Work per slice: a keystroke arriving meanwhile waits at most this long. */
export const SLICE_MS = 4;

interface Job {
  steps: Steps<unknown>;
  done: (value: unknown) => void;
  cancelled: boolean;
}

const queue: Job[] = [];
let scheduled = false;

function pump(): void {
  scheduled = false;
  const end = performance.now() + SLICE_MS;
  while (queue.length > 0) {
    const job = queue[0];
    if (job.cancelled) {
      queue.shift();
      continue;
    }
    const r = job.steps.next();
    if (r.done) {
      queue.shift();
      job.done(r.value);
    }
    if (performance.now() >= end) break;
  }
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(pump);
}

/** Starts a stepped computation; `done` gets its result unless cancelled first. Returns the cancel function. */
export function runInSlices<T>(steps: Steps<T>, done: (value: T) => void): () => void {
  const job: Job = {steps, done: done as (value: unknown) => void, cancelled: false};
  queue.push(job);
  schedule();
  return () => {
    job.cancelled = true;
  };
}
