// Bundles source/cli.tsx into ESM split into chunks, the fast path for start-up.
// Ink is ESM with a few CommonJS dependencies, hence the createRequire banner;
// react-devtools-core is an optional peer that Ink only loads with DEV=true.
//
// Why chunks rather than one file: a bundle hoists every `import … from
// 'node:…'` of every module it holds to its top, so one file links node:crypto,
// http, https, tls, net, dns, child_process and vm before its first line runs —
// whatever the code loads lazily (`import()`). Node 24 spends 40-90 ms loading
// those built-ins. Split, each chunk imports only the built-ins its own modules
// use, and what the first frame does not reach is never linked before it.
import {build} from 'esbuild';
import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';

// Three built-ins are reached through require, not through an ESM import.
// Node gives an imported built-in an ES module facade, and making one reads
// every export of the built-in once — including the lazy getters Node defines
// so that their modules load only when used: `import … from 'node:fs'` loads
// fs/promises (with readline and the REPL's history), `import … from
// 'node:process'` loads process.report (with the worker modules), and
// node:util's facade loads util.diff and util.setTraceSigInt (with the worker
// modules again). Required, the bundle gets the built-in itself and a lazy
// getter runs when its property is read. The other built-ins have no such
// getters and keep their facades. test/e2e/first-frame-builtins.test.ts holds
// what the console has loaded by its first frame.
//
// esbuild's interop for a required module copies the descriptor of each of its
// exports, and for some exports of util and fs (util.parseArgs, util.diff,
// util.setTraceSigInt, fs.Dir) V8 creates the property — loading its module —
// when its descriptor is read. Those two are required through an object of
// getters that forward to the built-in, so each export is read when used; their
// functions do not depend on `this`, which is that object.
const THROUGH_REQUIRE = new Set(['fs', 'process', 'util']);
const THROUGH_GETTERS = new Set(['fs', 'util']);
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(b) {
    b.onResolve({filter: /^(node:)?(fs|process|util)$/}, (args) => {
      const name = args.path.replace(/^node:/, '');
      return args.kind === 'import-statement' && THROUGH_REQUIRE.has(name)
        ? {path: name, namespace: 'builtin-through-require'}
        : undefined;
    });
    b.onLoad({filter: /.*/, namespace: 'builtin-through-require'}, ({path}) => {
      const required = `require(${JSON.stringify(`node:${path}`)})`;
      return {
        contents: THROUGH_GETTERS.has(path)
          ? `const m = ${required}, o = {};
for (const k of Object.getOwnPropertyNames(m)) Object.defineProperty(o, k, {get: () => m[k], enumerable: true});
module.exports = o;`
          : `module.exports = ${required};`,
        loader: 'js',
      };
    });
  },
};

// Every module the console loads lazily (an import() in source/ui/: the views,
// their forms) is built as if it imported run-console.ts first. esbuild splits a
// bundle by the set of entry points that reach each module, and each lazy view
// reached a different part of what the first frame loads (React, Ink, the theme,
// the shell...), so the first frame was ~40 chunks to resolve, read and link —
// about a quarter of its CPU in a profile. With every lazy view reaching all of
// run-console.ts, those modules share one set and one chunk: 20 files, first
// frame ÷ bare Node 3.61 → 3.33 × side by side (docs/PERFORMANCE.md). A lazy view
// loads after the console is up, so the import costs it nothing; nothing outside
// source/ui/ gets it, so a headless command never loads the console.
// test/e2e/first-frame-builtins.test.ts holds the number of files the first
// frame loads.
// The lazy modules are found before the build, by reading source/ui/ for
// import('./…') calls: found while esbuild resolves, a module it had already
// loaded through a static import went without, and the chunks differed from
// build to build.
const RUN_CONSOLE = resolve('source/ui/run-console.ts');
const LAZY_IMPORT = /(?<!typeof\s*)\bimport\(\s*'(\.{1,2}\/[^']+)\.js'\s*\)/g;
function lazyUiModules() {
  const found = new Set();
  for (const file of readdirSync('source/ui', {recursive: true, withFileTypes: true})) {
    if (!file.isFile() || !/\.tsx?$/.test(file.name)) continue;
    const from = join(file.parentPath, file.name);
    for (const [, spec] of readFileSync(from, 'utf8').matchAll(LAZY_IMPORT)) {
      const target = ['.ts', '.tsx'].map((ext) => resolve(dirname(from), spec + ext)).find((f) => existsSync(f));
      if (target?.startsWith(`${resolve('source/ui')}/`) && target !== RUN_CONSOLE) found.add(target);
    }
  }
  return found;
}
const consoleFirst = {
  name: 'console-first',
  setup(b) {
    const lazy = lazyUiModules();
    b.onLoad({filter: /\.tsx?$/}, async ({path}) =>
      lazy.has(path)
        ? {
            contents: `import ${JSON.stringify(RUN_CONSOLE)};\n${await readFile(path, 'utf8')}`,
            loader: path.endsWith('.tsx') ? 'tsx' : 'ts',
          }
        : undefined,
    );
  },
};

// Another directory for a build that must not replace the one tests are running (VSEG_BUILD_DIR).
const OUT = process.env.VSEG_BUILD_DIR || 'dist';
const started = performance.now();
rmSync(join(OUT, 'chunks'), {recursive: true, force: true});
mkdirSync(OUT, {recursive: true});
await build({
  entryPoints: {'vseg-bundle': 'source/cli.tsx'},
  outdir: OUT,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  jsx: 'automatic',
  minify: process.env.VSEG_BUILD_PLAIN !== '1',
  sourcemap: false,
  legalComments: 'none',
  // Native and optional modules stay outside the bundle and load at run time.
  external: ['@napi-rs/keyring', 'node-pty'],
  alias: {'react-devtools-core': './scripts/stub-devtools.mjs'},
  define: {
    'process.env.NODE_ENV': '"production"',
    'process.env.DEV': '"false"',
    // Every Intl.Segmenter (Ink's text libraries create theirs when they load)
    // becomes one that loads ICU's segmentation data only for text that needs
    // it: source/ui/terminal/grapheme-segmenter.ts.
    'Intl.Segmenter': '__vsegGraphemeSegmenter',
  },
  inject: ['source/ui/terminal/segmenter-inject.ts'],
  banner: {
    js: "import {createRequire as __vsegCreateRequire} from 'node:module';const require=__vsegCreateRequire(import.meta.url);",
  },
  plugins: [builtinsThroughRequire, consoleFirst],
  logLevel: 'warning',
});
// The launcher turns on V8's compile cache (per user) before loading the
// bundle: compiling 2 MB of JavaScript is most of a cold start, and the cache
// makes every later start skip it.
// Memory settings must be in place before Node starts (v8.setFlagsFromString
// leaves the young generation as sized at start-up; glibc reads its malloc
// settings once):
// - a 2 MB semi-space for the console: by default V8 grows the young
//   generation to 64-134 MB while a large site loads and never gives it back;
//   a headless command (a first argument that is not a flag) gets 16 MB: it
//   exits when done, and with 2 MB an analysis of 50,000 rules or a million
//   matrix cells spends a quarter of its time in scavenges;
// - a headless command also gets a 2047 MB old-space ceiling (VSEG_MAX_OLD_SPACE_MB
//   overrides it). V8 picks how far the heap may grow past its live size before the
//   next full collection from that ceiling: up to 4× at 2 GB and above (Node's
//   default here is 4.4 GB), at most 2× below. With 4×, a lint whose live heap is
//   50 MB let garbage reach 230 MB before collecting, in some runs and not others:
//   peak RSS 211–357 MB from run to run at scale:1000:50000; with the ceiling
//   214–255 MB, at the same speed. A command's live heap at that scale is under
//   100 MB, far below the ceiling;
// - one malloc arena, a 128 KB trim threshold and buffers of 16 KB and more
//   in their own mappings: glibc otherwise keeps the freed socket and body
//   buffers of the bulk list responses (tens of MB) resident.
// So the launcher starts as a shell script that execs Node on itself with
// them: line 2 is a no-op command, exports and an exec to sh (no `env`: one
// process image fewer before Node), a string and a comment to JavaScript
// (Node skips the #! line). Any POSIX sh does this, BusyBox's too,
// where `env -S` on the #! line would not; `node dist/vseg.js` runs the same
// code without the settings.
/* eslint-disable @stylistic/max-len -- line 2 is one shell command and must stay one line */
const HEADER = `#!/bin/sh
":" //; case "$1" in ""|-*) s=2 h=;; *) s=16 h=--max-old-space-size=\${VSEG_MAX_OLD_SPACE_MB:-2047};; esac; export MALLOC_ARENA_MAX=1 MALLOC_TRIM_THRESHOLD_=131072 MALLOC_MMAP_THRESHOLD_=16384; exec node --max-semi-space-size=$s $h "$0" "$@"
`;
/* eslint-enable @stylistic/max-len */
writeFileSync(
  join(OUT, 'vseg.js'),
  `${HEADER};
import module from 'node:module';
import {homedir} from 'node:os';
import {join} from 'node:path';
try {
  module.enableCompileCache?.(join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vseg', 'compile-cache'));
} catch {}
await import('./vseg-bundle.js');
`,
);
chmodSync(join(OUT, 'vseg.js'), 0o755);
if (!process.argv.includes('--quiet')) {
  console.error(`built ${join(OUT, 'vseg.js')} in ${Math.round(performance.now() - started)} ms`);
}
