// The HTTP(S) front: reads the body, applies latency and faults, routes,
// answers JSON and records every request for tests.
import http, {type IncomingMessage, type ServerResponse} from 'node:http';
import https from 'node:https';
import type {AuthKind} from './auth.js';
import type {Faults} from './faults.js';
import {route, type RouteContext} from './routes.js';

export interface SimRequest {
  /** ms since the epoch when the request arrived */
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was dropped by a fault */
  status: number;
  auth: AuthKind;
  bodyBytes: number;
  /** extra: server-side time including injected delays */
  durationMs: number;
  /** extra: the fault injected, if any */
  fault?: '429' | 'error' | 'drop-before' | 'drop-after';
  /**
   * extra: the shape of a JSON write body, never its values (secrets stay out
   * of the log): its members, an action's name and `params` members, and the
   * `word:` prefixes (`alias:`, `vnet:`…) written into rule address fields.
   */
  write?: {members: string[]; action?: string; params?: string[]; tokens?: string[]};
}

const RULE_REF_FIELDS = [
  'source_ip',
  'destination_ip',
  'target_ip',
  'source_ports',
  'destination_ports',
  'target_ports',
];

function writeShape(raw: Buffer): SimRequest['write'] {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const obj = body as Record<string, unknown>;
  const shape: NonNullable<SimRequest['write']> = {members: Object.keys(obj)};
  if (typeof obj.action === 'string') shape.action = obj.action;
  if (obj.params && typeof obj.params === 'object') shape.params = Object.keys(obj.params);
  const tokens = new Set<string>();
  for (const f of RULE_REF_FIELDS) {
    const v = obj[f];
    if (typeof v !== 'string') continue;
    for (const part of v.split(',')) {
      const m = /^\s*([a-z]+):/i.exec(part);
      if (m) tokens.add(`${m[1].toLowerCase()}:`);
      else if (/^\s*(router|vnetself|default)\s*$/i.test(part)) tokens.add(part.trim().toLowerCase());
    }
  }
  if (tokens.size > 0) shape.tokens = [...tokens].sort();
  return shape;
}

export interface ServerContext extends RouteContext {
  faults: Faults;
  latencyMs: number;
  requests: SimRequest[];
}

const MAX_BODY = 16 * 1024 * 1024;
/** Keep the log bounded for long benchmark runs. */
const MAX_LOG = 100_000;

const STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function send(res: ServerResponse, status: number, body: unknown, pretty: boolean): void {
  if (res.destroyed || res.writableEnded) return; // the client went away during a delay
  const text = JSON.stringify(body, null, pretty ? 2 : undefined);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function requestHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(ctx, req, res);
  };
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://simulator');
  const entry: SimRequest = {
    time: Date.now(),
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    status: 0,
    auth: 'none',
    bodyBytes: 0,
    durationMs: 0,
  };
  const pretty = req.headers['x-json-non-compact'] === '1';
  try {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      entry.status = 400;
      if (!res.destroyed) send(res, 400, {err: 'Request body too large'}, pretty);
      return;
    }
    entry.bodyBytes = body.length;
    if (body.length > 0 && entry.method !== 'GET' && url.pathname.startsWith('/api/v4/'))
      entry.write = writeShape(body);
    const exempt = url.pathname === '/version.json';
    const decision = exempt ? ({kind: 'none'} as const) : ctx.faults.decide();
    const delay = ctx.latencyMs + (exempt ? 0 : ctx.faults.delay());
    if (delay > 0) await sleep(delay);
    if (decision.kind === 'drop' && !decision.afterApply) {
      entry.fault = 'drop-before';
      req.socket.destroy();
      return;
    }
    if (decision.kind === '429' || decision.kind === 'error') {
      const status = decision.kind === '429' ? 429 : decision.status;
      entry.fault = decision.kind;
      entry.status = status;
      send(res, status, {err: STATUS_TEXT[status]}, pretty);
      return;
    }
    const result = route(ctx, {
      method: entry.method,
      path: url.pathname,
      search: url.searchParams,
      body,
      headers: {
        authorization: req.headers.authorization,
        token: typeof req.headers['x-yottabyte-token'] === 'string' ? req.headers['x-yottabyte-token'] : undefined,
      },
    });
    entry.auth = result.auth;
    if (decision.kind === 'drop') {
      entry.fault = 'drop-after';
      req.socket.destroy();
      return;
    }
    entry.status = result.status;
    send(res, result.status, result.body, pretty);
  } catch (e) {
    entry.status = 500;
    if (!res.headersSent && !res.destroyed) send(res, 500, {err: `Internal error: ${(e as Error).message}`}, pretty);
  } finally {
    entry.durationMs = performance.now() - started;
    if (ctx.requests.length >= MAX_LOG) ctx.requests.splice(0, MAX_LOG / 2);
    ctx.requests.push(entry);
  }
}

export function createServer(ctx: ServerContext, tls: {key: string; cert: string} | null): http.Server {
  const handler = requestHandler(ctx);
  const server = tls ? https.createServer({key: tls.key, cert: tls.cert}, handler) : http.createServer(handler);
  server.keepAliveTimeout = 5000;
  return server;
}
