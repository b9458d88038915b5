import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    pool: 'forks',
    // Two cores on the CI machines: keep parallelism modest so pty and
    // simulator timings stay stable.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Ink decides interactivity from CI; tests pass it explicitly instead.
    env: {FORCE_COLOR: '0'},
  },
});
