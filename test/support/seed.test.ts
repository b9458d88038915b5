// Every property test runs from the one seed (test/support/seed.ts) and names
// it when it fails, so a red run can be replayed.
import {readFileSync, readdirSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';
import {TEST_SEED, propertyParams} from './seed.js';

const TEST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every fc.assert / fc.check call in test/ whose parameters are not propertyParams(...). */
function unseededCalls(): {calls: number; unseeded: string[]} {
  let calls = 0;
  const unseeded: string[] = [];
  for (const file of sources(TEST_DIR)) {
    const text = readFileSync(file, 'utf8');
    if (!/fc\.(assert|check)\(/.test(text)) continue;
    const sf = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && /^fc\.(assert|check)$/.test(n.expression.getText(sf))) {
        calls++;
        const params = n.arguments[1];
        const ok =
          params !== undefined &&
          ts.isCallExpression(params) &&
          params.expression.getText(sf) === 'propertyParams' &&
          !/\bseed\s*:/.test(params.getText(sf));
        if (!ok)
          unseeded.push(`${relative(TEST_DIR, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return {calls, unseeded};
}

describe('property tests are seeded', () => {
  it('passes propertyParams (the run seed, no seed of its own) to every fc.assert in test/', () => {
    const {calls, unseeded} = unseededCalls();
    expect(calls).toBeGreaterThan(30);
    expect(unseeded).toEqual([]);
  });

  it('names the seed in a failure, and the same seed finds the same counterexample', () => {
    const failing = () => fc.property(fc.integer({min: 0, max: 1_000_000}), (n) => n < 1000);
    const run = () => {
      try {
        fc.assert(failing(), propertyParams({numRuns: 200}));
        return 'passed';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const first = run();
    expect(first).toContain(`Property failed with VSEG_TEST_SEED=${TEST_SEED} (replay: VSEG_TEST_SEED=${TEST_SEED}`);
    // fast-check's own report follows, with the shrunk counterexample.
    expect(first).toMatch(/Counterexample: \[1000\]/);
    expect(run()).toBe(first);
  });

  it('fails an async property the same way', async () => {
    const error = await fc
      .assert(
        fc.asyncProperty(fc.nat(), (n) => Promise.resolve(n < 0)),
        propertyParams({numRuns: 5}),
      )
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).toContain(`VSEG_TEST_SEED=${TEST_SEED}`);
  });
});
