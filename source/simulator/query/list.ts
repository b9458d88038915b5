// GET /api/v4/<table> and /<table>/<key>: filter → sort → offset/limit → project.
import {invalidArgument, notFound} from '../errors.js';
import type {Row} from '../db/table.js';
import type {Sim} from '../sim.js';
import {compileFilter, MissingColumn} from './filter-eval.js';
import {parseFilter} from './filter-parse.js';
import {ProjectionCompiler, type Projected} from './fields.js';
import {sortRows} from './sort.js';

export interface ListParams {
  fields?: string | null;
  filter?: string | null;
  sort?: string | null;
  limit?: string | null;
  offset?: string | null;
}

function nonNegativeInt(v: string | null | undefined, name: string): number {
  if (v === null || v === undefined || v.trim() === '') return 0;
  if (!/^\d+$/.test(v.trim())) throw invalidArgument(`${name} must be a non-negative integer`);
  return Number(v.trim());
}

/** Rows of a table as stored, or computed for virtual tables. */
export function tableRows(sim: Sim, table: string): readonly Row[] {
  const hooks = sim.hooks[table];
  return hooks?.virtualRows ? hooks.virtualRows(sim) : sim.db.table(table).all();
}

export function findRow(sim: Sim, table: string, key: number): Row | undefined {
  const hooks = sim.hooks[table];
  if (hooks?.virtualRows) return hooks.virtualRows(sim).find((r) => r.$key === key);
  return sim.db.table(table).get(key);
}

export function listRows(sim: Sim, table: string, params: ListParams): Projected[] {
  const projection = new ProjectionCompiler(sim).compile(table, params.fields);
  let rows = tableRows(sim, table);
  const filterText = params.filter?.trim();
  if (filterText) {
    let predicate: (row: Row) => boolean;
    try {
      predicate = compileFilter(parseFilter(filterText), projection.resolve);
    } catch (e) {
      // lenient (the default): a filter on a column the table lacks answers [] with 200 (§8.1 #4)
      if (e instanceof MissingColumn) return projection.aggregates ? [projection.aggregate([])] : [];
      throw e;
    }
    rows = rows.filter(predicate);
  }
  if (params.sort?.trim()) rows = sortRows(rows, params.sort, projection.resolve);
  const limit = nonNegativeInt(params.limit, 'limit');
  const offset = nonNegativeInt(params.offset, 'offset');
  if (projection.aggregates) return [projection.aggregate(rows)];
  if (offset > 0 || limit > 0) rows = rows.slice(offset, limit > 0 ? offset + limit : undefined);
  const out = new Array<Projected>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = projection.project(rows[i]);
  return out;
}

export function getRow(sim: Sim, table: string, key: number, params: ListParams): Projected {
  const projection = new ProjectionCompiler(sim).compile(table, params.fields);
  const row = findRow(sim, table, key);
  if (!row) throw notFound(table, key);
  return projection.project(row);
}

/** Rows as `fields=all` returns them (for the handle and the persistence file's readers). */
export function projectAll(sim: Sim, table: string, rows: readonly Row[]): Projected[] {
  const projection = new ProjectionCompiler(sim).compile(table, 'all');
  return rows.map((r) => projection.project(r));
}
