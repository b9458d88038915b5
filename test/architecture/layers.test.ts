// The one-way layers of DESIGN.md §2, read from the import statements of
// every source file: ui and commands never import each other, React and Ink
// stay in ui, and the lower layers never reach up.
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../source');

function files(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Top-level area of a source file: api, domain, ui, … or the file name for source/cli.tsx. */
const area = (file: string) => relative(ROOT, file).split('/')[0];

interface Edge {
  from: string;
  to: string;
  spec: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const edges: Edge[] = files(ROOT).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = m[1] ?? m[2];
    const to = spec.startsWith('.') ? area(resolve(dirname(file), spec)) : spec;
    return {from: relative(ROOT, file), to, spec};
  });
});

const importsOf = (fromArea: string) => edges.filter((e) => area(join(ROOT, e.from)) === fromArea);
const show = (list: Edge[]) => list.map((e) => `${e.from} → ${e.spec}`);

/** What each layer may import from the source tree (besides itself and packages). */
const ALLOWED: Record<string, readonly string[]> = {
  api: [],
  domain: ['api'],
  policy: ['domain', 'api'],
  store: ['api', 'domain'],
  simulator: ['api', 'domain'],
  session: ['api', 'domain', 'policy', 'store', 'simulator'],
  commands: ['api', 'domain', 'policy', 'store', 'session', 'simulator'],
  ui: ['api', 'domain', 'policy', 'store', 'session'],
};
const AREAS = Object.keys(ALLOWED);

describe('layers', () => {
  it('reads imports from every area (the check is not vacuous)', () => {
    for (const a of AREAS) expect(importsOf(a).length, a).toBeGreaterThan(0);
  });

  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer} imports only ${allowed.join(', ') || 'itself'} from the source tree`, () => {
      const wrong = importsOf(layer).filter((e) => AREAS.includes(e.to) && e.to !== layer && !allowed.includes(e.to));
      expect(show(wrong)).toEqual([]);
    });
  }

  it('React and Ink are imported only under ui/ (and by the entry)', () => {
    const wrong = edges.filter(
      (e) => /^(react|ink|react-reconciler)(\/|$)/.test(e.to) && !e.from.startsWith('ui/') && e.from !== 'cli.tsx',
    );
    expect(show(wrong)).toEqual([]);
  });
});
