// How a table is described: its columns, their types and rules. The write
// path (db/coerce.ts) validates against these, the query layer projects with
// them, and `GET /<table>/$table` prints them.

export type FieldType =
  | 'key' // $key
  | 'int'
  | 'number'
  | 'bool'
  | 'text'
  | 'enum'
  | 'json'
  | 'fk' // integer key of a row in `table`
  | 'timestamp' // unix seconds
  | 'rowlist'; // rows of `table` whose `via` field points at this row

export interface FieldDef {
  name: string;
  type: FieldType;
  /** enum values */
  values?: readonly string[];
  /** fk target / rowlist source table */
  table?: string;
  /** rowlist: the field in `table` that references this table */
  via?: string;
  default?: unknown;
  required?: boolean;
  /** never writable through the API */
  readonly?: boolean;
  /** writable on create only; a different value on PUT is a 422 */
  createOnly?: boolean;
  /** stored but never returned (passwords, private keys, pre-shared keys) */
  writeOnly?: boolean;
  /** part of the `summary` view (the default when `fields` is omitted) */
  summary?: boolean;
  /** an argument/large field: in `all` but not in `most` */
  heavy?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  description?: string;
}

export interface UniqueDef {
  /** the scope fields first, the unique field last, e.g. ['vnet', 'name'] */
  fields: string[];
  /** 422 by default; VM names answer 409 (row exists) as documented */
  status?: 409 | 422;
}

export interface TableSchema {
  name: string;
  description: string;
  fields: FieldDef[];
  /** no POST/PUT/DELETE through the API */
  readOnly?: boolean;
  /** no POST/DELETE through the API (PUT still allowed) */
  noCreate?: boolean;
  unique?: UniqueDef[];
}

type Opts = Omit<FieldDef, 'name' | 'type'>;

export const key = (): FieldDef => ({name: '$key', type: 'key', readonly: true, summary: true});
export const text = (name: string, o: Opts = {}): FieldDef => ({default: '', ...o, name, type: 'text'});
export const int = (name: string, o: Opts = {}): FieldDef => ({default: 0, ...o, name, type: 'int'});
export const num = (name: string, o: Opts = {}): FieldDef => ({default: 0, ...o, name, type: 'number'});
export const bool = (name: string, o: Opts = {}): FieldDef => ({default: false, ...o, name, type: 'bool'});
export const json = (name: string, o: Opts = {}): FieldDef => ({default: null, ...o, name, type: 'json'});
export const ts = (name: string, o: Opts = {}): FieldDef => ({
  default: 0,
  readonly: true,
  ...o,
  name,
  type: 'timestamp',
});
export const fk = (name: string, table: string, o: Opts = {}): FieldDef => ({
  default: null,
  ...o,
  name,
  type: 'fk',
  table,
});
export const rowlist = (name: string, table: string, via: string): FieldDef => ({
  name,
  type: 'rowlist',
  table,
  via,
  readonly: true,
});
export function enumOf(name: string, values: readonly string[], o: Opts = {}): FieldDef {
  return {default: values[0], ...o, name, type: 'enum', values};
}

/** created/modified stamps most tables carry. */
export const stamps = (): FieldDef[] => [ts('created'), ts('modified')];
