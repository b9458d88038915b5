// Two builds of the same source give the same files. A chunk name that moves
// between builds breaks a console already running when dist/ is rebuilt, and
// made the grouping of the first frame's modules (scripts/build.mjs) depend on
// the order esbuild happened to load them in.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {REPO} from '../e2e/harness.js';

function build(): string[] {
  const out = mkdtempSync(join(tmpdir(), 'vseg-build-'));
  try {
    execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], {
      cwd: REPO,
      env: {...process.env, VSEG_BUILD_DIR: out},
    });
    return readdirSync(join(out, 'chunks')).sort();
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
}

describe('the build', () => {
  it('names the same chunks every time', () => {
    const first = build();
    expect(first.length).toBeGreaterThan(10);
    for (let i = 0; i < 3; i++) expect(build()).toEqual(first);
  }, 60_000);
});
