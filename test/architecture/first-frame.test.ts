// What the console's first frame loads: cli.tsx and everything run-console.ts
// imports statically. Each module named below cost the first frame measurably
// (bench: "first frame ÷ bare Node start", docs/PERFORMANCE.md) and is needed
// only later — after sign-in, for a headless command or when a secret is read —
// so it must stay behind an `import()` (or a require at the time of use).
import {build, type Metafile} from 'esbuild';
import {describe, expect, it} from 'vitest';

const HEAVY: Array<[RegExp, string]> = [
  [/node_modules\/zod\//, 'zod (the row schemas): 450 KB of code to evaluate'],
  [/node_modules\/(ky|undici)\//, 'the HTTP client'],
  [/^node:(http|https|tls|net|dns)/, 'the network built-ins'],
  [/^node:crypto$/, 'node:crypto'],
  [/^node:(v8|vm)$/, 'node:v8 / node:vm (the collector is reached after a load)'],
  [/source\/(policy|commands)\//, 'the analysis and the headless commands'],
  [/source\/api\/client\.ts$/, 'the API client'],
];

function staticClosure(meta: Metafile, roots: string[]): Map<string, string> {
  const parent = new Map<string, string>(roots.map((r) => [r, '']));
  const queue = [...roots];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const i of meta.inputs[file]?.imports ?? []) {
      if (i.kind !== 'import-statement' || parent.has(i.path)) continue;
      parent.set(i.path, file);
      queue.push(i.path);
    }
  }
  return parent;
}

describe('the console first frame', () => {
  it('imports none of the modules it does not need before its first frame', async () => {
    const result = await build({
      entryPoints: ['source/cli.tsx'],
      bundle: true,
      splitting: true,
      outdir: 'unused',
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      jsx: 'automatic',
      external: ['@napi-rs/keyring', 'node-pty'],
      alias: {'react-devtools-core': './scripts/stub-devtools.mjs'},
      logLevel: 'silent',
    });
    const closure = staticClosure(result.metafile, ['source/cli.tsx', 'source/ui/run-console.ts']);
    // The walk does reach the console (Ink), so an empty list below means something.
    expect([...closure.keys()].some((f) => /\/ink\/build\/index\.js$/.test(f))).toBe(true);
    const chain = (file: string) => {
      const path = [file];
      for (let p = closure.get(file); p; p = closure.get(p)) path.unshift(p);
      return path.join(' → ');
    };
    const found = [...closure.keys()].flatMap((file) =>
      HEAVY.filter(([re]) => re.test(file)).map(([, what]) => `${what}: ${chain(file)}`),
    );
    expect(found).toEqual([]);
  }, 60_000);
});
