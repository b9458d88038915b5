// What each path does once faults and delays are out of the way. Returns the
// status and JSON body; throws ApiError for `{"err":…}` answers.
import {ApiError, notFound, notPermitted} from './errors.js';
import {createRow, deleteRow, updateRow} from './db/writes.js';
import type {Auth, AuthKind} from './auth.js';
import {getRow, listRows} from './query/list.js';
import {describeTable, schemaOf} from './schema/index.js';
import {SIM_VERSION} from './schema/system.js';
import type {Sim} from './sim.js';
import {createQuery, deleteQuery, querySeq, refuseQueryWrite, showQueryKeys} from './dataplane/index.js';
import {requestApply} from './semantics/rules.js';
import {vnetApplyDns, runVnetAction} from './semantics/vnets.js';

export interface RouteContext {
  sim: Sim;
  auth: Auth;
  versionHash: string;
}

export interface RouteRequest {
  method: string;
  path: string;
  search: URLSearchParams;
  body: Buffer;
  headers: {authorization?: string; token?: string};
}

export interface RouteResult {
  status: number;
  body: unknown;
  auth: AuthKind;
}

function parseBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Invalid JSON in request body');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'Request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function created(table: string, key: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {location: `/v4/${table}/${key}`, dbpath: `${table}/${key}`, $row: key, $key: String(key), ...extra};
}

function parseKey(table: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw notFound(table, raw);
  return Number(raw);
}

function methodNotAllowed(method: string, path: string): ApiError {
  return new ApiError(405, `Method ${method} not allowed on ${path}`);
}

function tokens(ctx: RouteContext, req: RouteRequest, parts: string[]): RouteResult {
  if (parts.length === 0) {
    if (req.method !== 'POST') throw methodNotAllowed(req.method, req.path);
    const body = parseBody(req.body);
    const login = typeof body.login === 'string' ? body.login : typeof body.user === 'string' ? body.user : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!login) throw new ApiError(422, "field 'tokens.login' is required");
    const result = ctx.auth.login(login, password);
    if (!result.ok) return {status: 401, body: {err: result.err}, auth: 'none'};
    const tok = ctx.auth.createToken(login);
    return {
      status: 201,
      body: {location: `/sys/tokens/${tok}`, dbpath: `tokens/${tok}`, $row: 1, $key: tok},
      auth: 'none',
    };
  }
  if (parts.length === 1) {
    if (req.method !== 'DELETE') throw methodNotAllowed(req.method, req.path);
    if (!ctx.auth.deleteToken(parts[0])) throw notFound('tokens', parts[0]);
    return {status: 200, body: [], auth: 'token'};
  }
  throw new ApiError(404, `Not found: ${req.path}`);
}

function v4(ctx: RouteContext, req: RouteRequest, parts: string[], auth: AuthKind): RouteResult {
  const {sim} = ctx;
  const [table, keyText, sub, ...rest] = parts;
  if (!table) throw new ApiError(404, 'Not found: /api/v4/');
  const schema = schemaOf(table);
  if (!schema) throw new ApiError(404, `Table '${table}' not found`);
  const params = {
    fields: req.search.get('fields'),
    filter: req.search.get('filter'),
    sort: req.search.get('sort'),
    limit: req.search.get('limit'),
    offset: req.search.get('offset'),
  };
  const ok = (status: number, body: unknown): RouteResult => ({status, body, auth});
  if (table === 'vnet_queries' && keyText !== '$table') return queries(ctx, req, keyText, sub, params, ok);

  if (keyText === undefined) {
    if (req.method === 'GET') return ok(200, listRows(sim, table, params));
    if (req.method === 'POST') {
      const result = createRow(sim, table, parseBody(req.body));
      return ok(201, created(table, result.row.$key, result.extra));
    }
    throw methodNotAllowed(req.method, req.path);
  }
  if (keyText === '$table') {
    if (req.method !== 'GET' || sub !== undefined) throw methodNotAllowed(req.method, req.path);
    return ok(200, describeTable(schema));
  }
  const key = parseKey(table, keyText);
  if (sub !== undefined) return rowAction(ctx, req, table, key, sub, rest, auth);
  const action = req.search.get('action');
  if (action && req.method === 'PUT') return rowAction(ctx, req, table, key, action, [], auth);
  switch (req.method) {
    case 'GET':
      return ok(200, getRow(sim, table, key, params));
    case 'PUT':
      updateRow(sim, table, key, parseBody(req.body));
      return ok(200, []);
    case 'DELETE':
      deleteRow(sim, table, key);
      return ok(200, []);
    default:
      throw methodNotAllowed(req.method, req.path);
  }
}

/** vnet_queries: keys are 40-hex SHA1 strings, not integers (PY queries.py); rows are the data plane's. */
function queries(
  ctx: RouteContext,
  req: RouteRequest,
  keyText: string | undefined,
  sub: string | undefined,
  params: Parameters<typeof listRows>[2],
  ok: (status: number, body: unknown) => RouteResult,
): RouteResult {
  const {sim} = ctx;
  if (sub !== undefined) throw new ApiError(404, `Not found: ${req.path}`);
  if (keyText === undefined) {
    if (req.method === 'GET') return ok(200, showQueryKeys(sim, listRows(sim, 'vnet_queries', params)));
    if (req.method === 'POST') {
      const q = createQuery(sim, parseBody(req.body));
      return ok(201, {location: `/v4/vnet_queries/${q.id}`, dbpath: `vnet_queries/${q.id}`, $row: q.seq, $key: q.id});
    }
    throw methodNotAllowed(req.method, req.path);
  }
  switch (req.method) {
    case 'GET':
      return ok(200, showQueryKeys(sim, [getRow(sim, 'vnet_queries', querySeq(sim, keyText), params)])[0]);
    case 'DELETE':
      deleteQuery(sim, keyText);
      return ok(200, []);
    case 'PUT':
      return refuseQueryWrite();
    default:
      throw methodNotAllowed(req.method, req.path);
  }
}

/** Per-row actions: PUT /vnets/<k>/apply|applydns (PS), POST /vnet_rules/<k>/enable|disable (TS), ?action= (GO). */
function rowAction(
  ctx: RouteContext,
  req: RouteRequest,
  table: string,
  key: number,
  action: string,
  rest: string[],
  auth: AuthKind,
): RouteResult {
  const {sim} = ctx;
  if (rest.length > 0 || (req.method !== 'PUT' && req.method !== 'POST')) throw methodNotAllowed(req.method, req.path);
  const row = sim.db.table(table).get(key);
  if (!row) throw notFound(table, key);
  if (table === 'vnets') {
    const body = parseBody(req.body);
    const params = body.params && typeof body.params === 'object' ? (body.params as Record<string, unknown>) : {};
    if (action === 'apply' || action === 'refresh') requestApply(sim, key);
    else if (action === 'applydns') vnetApplyDns(sim, key);
    else if (['poweron', 'poweroff', 'kill', 'reset'].includes(action)) runVnetAction(sim, key, action, params);
    else throw notPermitted(`unknown action '${action}' for vnets`);
    return {status: 200, body: [], auth};
  }
  if (table === 'vnet_rules' && (action === 'enable' || action === 'disable')) {
    updateRow(sim, table, key, {enabled: action === 'enable'});
    return {status: 200, body: [], auth};
  }
  throw new ApiError(404, `Not found: ${req.path}`);
}

/** Routes one request; ApiErrors become `{"err": …}` results, anything else propagates (a 500). */
export function route(ctx: RouteContext, req: RouteRequest): RouteResult {
  let auth: AuthKind = 'none';
  try {
    const parts = req.path
      .split('/')
      .filter((p) => p !== '')
      .map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          return p;
        }
      });
    if (req.path === '/version.json') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req.method, req.path);
      return {status: 200, body: {name: 'VergeOS', version: SIM_VERSION, hash: ctx.versionHash}, auth};
    }
    if (parts[0] === 'api' && parts[1] === 'sys' && parts[2] === 'tokens') return tokens(ctx, req, parts.slice(3));
    if (parts[0] === 'api' && parts[1] === 'v4') {
      const a = ctx.auth.authenticate(req.headers);
      auth = a.kind;
      if (!a.ok) return {status: 401, body: {err: a.err}, auth};
      return v4(ctx, req, parts.slice(2), auth);
    }
    throw new ApiError(404, `Not found: ${req.path}`);
  } catch (e) {
    if (e instanceof ApiError) return {status: e.status, body: {err: e.message}, auth};
    throw e;
  }
}
