// Long analyses written as generators that yield between units of work, so a
// caller with a user waiting (the console) can run them in time slices and
// keep answering keys; everyone else drains them in one go.

/** A computation that yields (nothing) between units of work and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Runs a stepped computation to the end. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
