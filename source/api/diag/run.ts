// Running one router diagnostic: `POST /vnet_queries {vnet, query, params}`
// (201, `$key` a 40-hex SHA1), then `GET /vnet_queries/<key>` until the
// status is `complete` or `error`, waiting a little longer between polls
// each time, for at most the given time (PY queries.py create/wait/run; vrg
// _query_helpers.py; GO network.go RunQueryWait; VERGEOS-API.md §8.3).
// Cancelling abandons the query: nothing public deletes or stops one, and
// VergeOS expires the row by itself. The POST is never resent: if its
// answer is lost, the network's recent queries are listed and the one that
// matches is followed instead.
import {z} from 'zod';
import type {CallOptions, VergeClient} from '../client.js';
import type {VnetQueryType} from '../enums.js';
import {VergeError} from '../errors.js';
import {createdSchema} from '../rows.js';
import {apiPath} from '../url.js';

export const QUERY_FIELDS = [
  '$key',
  'id',
  'query',
  'params',
  'status',
  'result',
  'command',
  'created',
  'modified',
  'expires',
];

const text = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));
const stamp = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v)));

export const queryRowSchema = z.object({
  $key: z.union([z.string(), z.number()]).transform(String),
  query: text,
  params: z.unknown().optional(),
  // PY QueryResult: a row without a status is still running
  status: z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => v ?? 'running'),
  result: text,
  command: text,
  created: stamp,
});
export type QueryRow = z.infer<typeof queryRowSchema>;

export interface QueryProgress {
  key: string | null;
  elapsedMs: number;
  timeoutMs: number;
  polls: number;
}

export interface QueryOptions extends CallOptions {
  /** How long to wait for the answer (default 30 s). */
  timeoutMs?: number;
  /** First wait between polls (default 250 ms); it grows by half each time… */
  pollMs?: number;
  /** …up to this (default 2 s). */
  maxPollMs?: number;
  onProgress?: (p: QueryProgress) => void;
  /** Clock and sleep, injectable for tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface QueryAnswer {
  key: string;
  vnet: number;
  query: VnetQueryType;
  status: 'complete' | 'error';
  result: string;
  command: string;
  elapsedMs: number;
  /** GETs it took (the POST and any reconciling list not counted). */
  polls: number;
  /** The POST's answer was lost and the query was found among the network's recent ones. */
  reconciled?: boolean;
}

function abortError(): VergeError {
  return new VergeError({
    kind: 'aborted',
    message: 'cancelled: the query was abandoned (VergeOS expires it by itself)',
  });
}

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}

function sameParams(a: unknown, b: Record<string, unknown>): boolean {
  const norm = (v: unknown): string => {
    const o = typeof v === 'string' ? (JSON.parse(v || '{}') as unknown) : v;
    if (!o || typeof o !== 'object') return '{}';
    return JSON.stringify(
      Object.fromEntries(
        Object.entries(o as Record<string, unknown>)
          .map(([k, x]) => [k, String(x)])
          .sort(),
      ),
    );
  };
  try {
    return norm(a) === norm(b);
  } catch {
    return false;
  }
}

async function findLost(
  client: VergeClient,
  vnet: number,
  query: string,
  params: Record<string, unknown>,
  sinceS: number,
  call: CallOptions,
): Promise<string | null> {
  const rows = await client.list(
    'vnet_queries',
    queryRowSchema,
    {fields: ['$key', 'query', 'params', 'status', 'created'], filter: `vnet eq ${vnet}`, sort: '-created', limit: 20},
    {signal: call.signal, operation: `look for the ${query} query whose answer was lost`},
  );
  const hit = rows.find(
    (r) => r.query === query && (r.created === null || r.created >= sinceS - 2) && sameParams(r.params, params),
  );
  return hit ? hit.$key : null;
}

export async function runVnetQuery(
  client: VergeClient,
  vnet: number,
  query: VnetQueryType,
  params: Record<string, string | number>,
  options: QueryOptions = {},
): Promise<QueryAnswer> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? sleepFor;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = now();
  const startedS = Math.floor(Date.now() / 1000);
  const elapsed = (): number => Math.round(now() - started);
  const operation = options.operation ?? `run ${query} on the router of network ${vnet}`;
  const call = {signal: options.signal};
  if (options.signal?.aborted) throw abortError();
  const body: Record<string, unknown> = {vnet, query};
  if (Object.keys(params).length > 0) body.params = params;

  let key: string;
  let reconciled = false;
  try {
    const r = await client.raw('POST', apiPath('vnet_queries'), {
      json: body,
      schema: createdSchema,
      ...call,
      operation,
    });
    key = r.data.$key;
  } catch (error) {
    // A 4xx was refused as sent; anything else may have started the query on the router.
    if (
      !(error instanceof VergeError) ||
      error.kind === 'aborted' ||
      error.outcome === 'not-applied' ||
      (error.status !== undefined && error.status < 500)
    )
      throw error;
    const found = await findLost(client, vnet, query, params, startedS, call);
    if (!found)
      throw new VergeError({
        kind: error.kind,
        message: `${error.message}; the ${query} query was not found among the network's recent queries, and vseg does not resend it blindly`,
        operation,
        method: 'POST',
        path: apiPath('vnet_queries'),
        cause: error,
      });
    key = found;
    reconciled = true;
  }

  let wait = options.pollMs ?? 250;
  const maxWait = options.maxPollMs ?? 2000;
  let polls = 0;
  for (;;) {
    const left = timeoutMs - elapsed();
    if (left <= 0) {
      throw new VergeError({
        kind: 'timeout',
        message:
          `the ${query} query was still running after ${Math.round(timeoutMs / 1000)} s; ` +
          `vseg stopped waiting (query ${key}, which VergeOS expires by itself)`,
        operation,
        details: {key},
      });
    }
    options.onProgress?.({key, elapsedMs: elapsed(), timeoutMs, polls});
    await sleep(Math.min(wait, left), options.signal);
    wait = Math.min(maxWait, Math.round(wait * 1.5));
    let row: QueryRow;
    try {
      polls++;
      row = await client
        .raw('GET', apiPath('vnet_queries', key), {
          search: {fields: QUERY_FIELDS.join(',')},
          schema: queryRowSchema,
          ...call,
          operation: `read the result of the ${query} query`,
        })
        .then((r) => r.data);
    } catch (error) {
      if (error instanceof VergeError && error.status === 404)
        throw new VergeError({
          kind: 'response',
          message: `the ${query} query ${key} is gone (VergeOS expires query rows); run it again`,
          operation,
          status: 404,
          serverMessage: error.serverMessage,
        });
      throw error;
    }
    if (row.status === 'complete' || row.status === 'error') {
      return {
        key,
        vnet,
        query,
        status: row.status,
        result: row.result,
        command: row.command,
        elapsedMs: elapsed(),
        polls,
        ...(reconciled ? {reconciled} : {}),
      };
    }
    if (row.status !== 'running')
      throw new VergeError({
        kind: 'response',
        message: `the ${query} query reported an unknown status "${row.status}"`,
        operation,
      });
  }
}
