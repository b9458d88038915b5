// Compiles a filter AST into a row predicate. Field names resolve through the
// request's `fields` aliases first (so `running eq true` works next to
// `machine#status#running as running`), then columns and join paths.
import {invalidArgument} from '../errors.js';
import type {Row} from '../db/table.js';
import type {FilterNode, FilterValue} from './filter-ast.js';
import {str} from '../text.js';

export type Getter = (row: Row) => unknown;
/** null: no such column (a strict resolver throws the 422 itself instead). */
export type Resolver = (field: string) => Getter | null;

/**
 * A filter names a column the table lacks. VergeOS 26.1.8 answers such a
 * list with `[]` and status 200 (PY-CL, VERGEOS-API.md §8.1 #4): the list
 * catches this and answers an empty array.
 */
export class MissingColumn extends Error {
  constructor(readonly field: string) {
    super(`no column '${field}'`);
    this.name = 'MissingColumn';
  }
}

const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v);
  return null;
}

const text = str;

function equals(fv: unknown, lv: FilterValue): boolean {
  if (lv === null) return fv === null || fv === undefined;
  if (fv === null || fv === undefined) return false;
  if (typeof fv === 'number') {
    const n = asNumber(lv);
    return n !== null && n === fv;
  }
  if (typeof fv === 'boolean') {
    if (typeof lv === 'boolean') return fv === lv;
    if (typeof lv === 'number') return (fv ? 1 : 0) === lv;
    return lv === String(fv) || lv === (fv ? '1' : '0');
  }
  return text(fv) === String(lv);
}

function order(fv: unknown, lv: FilterValue): number | null {
  if (fv === null || fv === undefined || lv === null) return null;
  const a = asNumber(fv);
  const b = asNumber(lv);
  if (a !== null && b !== null) return a - b;
  const s = text(fv);
  const t = String(lv);
  return s < t ? -1 : s > t ? 1 : 0;
}

export function compileFilter(node: FilterNode, resolve: Resolver): (row: Row) => boolean {
  switch (node.type) {
    case 'and': {
      const parts = node.items.map((n) => compileFilter(n, resolve));
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = node.items.map((n) => compileFilter(n, resolve));
      return (row) => parts.some((p) => p(row));
    }
    case 'cmp': {
      const get = resolve(node.field);
      if (!get) throw new MissingColumn(node.field);
      const lv = node.value;
      const ls = lv === null ? '' : String(lv);
      switch (node.op) {
        case 'eq':
          return (row) => equals(get(row), lv);
        case 'ne':
          return (row) => !equals(get(row), lv);
        case 'gt':
          return (row) => {
            const o = order(get(row), lv);
            return o !== null && o > 0;
          };
        case 'ge':
          return (row) => {
            const o = order(get(row), lv);
            return o !== null && o >= 0;
          };
        case 'lt':
          return (row) => {
            const o = order(get(row), lv);
            return o !== null && o < 0;
          };
        case 'le':
          return (row) => {
            const o = order(get(row), lv);
            return o !== null && o <= 0;
          };
        case 'bw':
          return (row) => text(get(row)).startsWith(ls);
        case 'ew':
          return (row) => text(get(row)).endsWith(ls);
        case 'cs':
          return (row) => text(get(row)).includes(ls);
        case 'ct': {
          const low = ls.toLowerCase();
          return (row) => text(get(row)).toLowerCase().includes(low);
        }
        case 'rx': {
          let re: RegExp;
          try {
            re = new RegExp(ls);
          } catch {
            throw invalidArgument();
          }
          return (row) => re.test(text(get(row)));
        }
      }
    }
  }
}
