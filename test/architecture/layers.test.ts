// The one-way layers, read from the import statements of every source file
// (cli.tsx included) and held to exactly the edges written down in
// docs/CONVENTIONS.md: every import from one area into another is a listed
// edge, every listed edge is used, React and Ink stay in ui/, and nothing
// reaches into node_modules by path.
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve, sep} from 'node:path';
import {describe, expect, it} from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const ROOT = join(REPO, 'source');

function files(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Area of a path under source/: api, domain, ui, … or cli / version for the files at the top. */
const area = (path: string) =>
  relative(ROOT, path)
    .split(sep)[0]
    .replace(/\.tsx?$/, '');
/** Path under source/ with the .ts extension an import of `x.js` names. */
const sourcePath = (path: string) => relative(ROOT, path).replace(/\.js$/, '.ts');

interface Edge {
  file: string;
  from: string;
  spec: string;
  /** A source path (`api/enums.ts`), or a package name for a bare or node_modules import. */
  to: string;
  kind: 'source' | 'package' | 'node_modules path' | 'outside';
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const edges: Edge[] = files(ROOT).flatMap((path) =>
  [...readFileSync(path, 'utf8').matchAll(IMPORT)].map((m): Edge => {
    const spec = m[1] ?? m[2];
    const file = relative(ROOT, path);
    const from = area(path);
    if (!spec.startsWith('.')) return {file, from, spec, to: packageOf(spec), kind: 'package'};
    const target = resolve(dirname(path), spec);
    const inModules = target.split(sep).indexOf('node_modules');
    if (inModules >= 0) {
      const rest = target
        .split(sep)
        .slice(inModules + 1)
        .join('/');
      return {file, from, spec, to: packageOf(rest), kind: 'node_modules path'};
    }
    if (!target.startsWith(ROOT + sep)) return {file, from, spec, to: relative(REPO, target), kind: 'outside'};
    return {file, from, spec, to: sourcePath(target), kind: 'source'};
  }),
);

interface Allowed {
  from: string;
  to: string;
  why: string;
}

/** The table between the layers markers of docs/CONVENTIONS.md. */
function documentedEdges(): Allowed[] {
  const doc = readFileSync(join(REPO, 'docs', 'CONVENTIONS.md'), 'utf8');
  const block = /<!-- layers -->([\s\S]*?)<!-- \/layers -->/.exec(doc)?.[1];
  if (!block) throw new Error('docs/CONVENTIONS.md has no <!-- layers --> table');
  return block
    .split('\n')
    .filter((l) => /^\|\s*`/.test(l))
    .map((l) => {
      const [from, to, why] = l
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim().replace(/^`|`$/g, ''));
      return {from, to, why};
    });
}

const ALLOWED = documentedEdges();
const AREAS = new Set(files(ROOT).map(area));
const crossing = edges.filter((e) => e.kind === 'source' && area(join(ROOT, e.to)) !== e.from);
const covers = (a: Allowed, e: Edge) => a.from === e.from && (a.to === area(join(ROOT, e.to)) || a.to === e.to);
const show = (list: Edge[]) => list.map((e) => `${e.file} → ${e.spec}`);

describe('layers', () => {
  it('reads the table and the imports (the check is not vacuous)', () => {
    expect(ALLOWED.length).toBeGreaterThan(20);
    for (const a of ['cli', 'api', 'domain', 'policy', 'store', 'session', 'simulator', 'commands', 'ui'])
      expect(crossing.some((e) => e.from === a) || a === 'api', a).toBe(true);
    expect(crossing.some((e) => e.file === 'cli.tsx')).toBe(true);
  });

  it('every documented edge names real areas and says why', () => {
    for (const a of ALLOWED) {
      expect(AREAS.has(a.from), `${a.from} → ${a.to}`).toBe(true);
      expect(AREAS.has(a.to) || edges.some((e) => e.to === a.to), `${a.from} → ${a.to}`).toBe(true);
      expect(a.why.length, `${a.from} → ${a.to}`).toBeGreaterThan(5);
    }
  });

  it('every import from one area into another is a documented edge', () => {
    expect(show(crossing.filter((e) => !ALLOWED.some((a) => covers(a, e))))).toEqual([]);
  });

  it('every documented edge is used (the table lists exactly what the code does)', () => {
    const unused = ALLOWED.filter((a) => !crossing.some((e) => covers(a, e)));
    expect(unused.map((a) => `${a.from} → ${a.to}`)).toEqual([]);
  });

  it('ui and commands never import each other', () => {
    const wrong = crossing.filter((e) => `${e.from}>${area(join(ROOT, e.to))}`.match(/^(ui>commands|commands>ui)$/));
    expect(show(wrong)).toEqual([]);
  });

  it('React and Ink are imported only under ui/', () => {
    const wrong = edges.filter((e) => /^(react|ink|react-reconciler|react-dom)$/.test(e.to) && e.from !== 'ui');
    expect(show(wrong)).toEqual([]);
  });

  it('no source file reaches into node_modules by path', () => {
    expect(show(edges.filter((e) => e.kind === 'node_modules path'))).toEqual([]);
  });
});
