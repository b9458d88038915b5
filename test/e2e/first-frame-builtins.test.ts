// Which of Node's built-in modules the console has loaded when its first frame
// is written, recorded by Node itself (process.moduleLoadList) in the built
// program. Each one named below cost the first frame — and stayed resident —
// for a feature the frame does not use (docs/PERFORMANCE.md, issue 15 §5):
// - fs/promises (with readline and the REPL's history) and process.report
//   (with the worker modules) come from the lazy getters an ES module facade
//   reads (scripts/build.mjs reaches built-ins through require instead);
// - assert comes from signal-exit, child_process from terminal-size
//   (patches/ load each when it is used);
// - the HTTP stack (Node's own undici, http, tls) waits for the connection.
// The static import graph is held by test/architecture/first-frame.test.ts;
// this holds what actually loads, lazy getters and CommonJS requires included,
// and how many of the bundle's files: each is resolved, read and linked before
// the frame (scripts/build.mjs groups the console's modules for it; 20 files
// with it, 40 without).
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTerminal} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

const NOT_BEFORE_THE_FIRST_FRAME = [
  'NativeModule internal/fs/promises',
  'NativeModule internal/readline/interface',
  'NativeModule internal/process/report',
  'NativeModule worker_threads',
  'NativeModule assert',
  'NativeModule child_process',
  'NativeModule internal/deps/undici/undici',
  'NativeModule http',
  'NativeModule tls',
];

describe('the first frame of the built console', () => {
  let site: SiteProcess;
  let home: string;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo'});
    home = mkdtempSync(join(tmpdir(), 'vseg-first-frame-'));
  });
  afterAll(async () => {
    await site?.close();
    if (home) rmSync(home, {recursive: true, force: true});
  });

  it('has loaded none of the built-ins it does not draw with, from a few files of the bundle', async () => {
    const report = join(home, 'loaded.txt');
    const reporter = join(home, 'first-frame.cjs');
    // The first write that draws the header is the first frame: record then.
    writeFileSync(
      reporter,
      `const files = [];
require('node:module').registerHooks({
  load(url, context, next) {
    if (url.startsWith('file:')) files.push(url);
    return next(url, context);
  },
});
const write = process.stdout.write;
let done = false;
process.stdout.write = function (chunk, ...rest) {
  if (!done && String(chunk).includes('vseg')) {
    done = true;
    require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({builtins: process.moduleLoadList, files}));
  }
  return write.call(this, chunk, ...rest);
};`,
    );
    const t = startTerminal({
      args: site.args(),
      env: {...site.env(), NODE_OPTIONS: `--require ${reporter}`},
      cols: 120,
      rows: 30,
      home,
    });
    try {
      await t.waitFor(/^vseg\b/, 20_000);
    } finally {
      await t.close();
    }
    const {builtins, files} = JSON.parse(readFileSync(report, 'utf8')) as {builtins: string[]; files: string[]};
    // The record is Node's own: the terminal the frame was drawn on is in it.
    expect(builtins).toContain('NativeModule tty');
    expect(NOT_BEFORE_THE_FIRST_FRAME.filter((m) => builtins.includes(m))).toEqual([]);
    const bundleFiles = files.filter((f) => /\/dist\/(vseg-bundle\.js|chunks\/)/.test(f));
    expect(bundleFiles.length).toBeGreaterThan(1);
    expect(bundleFiles.length).toBeLessThanOrEqual(30);
  }, 60_000);
});
