// One seed for every property test, so a failing run can be replayed exactly:
// VSEG_TEST_SEED=<n> npx vitest run <file>. Without the variable the seed is
// fixed (the suite is deterministic); set it to `random` to explore new inputs —
// the seed used is printed with any failure either way.
import fc from 'fast-check';

const FIXED_SEED = 20_261_206;

function readSeed(raw: string | undefined): number {
  const text = raw?.trim() ?? '';
  if (text === '') return FIXED_SEED;
  if (text === 'random') return (Math.random() * 0x1_0000_0000) | 0;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`VSEG_TEST_SEED="${text}" is not an integer (or "random")`);
  return n | 0;
}

/** The seed of this run's property tests. */
export const TEST_SEED = readSeed(process.env['VSEG_TEST_SEED']);

/** fast-check's own report, with the line that replays this run in front. */
export function replayMessage(seed: number, report: string): string {
  return `Property failed with VSEG_TEST_SEED=${seed} (replay: VSEG_TEST_SEED=${seed} npx vitest run <this file>)\n${report}`;
}

/**
 * Parameters for every `fc.assert`: this run's seed, the run count the test
 * chose, and a reporter that names the seed on failure. A test never picks its
 * own seed (test/support/seed.test.ts holds every fc.assert in test/ to this).
 */
export function propertyParams<T>(params: {numRuns?: number} = {}): fc.Parameters<T> {
  return {
    ...params,
    seed: TEST_SEED,
    reporter(out) {
      if (!out.failed) return;
      const report = fc.defaultReportMessage(out) ?? 'property failed';
      throw new Error(replayMessage(out.seed, report), {cause: out.errorInstance});
    },
  };
}
