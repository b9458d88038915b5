// One table's rows. Rows are frozen and replaced whole on update, so a
// reference held elsewhere (the active ruleset, a snapshot) never changes
// under its holder. Keys are integers; a freed key is reused, lowest first,
// as VergeOS does (TF3 CHANGELOG #227/#231/#232).
import type {CompiledSchema} from '../schema/index.js';
import type {UniqueDef} from '../schema/types.js';
import {str} from '../text.js';

export type Row = Readonly<Record<string, unknown>> & {readonly $key: number};

interface UniqueIndex {
  def: UniqueDef;
  map: Map<string, number>;
}

export class Table {
  private readonly byKey = new Map<number, Row>();
  private freed: number[] = [];
  private nextKey = 1;
  private sorted: Row[] | null = null;
  private readonly indexes = new Map<string, Map<unknown, Set<number>>>();
  private readonly uniques: UniqueIndex[];

  constructor(readonly schema: CompiledSchema) {
    this.uniques = (schema.unique ?? []).map((def) => ({def, map: new Map()}));
  }

  get name(): string {
    return this.schema.name;
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: number): Row | undefined {
    return this.byKey.get(key);
  }

  has(key: number): boolean {
    return this.byKey.has(key);
  }

  /** All rows in key order (cached until the next insert/delete). */
  all(): readonly Row[] {
    if (!this.sorted) this.sorted = [...this.byKey.values()].sort((a, b) => a.$key - b.$key);
    return this.sorted;
  }

  insert(values: Record<string, unknown>, explicitKey?: number): Row {
    let key: number;
    if (explicitKey !== undefined) {
      if (this.byKey.has(explicitKey)) throw new Error(`${this.name}: key ${explicitKey} already in use`);
      key = explicitKey;
      const at = this.freed.indexOf(key);
      if (at >= 0) this.freed.splice(at, 1);
      if (key >= this.nextKey) this.nextKey = key + 1;
    } else if (this.freed.length > 0) {
      key = this.freed.shift() as number;
    } else {
      key = this.nextKey++;
    }
    const row = Object.freeze(Object.assign({$key: key}, values, {$key: key})) as Row;
    this.byKey.set(key, row);
    this.indexAdd(row);
    this.sorted = null;
    return row;
  }

  /** Replaces a row (same key) with a new frozen object. */
  replace(values: Record<string, unknown> & {$key: number}): Row {
    const old = this.byKey.get(values.$key);
    if (!old) throw new Error(`${this.name}: no row ${values.$key}`);
    const row = Object.freeze({...values}) as Row;
    this.indexRemove(old);
    this.byKey.set(row.$key, row);
    this.indexAdd(row);
    if (this.sorted) {
      const i = this.sorted.indexOf(old);
      if (i >= 0) this.sorted[i] = row;
      else this.sorted = null;
    }
    return row;
  }

  remove(key: number): Row | undefined {
    const old = this.byKey.get(key);
    if (!old) return undefined;
    this.byKey.delete(key);
    this.indexRemove(old);
    this.sorted = null;
    // keep the free list sorted so the lowest free key comes first
    let i = 0;
    while (i < this.freed.length && this.freed[i] < key) i++;
    this.freed.splice(i, 0, key);
    return old;
  }

  /** Rows whose `field` equals `value`, through a lazily built index. */
  where(field: string, value: unknown): Row[] {
    let index = this.indexes.get(field);
    if (!index) {
      index = new Map();
      for (const row of this.byKey.values()) addTo(index, row[field], row.$key);
      this.indexes.set(field, index);
    }
    const keys = index.get(value);
    if (!keys) return [];
    const out: Row[] = [];
    for (const k of keys) out.push(this.byKey.get(k) as Row);
    return out.sort((a, b) => a.$key - b.$key);
  }

  count(field: string, value: unknown): number {
    this.where(field, value);
    return this.indexes.get(field)?.get(value)?.size ?? 0;
  }

  /** The unique constraint `values` would break (ignoring row `ignoreKey`), if any. */
  uniqueConflict(values: Record<string, unknown>, ignoreKey?: number): {def: UniqueDef; key: number} | null {
    for (const u of this.uniques) {
      const k = this.uniqueKey(u.def, values);
      if (k === null) continue;
      const holder = u.map.get(k);
      if (holder !== undefined && holder !== ignoreKey) return {def: u.def, key: holder};
    }
    return null;
  }

  /** Persisted form: rows plus the allocator state. */
  dump(): {rows: Row[]; freed: number[]; nextKey: number} {
    return {rows: [...this.all()], freed: [...this.freed], nextKey: this.nextKey};
  }

  load(data: {rows: Record<string, unknown>[]; freed?: number[]; nextKey?: number}): void {
    for (const r of data.rows) this.insert(r, r.$key as number);
    if (data.freed) this.freed = data.freed.filter((k) => !this.byKey.has(k)).sort((a, b) => a - b);
    if (data.nextKey && data.nextKey > this.nextKey) this.nextKey = data.nextKey;
  }

  private uniqueKey(def: UniqueDef, values: Record<string, unknown>): string | null {
    const parts: string[] = [];
    for (const f of def.fields) {
      const v = values[f];
      if (v === undefined || v === null || v === '') return null;
      parts.push(str(v));
    }
    return parts.join('\u0000');
  }

  private indexAdd(row: Row): void {
    for (const [field, index] of this.indexes) addTo(index, row[field], row.$key);
    for (const u of this.uniques) {
      const k = this.uniqueKey(u.def, row);
      if (k !== null) u.map.set(k, row.$key);
    }
  }

  private indexRemove(row: Row): void {
    for (const [field, index] of this.indexes) {
      const set = index.get(row[field]);
      if (set) {
        set.delete(row.$key);
        if (set.size === 0) index.delete(row[field]);
      }
    }
    for (const u of this.uniques) {
      const k = this.uniqueKey(u.def, row);
      if (k !== null && u.map.get(k) === row.$key) u.map.delete(k);
    }
  }
}

function addTo(index: Map<unknown, Set<number>>, value: unknown, key: number): void {
  let set = index.get(value);
  if (!set) index.set(value, (set = new Set()));
  set.add(key);
}
