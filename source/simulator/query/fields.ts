// Compiles a parsed `fields` list against a table into getters, once per
// request, so projecting 10,000 rows is a tight loop of closures.
import {createHash} from 'node:crypto';
import {invalidArgument} from '../errors.js';
import type {Row} from '../db/table.js';
import {schemaOf, type CompiledSchema} from '../schema/index.js';
import type {FieldDef} from '../schema/types.js';
import type {Sim} from '../sim.js';
import {str} from '../text.js';
import {parseFields, type FieldArg, type FieldItem} from './fields-parse.js';
import type {Getter, Resolver} from './filter-eval.js';

export type Projected = Record<string, unknown>;

interface Column {
  out: string;
  get: Getter;
}

interface Aggregate {
  out: string;
  fn: string;
  get: Getter;
}

export interface Projection {
  table: string;
  /** Set when every item is an aggregate over the whole table (`count($key)`). */
  aggregates: Aggregate[] | null;
  resolve: Resolver;
  project(row: Row): Projected;
  aggregate(rows: readonly Row[]): Projected;
}

interface Compiled {
  get: Getter;
  /** true when the path crosses a row list: the getter returns an array */
  multi: boolean;
}

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max']);
const KEY_DEF: FieldDef = {name: '$key', type: 'key'};
/** `$display`: the row's display name (PY tenant_nodes.py `machine#cluster#$display`). */
const DISPLAY_DEF: FieldDef = {name: '$display', type: 'text'};

function schemaFor(table: string): CompiledSchema {
  const s = schemaOf(table);
  if (!s) throw invalidArgument(`unknown table '${table}'`);
  return s;
}

export function viewFields(schema: CompiledSchema, view: 'all' | 'most' | 'summary'): FieldDef[] {
  return schema.fields.filter((f) => {
    if (f.writeOnly || f.type === 'rowlist') return false;
    if (view === 'summary') return Boolean(f.summary);
    if (view === 'most') return !f.heavy;
    return true;
  });
}

export class ProjectionCompiler {
  /**
   * Strict: an unknown field, a join through a plain column or a filter on a
   * missing column is a 422 (the simulator's old behaviour, kept for tests
   * that want it). Lenient, the default: as 26.1.8 answers (VERGEOS-API.md
   * §8.1 #4) — unknown fields are left out, `#` through a plain column gives
   * that column, and a filter on a missing column matches nothing.
   */
  private readonly strict: boolean;

  constructor(private readonly sim: Sim) {
    this.strict = sim.config.strictQueries;
  }

  /** The column `name` of a table; null when it has none and queries are lenient. */
  fieldDef(schema: CompiledSchema, name: string): FieldDef | null {
    if (name === '$key') return KEY_DEF;
    if (name === '$display') return DISPLAY_DEF;
    const f = schema.byName.get(name);
    if (f) return f;
    if (this.strict) throw invalidArgument(`field '${name}' not found in ${schema.name}`);
    return null;
  }

  subRows(def: FieldDef): (row: Row) => Row[] {
    const t = this.sim.db.table(def.table as string);
    const via = def.via as string;
    return (row) => t.where(via, row.$key);
  }

  valueGetter(schema: CompiledSchema, def: FieldDef): Getter {
    if (def.type === 'key') return (row) => row.$key;
    if (def === DISPLAY_DEF) {
      return schema.byName.has('name') ? (row) => str(row.name) : (row) => String(row.$key);
    }
    // named explicitly, a write-only column is accepted but its value never comes back (§8.1 #8)
    if (def.writeOnly) return () => '';
    const computed = this.sim.hooks[schema.name]?.computed?.[def.name];
    if (computed) {
      const sim = this.sim;
      return (row) => computed(sim, row);
    }
    const name = def.name;
    return (row) => row[name];
  }

  /** Follows a#b#c through FK columns (one row) and row lists (arrays). */
  compilePath(
    table: string,
    path: readonly string[],
    leaf?: (schema: CompiledSchema, def: FieldDef) => Compiled,
  ): Compiled | null {
    const schema = schemaFor(table);
    const def = this.fieldDef(schema, path[0]);
    if (!def) return null;
    const rest = path.slice(1);
    if (rest.length === 0) {
      if (leaf) return leaf(schema, def);
      if (def.type === 'rowlist') {
        const sub = this.subRows(def);
        const inner = this.compileItems(def.table as string, [{kind: 'view', view: 'summary'}]);
        return {get: (row) => sub(row).map((r) => inner.project(r)), multi: true};
      }
      return {get: this.valueGetter(schema, def), multi: false};
    }
    if (def.type === 'fk') {
      const target = this.sim.db.table(def.table as string);
      const next = this.compilePath(def.table as string, rest, leaf);
      if (!next) return null;
      // through the column's getter: a reference may be computed (machine_nics.status)
      const keyOf = this.valueGetter(schema, def);
      return {
        get: (row) => {
          const k = keyOf(row);
          const r = typeof k === 'number' ? target.get(k) : undefined;
          return r ? next.get(r) : next.multi ? [] : null;
        },
        multi: next.multi,
      };
    }
    if (def.type === 'rowlist') {
      const sub = this.subRows(def);
      const next = this.compilePath(def.table as string, rest, leaf);
      if (!next) return null;
      return {
        get: (row) => sub(row).flatMap((r) => (next.multi ? (next.get(r) as unknown[]) : [next.get(r)])),
        multi: true,
      };
    }
    if (this.strict) throw invalidArgument(`'${def.name}' in ${schema.name} is not a reference`);
    // 26.1.8: a join through a plain column answers that column's value (§8.1 #4)
    return {get: this.valueGetter(schema, def), multi: false};
  }

  /** Follows `via` (FK columns) from `table`: the joined table and how to reach its row. */
  compileVia(table: string, via: readonly string[]): {table: string; follow: (row: Row) => Row | undefined} | null {
    let current = table;
    let follow: (row: Row) => Row | undefined = (row) => row;
    for (const name of via) {
      const schema = schemaFor(current);
      const def = this.fieldDef(schema, name);
      if (!def) return null;
      if (def.type !== 'fk') {
        if (this.strict) throw invalidArgument(`'${def.name}' in ${schema.name} is not a reference`);
        break; // through a plain column: stay on this row, as a plain `#` join does
      }
      const target = this.sim.db.table(def.table as string);
      const prev = follow;
      const keyOf = this.valueGetter(schema, def);
      follow = (row) => {
        const r = prev(row);
        const k = r ? keyOf(r) : undefined;
        return typeof k === 'number' ? target.get(k) : undefined;
      };
      current = def.table as string;
    }
    return {table: current, follow};
  }

  compile(table: string, fieldsParam: string | null | undefined): Projection {
    const items =
      fieldsParam === null || fieldsParam === undefined || fieldsParam.trim() === '' ? null : parseFields(fieldsParam);
    return this.compileItems(table, items ?? [{kind: 'view', view: 'summary'}]);
  }

  compileItems(table: string, items: readonly FieldItem[]): Projection {
    const schema = schemaFor(table);
    const columns: Column[] = [];
    const seen = new Map<string, number>();
    // a later item wins over an earlier one of the same name (`most,status[running]`)
    const add = (out: string, get: Getter): void => {
      const at = seen.get(out);
      if (at !== undefined) columns[at] = {out, get};
      else {
        seen.set(out, columns.length);
        columns.push({out, get});
      }
    };
    const aggregates: Aggregate[] = [];
    let scalarItems = 0;

    for (const item of items) {
      if (item.kind === 'view') {
        scalarItems++;
        for (const f of viewFields(schema, item.view)) add(f.name, this.valueGetter(schema, f));
      } else if (item.kind === 'path') {
        const c = this.compilePath(table, item.path);
        if (!c) continue;
        scalarItems++;
        add(item.alias ?? item.text, c.get);
      } else if (item.kind === 'sub') {
        const c = this.compilePath(table, item.path, (s, def) => {
          if (def.type === 'fk') {
            const inner = this.compileItems(def.table as string, item.items);
            const target = this.sim.db.table(def.table as string);
            const keyOf = this.valueGetter(s, def);
            return {
              get: (row) => {
                const k = keyOf(row);
                const r = typeof k === 'number' ? target.get(k) : undefined;
                return r ? inner.project(r) : null;
              },
              multi: false,
            };
          }
          if (def.type === 'rowlist') {
            const inner = this.compileItems(def.table as string, item.items);
            const sub = this.subRows(def);
            return {get: (row) => sub(row).map((r) => inner.project(r)), multi: false};
          }
          if (this.strict) throw invalidArgument(`'${def.name}' in ${s.name} has no sub-rows`);
          return {get: this.valueGetter(s, def), multi: false};
        });
        if (!c) continue;
        scalarItems++;
        add(item.alias ?? item.path[item.path.length - 1], c.get);
      } else {
        const fn = item.via ? this.compileJoinedFunction(table, item, item.via) : this.compileFunction(table, item);
        if (!fn) continue;
        if (fn.aggregate) aggregates.push({out: item.alias ?? item.text, fn: item.name, get: fn.get});
        else {
          scalarItems++;
          add(item.alias ?? item.text, fn.get);
        }
      }
    }

    // Aggregates next to ordinary fields act per row (count(x) = 0 or 1).
    if (aggregates.length > 0 && scalarItems > 0) {
      for (const a of aggregates) add(a.out, perRow(a.fn, a.get));
    }
    const tableAggregates = aggregates.length > 0 && scalarItems === 0 ? aggregates : null;
    if (!tableAggregates && !seen.has('$key')) columns.unshift({out: '$key', get: (row) => row.$key});

    const byOut = new Map(columns.map((c) => [c.out, c.get]));
    const resolve: Resolver = (name) => byOut.get(name) ?? this.resolveField(table, name);
    const n = columns.length;
    return {
      table,
      aggregates: tableAggregates,
      resolve,
      project(row) {
        const out: Projected = {};
        for (let i = 0; i < n; i++) {
          const c = columns[i];
          const v = c.get(row);
          if (v !== undefined) out[c.out] = v;
        }
        return out;
      },
      aggregate(rows) {
        const out: Projected = {};
        for (const a of tableAggregates ?? []) out[a.out] = reduce(a.fn, rows.map(a.get));
        return out;
      },
    };
  }

  /** A column or join path for filter and sort; null when it does not exist (lenient). */
  resolveField(table: string, name: string): Getter | null {
    const c = this.compilePath(table, name.split('#'));
    return c ? c.get : null;
  }

  /** `status#display(status)`: the function runs on the joined row. */
  private compileJoinedFunction(
    table: string,
    item: Extract<FieldItem, {kind: 'func'}>,
    via: readonly string[],
  ): {get: Getter; aggregate: boolean} | null {
    const joined = this.compileVia(table, via);
    if (!joined) return null;
    const fn = this.compileFunction(joined.table, item);
    if (!fn) return null;
    const {follow} = joined;
    const inner = fn.get;
    return {
      get: (row) => {
        const r = follow(row);
        return r ? inner(r) : null;
      },
      aggregate: false,
    };
  }

  private compileFunction(
    table: string,
    item: Extract<FieldItem, {kind: 'func'}>,
  ): {get: Getter; aggregate: boolean} | null {
    const [first, ...more] = item.args;
    const argOf = (a: FieldArg | undefined): Compiled | null => {
      if (!a) throw invalidArgument(`${item.name}() needs an argument`);
      if (a.kind === 'literal') {
        const v = a.value;
        return {get: () => v, multi: false};
      }
      return this.compilePath(table, a.path);
    };
    const arg = argOf(first);
    if (!arg) return null;
    const map = (f: (v: unknown) => unknown): Getter =>
      arg.multi ? (row) => (arg.get(row) as unknown[]).map(f) : (row) => f(arg.get(row));
    if (AGGREGATES.has(item.name)) {
      if (arg.multi) return {get: (row) => reduce(item.name, arg.get(row) as unknown[]), aggregate: false};
      return {get: arg.get, aggregate: true};
    }
    switch (item.name) {
      case 'upper':
        return {get: map((v) => (v === null || v === undefined ? v : str(v).toUpperCase())), aggregate: false};
      case 'lower':
        return {get: map((v) => (v === null || v === undefined ? v : str(v).toLowerCase())), aggregate: false};
      case 'hex':
        return {get: map((v) => (typeof v === 'number' ? v.toString(16) : v)), aggregate: false};
      case 'sha1':
        return {
          get: map((v) => createHash('sha1').update(str(v)).digest('hex')),
          aggregate: false,
        };
      case 'datetime':
        return {
          get: map((v) =>
            typeof v === 'number' && v > 0 ? new Date(v * 1000).toISOString().replace('.000Z', 'Z') : '',
          ),
          aggregate: false,
        };
      case 'display':
        return {get: map((v) => display(v)), aggregate: false};
      case 'diskspace':
        return {get: map((v) => (typeof v === 'number' ? diskspace(v) : v)), aggregate: false};
      case 'collapse': {
        const sep = more[0]?.kind === 'literal' ? String(more[0].value) : ',';
        return {
          get: (row) => {
            const v = arg.get(row);
            return Array.isArray(v)
              ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(sep)
              : v;
          },
          aggregate: false,
        };
      }
      default:
        throw invalidArgument(`unknown function '${item.name}'`);
    }
  }
}

function perRow(fn: string, get: Getter): Getter {
  if (fn === 'count') return (row) => (get(row) === null || get(row) === undefined ? 0 : 1);
  return get;
}

function reduce(fn: string, values: readonly unknown[]): unknown {
  if (fn === 'count') return values.filter((v) => v !== null && v !== undefined).length;
  const nums = values.filter((v): v is number => typeof v === 'number');
  switch (fn) {
    case 'sum':
      return nums.reduce((a, b) => a + b, 0);
    case 'avg':
      return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
    case 'min':
      return nums.length ? Math.min(...nums) : null;
    default:
      return nums.length ? Math.max(...nums) : null;
  }
}

function display(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v !== 'string') return v;
  return v.replace(/[_-]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

function diskspace(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(2)} ${units[u]}`;
}
