// vnet_queries: a diagnostic is created with POST (201, `$key` a 40-hex
// SHA1), answers `running` until its tool finishes, then `complete` or
// `error` with the tool's text in `result` (at most 262 KB), and expires
// (VERGEOS-API.md §8.3; PY queries.py and its live test; GO network.go).
// The tool runs against the network as it is when the query starts; the
// answer is held back for as long as the tool would take.
import {createHash} from 'node:crypto';
import {VNET_QUERY_TYPES, type VnetQueryType} from '../../api/enums.js';
import type {Row} from '../db/table.js';
import {ApiError, notFound, notInList, requiredField, validationError} from '../errors.js';
import type {Sim, TableHooks} from '../sim.js';
import {dataplane, type QueryRecord} from './state.js';
import {TOOLS, durationFactor} from './tools/index.js';
import {routerRunning} from './topology.js';
import {txt} from './text.js';

/** How long a finished query stays readable (the simulator's choice; VergeOS says only that rows expire). */
export const QUERY_TTL_S = 600;
const MAX_RESULT = 262_144;

function expire(sim: Sim): void {
  const s = dataplane(sim);
  const now = sim.now();
  for (const [id, q] of s.queries) if (q.expires < now) s.queries.delete(id);
}

function settle(q: QueryRecord, sim: Sim): void {
  if (q.status !== 'running' || sim.clock.now() < q.doneAt) return;
  q.status = q.pendingStatus;
  q.result = q.pendingResult;
  q.modified = sim.now();
}

function parseParams(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === '') return {};
  let v: unknown = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      throw validationError('params', 'params must be a JSON object');
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw validationError('params', 'params must be a JSON object');
  return v as Record<string, unknown>;
}

export function createQuery(sim: Sim, body: Record<string, unknown>): QueryRecord {
  expire(sim);
  const vnetRaw = body.vnet;
  if (vnetRaw === undefined || vnetRaw === null || vnetRaw === '') throw requiredField('vnet_queries', 'vnet');
  const vnetKey = Number(vnetRaw);
  const vnet = Number.isInteger(vnetKey) ? sim.db.get('vnets', vnetKey) : undefined;
  if (!vnet) throw validationError('vnet', `vnets/${txt(vnetRaw, '?')} does not exist`);
  const query = body.query;
  if (query === undefined || query === null || query === '') throw requiredField('vnet_queries', 'query');
  if (!(VNET_QUERY_TYPES as readonly unknown[]).includes(query)) throw notInList('query', query);
  const params = parseParams(body.params);
  const s = dataplane(sim);
  const seq = ++s.querySeq;
  const id = createHash('sha1').update(`${sim.config.seedName}:query:${seq}:${sim.clock.now()}`).digest('hex');
  const now = sim.clock.now();
  const tool = TOOLS[query as VnetQueryType];
  const ctx = {sim, vnet, params, now};
  let status: 'complete' | 'error';
  let result: string;
  if (!routerRunning(sim, vnet)) {
    status = 'error';
    result = `network '${txt(vnet.name)}' is not running`;
  } else {
    ({status, result} = tool.run(ctx));
  }
  if (result.length > MAX_RESULT) result = result.slice(0, MAX_RESULT);
  const created = sim.now();
  const record: QueryRecord = {
    id,
    seq,
    vnet: vnetKey,
    query: query as string,
    params,
    status: 'running',
    result: '',
    command: tool.command(ctx),
    created,
    modified: created,
    expires: created + QUERY_TTL_S,
    doneAt: now + s.queryDelayMs * durationFactor(query as VnetQueryType, result),
    pendingStatus: status,
    pendingResult: result,
  };
  s.queries.set(id, record);
  sim.changed();
  return record;
}

function asRow(q: QueryRecord): Row {
  return {
    $key: q.seq,
    id: q.id,
    vnet: q.vnet,
    query: q.query,
    params: q.params,
    status: q.status,
    result: q.result,
    command: q.command,
    created: q.created,
    modified: q.modified,
    expires: q.expires,
  };
}

export const queryHooks: TableHooks = {
  virtualRows(sim) {
    expire(sim);
    const out: Row[] = [];
    for (const q of dataplane(sim).queries.values()) {
      settle(q, sim);
      out.push(asRow(q));
    }
    return out;
  },
};

/** The sequence number behind a query's SHA1 key (the list machinery keys rows by integers). */
export function querySeq(sim: Sim, id: string): number {
  expire(sim);
  const q = dataplane(sim).queries.get(id);
  if (!q) throw notFound('vnet_queries', id);
  return q.seq;
}

/** Rows leave the list machinery with the integer key; the API shows the SHA1. */
export function showQueryKeys(sim: Sim, rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const bySeq = new Map<number, string>();
  for (const q of dataplane(sim).queries.values()) bySeq.set(q.seq, q.id);
  for (const r of rows) if (typeof r.$key === 'number' && bySeq.has(r.$key)) r.$key = bySeq.get(r.$key);
  return rows;
}

export function deleteQuery(sim: Sim, id: string): void {
  if (!dataplane(sim).queries.delete(id)) throw notFound('vnet_queries', id);
}

export function refuseQueryWrite(): never {
  throw new ApiError(405, 'vnet_queries rows cannot be modified');
}
