// Bundles source/cli.tsx into one ESM file, the fast path for start-up.
// Ink is ESM with a few CommonJS dependencies, hence the createRequire banner;
// react-devtools-core is an optional peer that Ink only loads with DEV=true.
import {build} from 'esbuild';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';

const started = performance.now();
mkdirSync('dist', {recursive: true});
await build({
  entryPoints: ['source/cli.tsx'],
  outfile: 'dist/vseg-bundle.js',
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
  // string-width: narrow text measured without Unicode segmentation, the real
  // module loaded on first need (scripts/string-width-lazy.mjs).
  alias: {'react-devtools-core': './scripts/stub-devtools.mjs', 'string-width': './scripts/string-width-lazy.mjs'},
  define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"'},
  banner: {
    js: "import {createRequire as __vsegCreateRequire} from 'node:module';const require=__vsegCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// The launcher turns on V8's compile cache (per user) before loading the
// bundle: compiling 2 MB of JavaScript is most of a cold start, and the cache
// makes every later start skip it.
writeFileSync(
  'dist/vseg.js',
  `#!/usr/bin/env node
import module from 'node:module';
import {homedir} from 'node:os';
import {join} from 'node:path';
try {
  module.enableCompileCache?.(join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vseg', 'compile-cache'));
} catch {}
await import('./vseg-bundle.js');
`,
);
chmodSync('dist/vseg.js', 0o755);
if (!process.argv.includes('--quiet')) {
  console.error(`built dist/vseg.js in ${Math.round(performance.now() - started)} ms`);
}
