// Lint on one very large network: the shadowing check stops at the first rule
// that covers (identical rules cost one look each, not one per rule above);
// nothing in lint is as deep as the input is long (a smaller stack than
// Node's default still lints 30,000 rules, where `push(...findings)` alone
// needs one stack slot per finding); and the console's and the commands'
// stepped runs give the event loop a turn while they work.
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {compileSite} from '../../source/policy/compile.js';
import {coverageFindings} from '../../source/policy/lint/coverage.js';
import {lintSteps} from '../../source/policy/lint/index.js';
import {drainSteps} from '../../source/session/drain-steps.js';
import {bigNatSiteSeed, buildSite} from './arbitrary.js';
import {propertyParams} from '../support/seed.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'lint-identical.ts');

function lintInChild(rules: number, stackKb: number): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--stack-size=${stackKb}`, '--import', 'tsx', FIXTURE, String(rules)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({code, stdout, stderr}));
  });
}

describe('lint on one very large network', () => {
  it('30,000 identical rules with a quarter of the default stack: every rule after the first is redundant, no overflow', async () => {
    const r = await lintInChild(30_000, 240);
    expect(r.stderr).not.toMatch(/Maximum call stack|RangeError/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('29999');
  }, 120_000);

  it('many translate rules (their own index): the same findings as a scan of every earlier rule', () => {
    fc.assert(
      fc.property(bigNatSiteSeed, (seed) => {
        const cs = compileSite(buildSite(seed));
        for (const n of cs.site.networks) {
          const rs = cs.pending(n.key);
          expect(coverageFindings(rs)).toEqual(coverageFindings(rs, {scan: true}));
        }
      }),
      propertyParams({numRuns: 60}),
    );
  });

  it('drained for a command, the analysis lets a timer scheduled before it run before it ends', async () => {
    const cs = compileSite(buildSite(fc.sample(bigNatSiteSeed, {numRuns: 1, seed: 7})[0]));
    const order: string[] = [];
    setImmediate(() => order.push('event loop'));
    const findings = await drainSteps(lintSteps(cs), 0);
    order.push('lint done');
    expect(findings.length).toBeGreaterThan(0);
    expect(order).toEqual(['event loop', 'lint done']);
  });
});
