// Builders for VergeOS query parameters. Filter strings use single quotes with
// backslash escapes — measured on 26.1.8, the doubled-quote form (`''`) is
// refused with 422 — and `{` must be escaped as well. Only `\`, `'` and `{`
// are reserved (PY-CL 1.2.8 #100: "`}` is not reserved"; VERGEOS-API.md §8.2),
// so vseg escapes exactly those.

export type FilterValue = string | number | boolean | null;

export function quote(value: FilterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot filter on ${value}`);
    return String(value);
  }
  return `'${value.replace(/[\\'{]/g, (c) => `\\${c}`)}'`;
}

const FIELD = /^[A-Za-z_$][\w$#]*$/;

function field(name: string): string {
  if (!FIELD.test(name)) throw new Error(`Not a field name: ${name}`);
  return name;
}

type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'bw' | 'ew' | 'cs' | 'ct' | 'rx';

export function cmp(name: string, op: Op, value: FilterValue): string {
  return `${field(name)} ${op} ${quote(value)}`;
}

export const eq = (name: string, value: FilterValue): string => cmp(name, 'eq', value);

export function and(...parts: Array<string | undefined | false>): string {
  const p = parts.filter((x): x is string => typeof x === 'string' && x !== '');
  return p.length <= 1 ? (p[0] ?? '') : p.map((x) => `(${x})`).join(' and ');
}

export function or(...parts: Array<string | undefined | false>): string {
  const p = parts.filter((x): x is string => typeof x === 'string' && x !== '');
  return p.length <= 1 ? (p[0] ?? '') : p.map((x) => `(${x})`).join(' or ');
}

export interface ListQuery {
  fields?: readonly string[];
  filter?: string;
  sort?: string;
  /** 0 = every row (the default here: vseg loads whole tables in one request). */
  limit?: number;
  offset?: number;
}

export function searchParams(query: ListQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (query.fields && query.fields.length > 0) out['fields'] = query.fields.join(',');
  if (query.filter) out['filter'] = query.filter;
  if (query.sort) out['sort'] = query.sort;
  out['limit'] = String(query.limit ?? 0);
  if (query.offset) out['offset'] = String(query.offset);
  return out;
}
