// Text → validated site file. YAML or JSON (JSON is picked when the text
// starts with "{"). Every problem is reported with its place in the document,
// named where possible: `networks[1] (db).rules[3] (allow-web).protocl:
// unknown key (did you mean "protocol"?)`. Parsing is pure; references to
// things that may exist only on the site are checked by checkReferences.
import type {z} from 'zod';
import {checkValues} from './check-values.js';
import {fieldRefs, RULE_REF_FIELDS} from './references.js';
import {checkContractStructure} from './contracts.js';
import {sitefileSchema, type Sitefile} from './schema.js';
import {readYaml} from './yaml-read.js';

export interface SitefileIssue {
  path: string;
  message: string;
}

export class SitefileError extends Error {
  readonly issues: SitefileIssue[];
  constructor(source: string, issues: SitefileIssue[]) {
    const shown = issues.slice(0, 20).map((i) => (i.path ? `  ${i.path}: ${i.message}` : `  ${i.message}`));
    if (issues.length > 20) shown.push(`  … and ${issues.length - 20} more`);
    super(`${source} is not a valid site file:\n${shown.join('\n')}`);
    this.name = 'SitefileError';
    this.issues = issues;
  }
}

function distance(a: string, b: string): number {
  const d = Array.from({length: b.length + 1}, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

function suggest(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let score = Infinity;
  for (const k of known) {
    const s = distance(key, k);
    if (s < score) [best, score] = [k, s];
  }
  return best && score <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/** `["networks", 1, "rules", 0, "action"]` → `networks[1] (db).rules[0] (allow-web).action`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, raw: unknown): string {
  let out = '';
  let node: unknown = raw;
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
      node = Array.isArray(node) ? node[part] : undefined;
      const label = node && typeof node === 'object' ? (node as Record<string, unknown>)['name'] : undefined;
      if (typeof label === 'string' && label !== '')
        out += ` (${label.length > 40 ? `${label.slice(0, 40)}…` : label})`;
    } else {
      out += out === '' ? String(part) : `.${String(part)}`;
      node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part] : undefined;
    }
  }
  return out;
}

function shapeKeysAt(path: ReadonlyArray<PropertyKey>, root: z.ZodType): string[] {
  // Walk the schema along the path to list the keys allowed where an unknown one was found.
  let schema: z.ZodType = root;
  for (const part of path) {
    schema = unwrap(schema);
    const def = (schema as unknown as {def: Record<string, unknown>}).def;
    if (typeof part === 'number') {
      if (def['type'] !== 'array') return [];
      schema = def['element'] as z.ZodType;
    } else {
      if (def['type'] !== 'object') return [];
      const shape = def['shape'] as Record<string, z.ZodType>;
      const next = shape[String(part)];
      if (!next) return [];
      schema = next;
    }
  }
  schema = unwrap(schema);
  const def = (schema as unknown as {def: Record<string, unknown>}).def;
  return def['type'] === 'object' ? Object.keys(def['shape'] as object) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = (s as unknown as {def: Record<string, unknown>}).def;
    if (def['type'] === 'pipe') s = def['in'] as z.ZodType;
    else if (def['type'] === 'optional' || def['type'] === 'nullable' || def['type'] === 'default')
      s = def['innerType'] as z.ZodType;
    else break;
  }
  return s;
}

export function issuesFrom(error: z.ZodError, raw: unknown, root: z.ZodType = sitefileSchema): SitefileIssue[] {
  const out: SitefileIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = shapeKeysAt(issue.path, root);
      for (const key of issue.keys) {
        out.push({path: formatPath([...issue.path, key], raw), message: `unknown key${suggest(key, allowed)}`});
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      // A record key that breaks its rule: say which rule, not just "invalid key".
      out.push({path: formatPath(issue.path, raw), message: issue.issues[0]?.message ?? issue.message});
      continue;
    }
    if (issue.code === 'invalid_union') {
      out.push({path: formatPath(issue.path, raw), message: unionMessage(issue)});
      continue;
    }
    out.push({path: formatPath(issue.path, raw), message: issue.message});
  }
  return out;
}

function unionMessage(issue: z.core.$ZodIssueInvalidUnion): string {
  // The branch that got furthest explains best; fall back to a generic line.
  const firstDeep = issue.errors.flat().find((e) => e.path.length > 0 || e.code !== 'invalid_type');
  return firstDeep ? firstDeep.message : 'has the wrong type';
}

export function detectFormat(text: string): 'yaml' | 'json' {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/** YAML or JSON text → plain data; throws SitefileError when it is neither. */
export function readDocument(text: string, source: string): unknown {
  let raw: unknown;
  if (detectFormat(text) === 'json') {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new SitefileError(source, [{path: '', message: `not valid JSON: ${(error as Error).message}`}]);
    }
  } else {
    try {
      raw = readYaml(text);
    } catch (error) {
      const e = error as Error & {linePos?: Array<{line: number; col: number}>};
      const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : '';
      throw new SitefileError(source, [{path: '', message: `not valid YAML: ${where}${e.message.split('\n')[0]}`}]);
    }
  }
  return raw;
}

/** Parses and validates a site file; throws SitefileError with every problem found. */
export function parseSitefile(text: string, source = 'the site file'): Sitefile {
  const raw = readDocument(text, source);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SitefileError(source, [
      {path: '', message: 'expected a document with apiVersion: vseg/v1 and kind: Segmentation'},
    ]);
  }
  const result = sitefileSchema.safeParse(raw);
  if (!result.success) throw new SitefileError(source, issuesFrom(result.error, raw));
  // Values the console's forms would refuse are refused here too, before any request.
  const problems = [...checkStructure(result.data), ...checkValues(result.data)];
  if (problems.length > 0) throw new SitefileError(source, problems);
  return result.data;
}

function duplicates<T>(items: readonly T[], key: (t: T) => string): Array<{index: number; key: string}> {
  const seen = new Set<string>();
  const out: Array<{index: number; key: string}> = [];
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) out.push({index, key: k});
    seen.add(k);
  });
  return out;
}

const PIN_RANK = {top: 0, no: 1, bottom: 2} as const;

/** Rules the schema cannot state: unique names, rule order consistent with pins. */
export function checkStructure(doc: Sitefile): SitefileIssue[] {
  const out: SitefileIssue[] = [];
  const dup = (path: string, what: string, name: string) =>
    out.push({path, message: `${what} "${name}" appears more than once`});
  for (const d of duplicates(doc.networks, (n) => n.name)) dup(`networks[${d.index}]`, 'network', d.key);
  for (const d of duplicates(doc.aliases, (a) => a.name)) dup(`aliases[${d.index}]`, 'alias', d.key);
  for (const d of duplicates(doc.tenants, (t) => t.name)) dup(`tenants[${d.index}]`, 'tenant', d.key);
  doc.networks.forEach((n, ni) => {
    const at = `networks[${ni}] (${n.name})`;
    for (const d of duplicates(n.rules, (r) => r.name)) dup(`${at}.rules[${d.index}]`, 'rule', d.key);
    for (const d of duplicates(n.wireguard, (w) => w.name))
      dup(`${at}.wireguard[${d.index}]`, 'WireGuard interface', d.key);
    for (const d of duplicates(n.ipsec, (t) => t.name)) dup(`${at}.ipsec[${d.index}]`, 'IPsec tunnel', d.key);
    n.wireguard.forEach((w, wi) => {
      for (const d of duplicates(w.peers, (p) => p.name))
        dup(`${at}.wireguard[${wi}] (${w.name}).peers[${d.index}]`, 'peer', d.key);
    });
    n.ipsec.forEach((t, ti) => {
      for (const d of duplicates(t.phase2, (p) => (p.name ? `name ${p.name}` : `${p.local} → ${p.remote}`))) {
        dup(`${at}.ipsec[${ti}] (${t.name}).phase2[${d.index}]`, 'phase 2', d.key);
      }
    });
    let rank = 0;
    n.rules.forEach((r, ri) => {
      const rRank = PIN_RANK[r.pin];
      if (rRank < rank) {
        out.push({
          path: `${at}.rules[${ri}] (${r.name})`,
          message:
            `pinned ${r.pin} but listed after rules that come later in evaluation order; list rules in evaluation order (pin top, then ` +
            `unpinned, then pin bottom)`,
        });
      }
      rank = Math.max(rank, rRank);
    });
  });
  if (doc.contracts) out.push(...checkContractStructure(doc.contracts, 'contracts.'));
  doc.tenants.forEach((t, ti) => {
    for (const d of duplicates(t.blocks, (b) => `${b.network} ${b.cidr}`))
      dup(`tenants[${ti}] (${t.name}).blocks[${d.index}]`, 'block', d.key);
  });
  return out;
}

/** What the site has, for checking names the file uses but does not define. */
export interface KnownNames {
  networks: ReadonlySet<string>;
  aliases: ReadonlySet<string>;
}

/**
 * References to aliases and networks that are neither in the file nor on the
 * site (a typo, or something deleted since). Pass no site to check the file
 * on its own.
 */
export function checkReferences(doc: Sitefile, site?: KnownNames): SitefileIssue[] {
  const networks = new Set([...doc.networks.map((n) => n.name), ...(site?.networks ?? [])]);
  const aliases = new Set([...doc.aliases.map((a) => a.name), ...(site?.aliases ?? [])]);
  const where = site ? 'in the file or on the site' : 'in the file';
  const out: SitefileIssue[] = [];
  doc.networks.forEach((n, ni) => {
    const at = `networks[${ni}] (${n.name})`;
    for (const field of ['defaultGateway', 'interfaceNetwork'] as const) {
      const v = n[field];
      if (v !== null && !networks.has(v))
        out.push({path: `${at}.${field}`, message: `no network named "${v}" ${where}`});
    }
    n.rules.forEach((r, ri) => {
      for (const field of RULE_REF_FIELDS) {
        for (const ref of fieldRefs(r[field])) {
          const known = ref.kind === 'alias' ? aliases : networks;
          if (!known.has(ref.value)) {
            out.push({
              path: `${at}.rules[${ri}] (${r.name}).${field}`,
              message: `no ${ref.kind === 'alias' ? 'alias' : 'network'} named "${ref.value}" ${where}`,
            });
          }
        }
      }
    });
  });
  doc.tenants.forEach((t, ti) => {
    t.blocks.forEach((b, bi) => {
      if (!networks.has(b.network))
        out.push({
          path: `tenants[${ti}] (${t.name}).blocks[${bi}].network`,
          message: `no network named "${b.network}" ${where}`,
        });
    });
  });
  return out;
}
