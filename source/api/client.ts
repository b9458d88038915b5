// VergeClient: one site, one connection pool, one way to authenticate. Typed
// table access plus the few operations that are more than one request (Apply
// Rules waits for the flag to clear; creates reconcile after a lost answer).
import {z} from 'zod';
import {createAuthState, type AuthConfig, type AuthState} from './auth.js';
import {VergeError} from './errors.js';
import {Http, type HttpOptions, type Method, type RequestEvent} from './http.js';
import {searchParams, type ListQuery} from './query.js';
import {createdSchema, versionSchema, type Created, type VersionInfo} from './rows.js';
import type {TlsTrust} from './fingerprint.js';
import {apiPath, parseSiteUrl, type SiteUrl} from './url.js';

export interface ClientOptions {
  url: string | SiteUrl;
  auth: AuthConfig;
  trust?: TlsTrust;
  timeoutMs?: number;
  retries?: number;
  maxBodyBytes?: number;
  maxInFlightBytes?: HttpOptions['maxInFlightBytes'];
  onEvent?: (event: RequestEvent) => void;
  userAgent?: string;
  /** Secrets beyond the credentials, masked in everything made from an answer (see HttpOptions). */
  secrets?: () => readonly string[];
}

export interface CallOptions {
  signal?: AbortSignal;
  operation?: string;
  /** Secret values the request carries, masked in any error made from its answer. */
  secrets?: readonly string[];
  /** Gets the server's clock (Date header, Unix seconds) when the answer arrives. */
  onServerTime?: (seconds: number) => void;
}

export interface CreateResult {
  key: number;
  created: Created;
  /** True when the answer was lost and the row was found by its natural key instead. */
  reconciled?: boolean;
}

const tokenCreatedSchema = createdSchema;

export interface LogoutOptions extends CallOptions {
  /** Tries of the DELETE in all (default 4). */
  attempts?: number;
  /** First pause between tries; it doubles, with jitter (default 200 ms). */
  backoffMs?: number;
}

export interface LogoutResult {
  /** The token is gone from the server (or there was none). */
  removed: boolean;
  attempts: number;
  /** Why it could not be deleted, when it could not. */
  reason?: string;
}

/** Waits before try `attempt` + 1: base × 2^(attempt-1), ±25 %, cut short by the signal. */
function backoff(attempt: number, baseMs: number, signal?: AbortSignal): Promise<void> {
  const ms = baseMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, {once: true});
  });
}

export class VergeClient {
  readonly site: SiteUrl;
  readonly auth: AuthState;
  readonly trust: TlsTrust;
  private readonly http: Http;

  constructor(options: ClientOptions) {
    this.site = typeof options.url === 'string' ? parseSiteUrl(options.url) : options.url;
    this.auth = createAuthState(options.auth);
    this.trust = options.trust ?? {mode: 'system'};
    const httpOptions: HttpOptions = {
      site: this.site,
      trust: this.trust,
      auth: this.auth,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      maxBodyBytes: options.maxBodyBytes,
      maxInFlightBytes: options.maxInFlightBytes,
      onEvent: options.onEvent,
      userAgent: options.userAgent,
      secrets: options.secrets,
    };
    this.http = new Http(httpOptions);
  }

  /** Builds a client and, for token auth, opens the session. */
  static async connect(options: ClientOptions, call: CallOptions = {}): Promise<VergeClient> {
    const client = new VergeClient(options);
    if (client.auth.kind === 'token') {
      try {
        await client.login(call);
      } catch (error) {
        await client.close();
        throw error;
      }
    }
    return client;
  }

  /** `GET /version.json`: needs no credentials; the first thing to ask a new site. */
  async version(call: CallOptions = {}): Promise<VersionInfo> {
    const r = await this.http.request('GET', '/version.json', {
      withAuth: false,
      schema: versionSchema,
      signal: call.signal,
      secrets: call.secrets,
      onServerTime: call.onServerTime,
      operation: call.operation ?? 'read the VergeOS version',
    });
    return r.data;
  }

  /** Opens a session token. Called once; a 401 is reported, never retried. */
  async login(call: CallOptions = {}): Promise<void> {
    const body = this.auth.loginBody();
    if (!body) throw new VergeError({kind: 'invalid-input', message: 'This profile does not use session tokens.'});
    const r = await this.http.request('POST', '/api/sys/tokens', {
      withAuth: false,
      json: body,
      schema: tokenCreatedSchema,
      signal: call.signal,
      secrets: call.secrets,
      onServerTime: call.onServerTime,
      operation: call.operation ?? `sign in as ${body.login}`,
    });
    this.auth.setToken(r.data.$key);
  }

  /**
   * Deletes the session token on the server (tokens live in memory only).
   * DELETE is idempotent, so a failure is tried again with backoff: a reset,
   * a 5xx or a timeout does not leave a live session behind. A 404 or 401
   * means the token is already gone (deleted by an earlier try whose answer
   * was lost, or expired). Never throws: the result says whether the token is
   * gone and, when not, why — callers report it.
   */
  async logout(call: LogoutOptions = {}): Promise<LogoutResult> {
    const token = this.auth.token();
    if (!token) return {removed: true, attempts: 0};
    const attempts = call.attempts ?? 4;
    let attemptsMade = attempts;
    let last: unknown;
    try {
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          await this.http.request('DELETE', `/api/sys/tokens/${encodeURIComponent(token)}`, {
            signal: call.signal,
            operation: call.operation ?? 'sign out',
          });
          return {removed: true, attempts: attempt};
        } catch (error) {
          if (error instanceof VergeError && (error.status === 404 || error.status === 401))
            return {removed: true, attempts: attempt};
          last = error;
          // Any other refusal (403, 400…) will not change by asking again; nor will a site that
          // refuses connections or does not resolve (the transport has already retried those).
          const refused =
            error instanceof VergeError &&
            ((error.status !== undefined && error.status < 500 && error.status !== 429) ||
              (error.kind === 'network' && error.outcome === 'not-applied'));
          if (refused || call.signal?.aborted || attempt === attempts) {
            attemptsMade = attempt;
            break;
          }
          await backoff(attempt, call.backoffMs ?? 200, call.signal);
        }
      }
      const reason = last instanceof VergeError ? last.describe() : last instanceof Error ? last.message : String(last);
      return {removed: false, attempts: attemptsMade, reason};
    } finally {
      this.auth.setToken(undefined);
    }
  }

  async list<T>(table: string, schema: z.ZodType<T>, query: ListQuery = {}, call: CallOptions = {}): Promise<T[]> {
    return this.listAs(table, schema, undefined, query, call);
  }

  /**
   * A list, each row checked and passed through `map` as it is read: only what
   * `map` returns is kept, so a large table costs its kept form, not its JSON too.
   */
  async listAs<R, T = R>(
    table: string,
    schema: z.ZodType<R>,
    map: ((row: R) => T) | undefined,
    query: ListQuery = {},
    call: CallOptions = {},
  ): Promise<T[]> {
    const r = await this.http.request<T[]>('GET', apiPath(table), {
      search: searchParams(query),
      rows: {schema, map},
      // Lists are arrays; the /system table has been seen answering a bare object.
      schema: schema.transform((row) => [map ? map(row) : (row as unknown as T)]),
      signal: call.signal,
      secrets: call.secrets,
      onServerTime: call.onServerTime,
      operation: call.operation ?? `list ${table}`,
    });
    return r.data;
  }

  async get<T>(
    table: string,
    key: number,
    schema: z.ZodType<T>,
    fields?: readonly string[],
    call: CallOptions = {},
  ): Promise<T> {
    const r = await this.http.request('GET', apiPath(table, key), {
      search: fields ? {fields: fields.join(',')} : undefined,
      schema,
      signal: call.signal,
      secrets: call.secrets,
      onServerTime: call.onServerTime,
      operation: call.operation ?? `read ${table} ${key}`,
    });
    return r.data;
  }

  async create(table: string, body: Record<string, unknown>, call: CallOptions = {}): Promise<CreateResult> {
    const r = await this.http.request('POST', apiPath(table), {
      json: body,
      schema: createdSchema,
      signal: call.signal,
      secrets: call.secrets,
      onServerTime: call.onServerTime,
      operation: call.operation ?? `create a ${table} row`,
    });
    const key = Number(r.data.$key);
    if (!Number.isInteger(key)) {
      throw new VergeError({
        kind: 'response',
        message: `the create answer carried a non-numeric key "${r.data.$key}"`,
        method: 'POST',
        path: apiPath(table),
        operation: call.operation,
        outcome: 'applied',
      });
    }
    return {key, created: r.data};
  }

  /** Partial update: only the given fields change (VergeOS answers 200 `[]`). */
  async update(table: string, key: number, body: Record<string, unknown>, call: CallOptions = {}): Promise<void> {
    await this.http.request('PUT', apiPath(table, key), {
      json: body,
      signal: call.signal,
      secrets: call.secrets,
      onServerTime: call.onServerTime,
      operation: call.operation ?? `update ${table} ${key}`,
    });
  }

  async remove(table: string, key: number, call: CallOptions = {}): Promise<{alreadyGone: boolean}> {
    const r = await this.http.request('DELETE', apiPath(table, key), {
      signal: call.signal,
      secrets: call.secrets,
      onServerTime: call.onServerTime,
      operation: call.operation ?? `delete ${table} ${key}`,
    });
    return {alreadyGone: r.alreadyGone === true};
  }

  /** `POST /<x>_actions`: starts an asynchronous action (201 as soon as it is accepted). */
  async action(
    table: 'vnet_actions' | 'tenant_actions' | 'vm_actions',
    body: Record<string, unknown>,
    call: CallOptions = {},
  ): Promise<Created> {
    const r = await this.http.request('POST', apiPath(table), {
      json: body,
      schema: createdSchema,
      signal: call.signal,
      secrets: call.secrets,
      onServerTime: call.onServerTime,
      operation:
        call.operation ??
        `run ${String(body['action'])} on ${table.replace('_actions', '')} ${String(Object.values(body)[0])}`,
    });
    return r.data;
  }

  /** Escape hatch for calls the typed helpers do not cover. */
  raw<T>(
    method: Method,
    path: string,
    options: {json?: unknown; search?: Record<string, string>; schema?: z.ZodType<T>} & CallOptions = {},
  ) {
    return this.http.request<T>(method, path, options);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
