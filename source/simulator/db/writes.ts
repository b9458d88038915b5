// The one write path: HTTP handlers, action side effects and seeds all create,
// update and delete rows through here, so validation and hooks always run.
import {ApiError, missingReference, notFound, notPermitted, readonlyField, requiredField} from '../errors.js';
import type {FieldDef} from '../schema/types.js';
import type {Draft, Sim, WriteOpts} from '../sim.js';
import {coerceValue, sameValue} from './coerce.js';
import type {Row} from './table.js';

export interface Created {
  row: Row;
  /** Extra members of the 201 body, e.g. `{response: {machine: "54"}}`. */
  extra: Record<string, unknown>;
}

/**
 * Whether a body member is stored. `$key` is ignored; a user write naming a
 * read-only column is refused with 422 (§8.1 #6) rather than silently dropped.
 */
function isWritable(f: FieldDef, opts: WriteOpts): boolean {
  if (f.type === 'key') return false;
  if (opts.internal) return f.type !== 'rowlist';
  if (f.type === 'rowlist' || f.readonly) throw readonlyField(f.name);
  return true;
}

function defaultOf(f: FieldDef): unknown {
  const d = f.default;
  return d !== null && typeof d === 'object' ? structuredClone(d) : d === undefined ? null : d;
}

function checkRequired(table: string, fields: readonly FieldDef[], row: Draft): void {
  for (const f of fields) {
    if (!f.required) continue;
    const v = row[f.name];
    if (v === undefined || v === null || v === '') throw requiredField(table, f.name);
  }
}

function checkReferences(sim: Sim, table: string, fields: readonly FieldDef[], row: Draft, only?: Draft): void {
  for (const f of fields) {
    if (f.type !== 'fk' || !f.table) continue;
    if (only && !(f.name in only)) continue;
    const v = row[f.name];
    if (v === null || v === undefined) continue;
    if (!sim.db.table(f.table).has(v as number)) throw missingReference(table, f.name, f.table, v);
  }
}

function checkUnique(sim: Sim, table: string, row: Draft, ignoreKey?: number): void {
  const conflict = sim.db.table(table).uniqueConflict(row, ignoreKey);
  if (!conflict) return;
  const fields = conflict.def.fields;
  const field = fields[fields.length - 1];
  const scope = fields.slice(0, -1).map((f) => `${f} ${String(row[f])}`);
  const where = scope.length ? ` (within ${scope.join(', ')})` : '';
  throw new ApiError(
    conflict.def.status ?? 422,
    `Validation error on field: '${field}' - '${table}.${field} ${JSON.stringify(row[field])} already exists${where}'`,
  );
}

export function createRow(sim: Sim, table: string, body: Draft, opts: WriteOpts = {}): Created {
  const t = sim.db.table(table);
  const schema = t.schema;
  if (!opts.internal && (schema.readOnly || schema.noCreate)) {
    throw notPermitted(`rows cannot be created in ${table}`);
  }
  const values: Draft = {};
  for (const f of schema.fields) {
    if (!Object.hasOwn(body, f.name) || !isWritable(f, opts)) continue;
    values[f.name] = coerceValue(f, body[f.name]);
  }
  for (const f of schema.fields) {
    if (f.type === 'key' || f.type === 'rowlist' || f.name in values) continue;
    values[f.name] = defaultOf(f);
  }
  checkRequired(table, schema.fields, values);
  checkReferences(sim, table, schema.fields, values);
  const hooks = sim.hooks[table];
  hooks?.beforeCreate?.(sim, values, opts);
  checkUnique(sim, table, values);
  const now = sim.now();
  if (schema.byName.has('created') && !values.created) values.created = now;
  if (schema.byName.has('modified') && !values.modified) values.modified = now;
  const row = t.insert(values, opts.key);
  const extra = hooks?.afterCreate?.(sim, row, opts) ?? {};
  sim.changed();
  return {row: t.get(row.$key) ?? row, extra};
}

export function updateRow(sim: Sim, table: string, key: number, body: Draft, opts: WriteOpts = {}): Row {
  const t = sim.db.table(table);
  const schema = t.schema;
  const old = t.get(key);
  if (!old) throw notFound(table, key);
  if (!opts.internal && schema.readOnly) throw notPermitted(`rows of ${table} are read-only`);
  const patch: Draft = {};
  for (const f of schema.fields) {
    if (!Object.hasOwn(body, f.name) || !isWritable(f, opts)) continue;
    const v = coerceValue(f, body[f.name]);
    if (f.createOnly && !opts.internal && !sameValue(v, old[f.name])) {
      throw new ApiError(422, `field '${table}.${f.name}' cannot be changed after create`);
    }
    patch[f.name] = v;
  }
  const next: Draft = {...old, ...patch};
  checkRequired(table, schema.fields, next);
  checkReferences(sim, table, schema.fields, next, patch);
  const hooks = sim.hooks[table];
  hooks?.beforeUpdate?.(sim, old, next, patch, opts);
  checkUnique(sim, table, next, key);
  if (schema.byName.has('modified') && !('modified' in patch)) next.modified = sim.now();
  const row = t.replace({...next, $key: key});
  hooks?.afterUpdate?.(sim, old, row, patch, opts);
  sim.changed();
  return t.get(key) ?? row;
}

export function deleteRow(sim: Sim, table: string, key: number, opts: WriteOpts = {}): Row {
  const t = sim.db.table(table);
  const schema = t.schema;
  const row = t.get(key);
  if (!row) throw notFound(table, key);
  if (!opts.internal && (schema.readOnly || schema.noCreate)) throw notPermitted(`rows of ${table} cannot be deleted`);
  const hooks = sim.hooks[table];
  hooks?.beforeDelete?.(sim, row, opts);
  t.remove(key);
  hooks?.afterDelete?.(sim, row, opts);
  sim.changed();
  return row;
}

/** Internal update of a few columns, skipped when nothing would change. */
export function patchRow(sim: Sim, table: string, key: number, values: Draft): Row | undefined {
  const row = sim.db.table(table).get(key);
  if (!row) return undefined;
  let same = true;
  for (const [k, v] of Object.entries(values)) {
    if (!sameValue(row[k], v)) {
      same = false;
      break;
    }
  }
  if (same) return row;
  return updateRow(sim, table, key, values, {internal: true});
}
