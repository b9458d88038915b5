// The transport: ky for timeouts and retries, undici's fetch with our Agent for
// TLS trust. Retry policy, from what VergeOS does under load (connections reset,
// sometimes 429/502/503/504, no Retry-After):
//   - GET/PUT/DELETE are retried with jittered exponential backoff;
//   - POST is never retried here: a retried create duplicates objects. Callers
//     that need it reconcile by natural key (see reconcile.ts);
//   - 401 is never retried: five bad logins lock the VergeOS account.
// The timeout bounds a request as a whole — connecting, every retry and its
// wait, the headers and the last byte of the body: a server that trickles an
// answer one byte at a time is cut off at the limit like one that never answers.
// undici before ky: ky reads the fetch globals when it loads (undici.ts says why).
import {fetch as undiciFetch, type Agent} from './undici.js';
import ky, {HTTPError, type KyInstance} from 'ky';
import type {z} from 'zod';
import type {AuthState} from './auth.js';
import {scrub} from './auth.js';
import {VergeError, serverMessageFrom, statusWords} from './errors.js';
import {arrayElementRanges, startsArray} from './json-rows.js';
import {REFUSE, rowRead} from './row-readers.js';
import {createAgent, tlsFailureCode} from './tls.js';
import {type TlsTrust} from './fingerprint.js';
import type {SiteUrl} from './url.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestEvent {
  seq: number;
  method: Method;
  /** Path without the query string (queries may be long; they carry no secrets but add noise). */
  path: string;
  phase: 'response' | 'error' | 'retry';
  status?: number;
  ms: number;
  error?: string;
}

export interface HttpOptions {
  site: SiteUrl;
  trust: TlsTrust;
  auth: AuthState;
  /** The most one request may take, retries and the whole body included. */
  timeoutMs?: number;
  /** Retries for idempotent requests. */
  retries?: number;
  /** Largest response body accepted; VergeOS lists of a large site are a few MB. */
  maxBodyBytes?: number;
  /**
   * Most bytes of answers held at once across this client's concurrent
   * requests (a site load asks ~11 tables in parallel). Or a budget shared
   * with other clients.
   */
  maxInFlightBytes?: number | BodyBudget;
  onEvent?: (event: RequestEvent) => void;
  userAgent?: string;
  /**
   * Secrets beyond this client's credentials (secret values from a site file,
   * generated keys…): masked in everything made from an answer.
   */
  secrets?: () => readonly string[];
}

export interface RequestOptions<T> {
  search?: Record<string, string>;
  json?: unknown;
  signal?: AbortSignal;
  schema?: z.ZodType<T>;
  /**
   * For a list: each row's schema and what to keep of it. An answer that is an
   * array is then read a row at a time (json-rows.ts); anything else goes to
   * `schema` whole.
   */
  rows?: RowReader;
  /** What the operator was doing, for error messages ("list networks"). */
  operation?: string;
  /** False for `/version.json` and token creation. */
  withAuth?: boolean;
  /** Gets the server's clock (its Date header, Unix seconds) when the answer arrives. */
  onServerTime?: (seconds: number) => void;
  /** Secret values this request carries: a server quoting the request in its error must not get them shown. */
  secrets?: readonly string[];
}

export interface RowReader {
  schema: z.ZodType;
  map?: (row: never) => unknown;
}

export interface HttpResult<T> {
  status: number;
  data: T;
  /** How many retries it took (0 = first attempt). */
  retries: number;
  /** True when a retried DELETE found the row already gone (the first attempt did it). */
  alreadyGone?: boolean;
}

const RETRY_STATUSES = [429, 502, 503, 504];

const MB = 1024 * 1024;
/** One answer: far above any real VergeOS list, far below what hurts a jump host. */
export const DEFAULT_MAX_BODY_BYTES = 96 * MB;
/** Every answer being read at once: a broken or hostile site cannot make the console buffer more. */
export const DEFAULT_MAX_IN_FLIGHT_BYTES = 192 * MB;

/**
 * Bytes of response bodies held at once, shared by every request that reads
 * through it: each chunk is taken before it is kept, and given back when the
 * request is done with its body (parsed, or failed).
 */
export class BodyBudget {
  private used = 0;
  constructor(readonly limitBytes: number) {}

  /** False (and nothing taken) when `bytes` more would pass the limit. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inFlightBytes(): number {
    return this.used;
  }
}

/**
 * An answer refused for its size: `scope` says which limit — one response, or
 * all the answers being read at once. A VergeError of kind "response" (the
 * site's answer is not what VergeOS sends), so callers that know only
 * VergeError handle it; `isBodyLimitError` tells it apart, also after
 * `withOperation` rebuilt it.
 */
export class BodyLimitError extends VergeError {
  readonly scope: 'response' | 'in-flight';
  readonly limitBytes: number;
  constructor(init: {
    scope: 'response' | 'in-flight';
    limitBytes: number;
    status?: number;
    method: Method;
    path: string;
    operation?: string;
  }) {
    const mb = Math.round(init.limitBytes / MB);
    super({
      kind: 'response',
      message:
        init.scope === 'response'
          ? `the answer is larger than ${mb} MB; refusing to read it`
          : `the answers being read at once are larger than ${mb} MB together; refusing to read more of this one`,
      status: init.status,
      method: init.method,
      path: init.path,
      operation: init.operation,
      details: {bodyLimit: init.scope, limitBytes: init.limitBytes},
    });
    this.name = 'BodyLimitError';
    this.scope = init.scope;
    this.limitBytes = init.limitBytes;
  }
}

export function isBodyLimitError(
  error: unknown,
): error is VergeError & {details: {bodyLimit: 'response' | 'in-flight'; limitBytes: number}} {
  return (
    error instanceof VergeError &&
    error.kind === 'response' &&
    (error.details?.['bodyLimit'] === 'response' || error.details?.['bodyLimit'] === 'in-flight')
  );
}

export class Http {
  readonly site: SiteUrl;
  private readonly agent: Agent;
  private readonly ky: KyInstance;
  private readonly auth: AuthState;
  private readonly maxBodyBytes: number;
  private readonly budget: BodyBudget;
  private readonly timeoutMs: number;
  private readonly onEvent?: (event: RequestEvent) => void;
  private readonly extraSecrets?: () => readonly string[];
  private seq = 0;

  constructor(options: HttpOptions) {
    this.site = options.site;
    this.auth = options.auth;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const shared = options.maxInFlightBytes;
    this.budget = shared instanceof BodyBudget ? shared : new BodyBudget(shared ?? DEFAULT_MAX_IN_FLIGHT_BYTES);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.onEvent = options.onEvent;
    this.extraSecrets = options.secrets;
    this.agent = createAgent(options.site, options.trust);
    const agent = this.agent;
    const emit = (e: Omit<RequestEvent, 'seq'>) => this.onEvent?.({...e, seq: ++this.seq});

    this.ky = ky.create({
      baseUrl: options.site.origin,
      timeout: this.timeoutMs,
      throwHttpErrors: true,
      headers: {accept: 'application/json', 'user-agent': options.userAgent ?? 'vseg'},
      retry: {
        limit: options.retries ?? 3,
        methods: ['get', 'put', 'delete', 'head'],
        statusCodes: RETRY_STATUSES,
        afterStatusCodes: [429, 503],
        maxRetryAfter: 5_000,
        backoffLimit: 2_000,
        delay: (attempt) => 150 * 2 ** (attempt - 1),
        jitter: true,
        retryOnTimeout: true,
        shouldRetry: ({error}) => {
          // A certificate problem or a refused login will not fix itself; a spent deadline leaves no time.
          if (tlsFailureCode(error) || findVergeError(error) || error instanceof DeadlineReached) return false;
          if (error instanceof HTTPError && error.response.status === 401) return false;
          return undefined;
        },
      },
      hooks: {
        beforeRetry: [
          ({request, error, options: o}) => {
            const track = (o.context as {track?: {retries: number}}).track;
            if (track) track.retries += 1;
            emit({
              method: request.method as Method,
              path: new URL(request.url).pathname,
              phase: 'retry',
              ms: 0,
              error: scrub(describeCause(error), this.secrets()),
            });
          },
        ],
      },
      // undici's own fetch, so the Agent (TLS trust, pool) is honoured whatever
      // undici version the running Node bundles.
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
        const started = performance.now();
        const path = new URL(request.url).pathname;
        try {
          const response = await undiciFetch(request.url, {
            method: request.method,
            headers: [...request.headers.entries()],
            body: body && body.byteLength > 0 ? body : undefined,
            signal: request.signal,
            dispatcher: agent,
            redirect: 'manual',
          });
          emit({
            method: request.method as Method,
            path,
            phase: 'response',
            status: response.status,
            ms: performance.now() - started,
          });
          return response;
        } catch (error) {
          emit({
            method: request.method as Method,
            path,
            phase: 'error',
            ms: performance.now() - started,
            error: scrub(describeCause(error), this.secrets()),
          });
          throw error;
        }
      },
    });
  }

  async request<T = unknown>(method: Method, path: string, options: RequestOptions<T> = {}): Promise<HttpResult<T>> {
    const track = {retries: 0};
    const headers = options.withAuth === false ? {} : this.auth.headers();
    const deadline = new Deadline(this.timeoutMs, options.signal);
    const held = {bytes: 0};
    try {
      let response: Response;
      try {
        response = await this.ky(path, {
          method,
          headers,
          json: options.json,
          searchParams: options.search,
          signal: deadline.signal,
          context: {track},
        });
        const date = Date.parse(response.headers.get('date') ?? '');
        if (options.onServerTime && Number.isFinite(date)) options.onServerTime(Math.floor(date / 1000));
      } catch (error) {
        if (method === 'DELETE' && track.retries > 0 && error instanceof HTTPError && error.response.status === 404) {
          // The first attempt deleted the row but its answer was lost.
          return {status: 200, data: undefined as T, retries: track.retries, alreadyGone: true};
        }
        throw this.toVergeError(error, method, path, options, deadline);
      }
      return this.decode<T>(
        await this.readBody(response, method, path, options, held, deadline),
        response,
        method,
        path,
        options,
        track.retries,
      );
    } finally {
      deadline.clear();
      // The body is parsed (or refused): its bytes no longer count against the others.
      this.budget.give(held.bytes);
    }
  }

  /** Every secret to mask in text made from an answer to this request. */
  private secrets(options?: RequestOptions<unknown>): string[] {
    let extra: readonly string[] = [];
    try {
      extra = this.extraSecrets?.() ?? [];
    } catch {
      // a provider that fails has nothing to add
    }
    return [...this.auth.secrets(), ...extra, ...(options?.secrets ?? [])];
  }

  /** The error for a request cut off by its deadline; `bytes` of the body had arrived. */
  private timedOut(method: Method, path: string, options: RequestOptions<unknown>, bytes?: number): VergeError {
    const limit = `${this.timeoutMs / 1000} s`;
    return new VergeError({
      kind: 'timeout',
      message:
        bytes === undefined
          ? `no answer within ${limit} (the --timeout limit)`
          : `the answer was still arriving after ${limit} (${bytes} bytes so far); stopped at the --timeout limit`,
      method,
      path,
      operation: options.operation,
      outcome: method === 'GET' ? 'not-applied' : 'unknown',
      details: {timeoutMs: this.timeoutMs, ...(bytes === undefined ? {} : {bytesReceived: bytes})},
    });
  }

  private decode<T>(
    body: Buffer,
    response: Response,
    method: Method,
    path: string,
    options: RequestOptions<T>,
    retries: number,
  ): HttpResult<T> {
    const rows =
      options.rows && startsArray(body)
        ? this.decodeRows(body, options.rows, response, method, path, options)
        : undefined;
    if (rows) return {status: response.status, data: rows as T, retries};
    const text = body.toString('utf8');
    let data: unknown = undefined;
    if (text.trim() !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        throw new VergeError({
          kind: 'response',
          // Masked before it is cut: a secret at the cut would otherwise show its first characters.
          message: `the answer was not JSON (starts with ${JSON.stringify(scrub(text, this.secrets(options)).slice(0, 40))})`,
          status: response.status,
          method,
          path,
          operation: options.operation,
          outcome: method === 'POST' ? 'applied' : undefined,
        });
      }
    }
    if (options.schema) {
      const parsed = options.schema.safeParse(data);
      if (!parsed.success) this.refuseShape(parsed.error.issues[0], [], response, method, path, options);
      data = parsed.data;
    }
    return {status: response.status, data: data as T, retries};
  }

  /** An array answer, a row at a time; undefined when it does not cut into rows (then read whole, for its error). */
  private decodeRows(
    body: Buffer,
    reader: RowReader,
    response: Response,
    method: Method,
    path: string,
    options: RequestOptions<unknown>,
  ): unknown[] | undefined {
    const ranges = arrayElementRanges(body);
    if (!ranges) return undefined;
    const out: unknown[] = new Array(ranges.length / 2);
    const map = reader.map as ((row: unknown) => unknown) | undefined;
    const plain = rowRead(reader.schema);
    for (let r = 0; r < ranges.length; r += 2) {
      let raw: unknown;
      try {
        raw = JSON.parse(body.toString('utf8', ranges[r], ranges[r + 1]));
      } catch {
        return undefined;
      }
      let row = plain ? plain(raw) : REFUSE;
      if (row === REFUSE) {
        const parsed = reader.schema.safeParse(raw);
        if (!parsed.success) this.refuseShape(parsed.error.issues[0], [r / 2], response, method, path, options);
        row = parsed.data;
      }
      out[r / 2] = map ? map(row) : row;
    }
    return out;
  }

  private refuseShape(
    issue: z.core.$ZodIssue | undefined,
    at: PropertyKey[],
    response: Response,
    method: Method,
    path: string,
    options: RequestOptions<unknown>,
  ): never {
    const where = [...at, ...(issue?.path ?? [])].join('.') || 'body';
    throw new VergeError({
      kind: 'response',
      message: scrub(
        `the answer does not look like VergeOS's: ${where}: ${issue?.message ?? 'invalid'}`,
        this.secrets(options),
      ),
      status: response.status,
      method,
      path,
      operation: options.operation,
      outcome: method === 'POST' ? 'applied' : undefined,
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Reads the body within both limits; `held.bytes` is what it took from the shared budget (given back by the caller). */
  private async readBody(
    response: Response,
    method: Method,
    path: string,
    options: RequestOptions<unknown>,
    held: {bytes: number},
    deadline: Deadline,
  ): Promise<Buffer> {
    const declared = Number(response.headers.get('content-length') ?? 0);
    const tooBig = (scope: 'response' | 'in-flight') =>
      new BodyLimitError({
        scope,
        limitBytes: scope === 'response' ? this.maxBodyBytes : this.budget.limitBytes,
        status: response.status,
        method,
        path,
        operation: options.operation,
      });
    const refused =
      declared > this.maxBodyBytes ? 'response' : declared > this.budget.limitBytes ? 'in-flight' : undefined;
    if (refused) {
      await response.body?.cancel().catch(() => undefined);
      throw tooBig(refused);
    }
    if (!response.body) return Buffer.alloc(0);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    // The deadline cancels the read itself. Its abort also reaches fetch through
    // the request's signal, but undici links a Request's signal to the one it
    // follows weakly, and a garbage collection while the body trickles in can
    // drop that link: the read then waited for as long as the server liked
    // (test/faults/timeout.test.ts, the collection case).
    const stop = () => void reader.cancel(deadline.signal.reason).catch(() => undefined);
    if (deadline.signal.aborted) stop();
    else deadline.signal.addEventListener('abort', stop, {once: true});
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const {done, value} = await reader.read();
        // A cancelled read ends as if the body were complete: it is not.
        if (deadline.signal.aborted) throw deadline.signal.reason;
        if (done) break;
        size += value.byteLength;
        const over =
          size > this.maxBodyBytes ? 'response' : !this.budget.take(value.byteLength) ? 'in-flight' : undefined;
        if (over) {
          await reader.cancel().catch(() => undefined);
          throw tooBig(over);
        }
        held.bytes += value.byteLength;
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof VergeError) throw error;
      if (deadline.reached) throw this.timedOut(method, path, options, size);
      if (options.signal?.aborted)
        throw new VergeError({kind: 'aborted', message: 'cancelled', method, path, operation: options.operation});
      throw new VergeError({
        kind: 'network',
        message: `the connection dropped while reading the answer (${describeCause(error)})`,
        method,
        path,
        operation: options.operation,
        outcome: method === 'POST' ? 'applied' : undefined,
        cause: error,
      });
    } finally {
      deadline.signal.removeEventListener('abort', stop);
    }
    return Buffer.concat(chunks);
  }

  private toVergeError(
    error: unknown,
    method: Method,
    path: string,
    options: RequestOptions<unknown>,
    deadline: Deadline,
  ): VergeError {
    const operation = options.operation;
    const base = {method, path, operation};
    if (deadline.reached) return this.timedOut(method, path, options);
    const own = findVergeError(error);
    if (own)
      return new VergeError({
        ...base,
        kind: own.kind,
        message: own.message,
        details: own.details,
        outcome: 'not-applied',
      });
    if (error instanceof HTTPError) {
      const status = error.response.status;
      // ky has already read (and, for JSON, parsed) the error body into `data`.
      const data: unknown = error.data;
      const body = typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data);
      // Masked before and after the message is picked out (and possibly cut) of the body.
      const secrets = this.secrets(options);
      const serverMessage = scrub(serverMessageFrom(scrub(body, secrets)), secrets);
      if (status === 401) {
        return new VergeError({
          ...base,
          kind: 'auth',
          status,
          serverMessage,
          message:
            `the server refused the credentials${serverMessage ? ` ("${serverMessage}")` : ''}. ` +
            'vseg does not retry a failed login: repeated failures lock the VergeOS account.',
          outcome: 'not-applied',
        });
      }
      return new VergeError({
        ...base,
        kind: 'http',
        status,
        serverMessage,
        message: serverMessage ? `the server said "${serverMessage}"` : statusWords(status),
        // A 4xx means the server looked at the request and refused it; after a
        // 5xx the write may or may not have happened.
        outcome: status < 500 ? 'not-applied' : 'unknown',
      });
    }
    const name = (error as {name?: string})?.name;
    if (name === 'TimeoutError') return this.timedOut(method, path, options);
    if (name === 'AbortError' || options.signal?.aborted) {
      return new VergeError({...base, kind: 'aborted', message: 'cancelled', outcome: 'unknown', cause: error});
    }
    const tlsCode = tlsFailureCode(error);
    if (tlsCode) {
      return new VergeError({
        ...base,
        kind: 'tls',
        message:
          `the certificate of ${this.site.host} is not trusted (${tlsCode}). ` +
          'Review it and pin its fingerprint with `vseg login`, or pass --ca FILE or --fingerprint SHA256.',
        outcome: 'not-applied',
        details: {code: tlsCode},
        cause: error,
      });
    }
    const code = causeCode(error);
    const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH';
    return new VergeError({
      ...base,
      kind: 'network',
      message: refused
        ? `cannot reach ${this.site.host} (${code})`
        : `the connection to ${this.site.host} failed (${describeCause(error)})`,
      outcome: refused ? 'not-applied' : 'unknown',
      cause: error,
    });
  }
}

/** The reason a request's signal aborts at its deadline (told apart from the caller's own abort). */
class DeadlineReached extends Error {
  constructor() {
    super('the request took longer than its timeout');
    this.name = 'DeadlineReached';
  }
}

/**
 * One request's time limit, from its first byte sent to its last byte read:
 * one timer aborts the signal every attempt, every retry wait and the body
 * reader listen to. The caller's own signal aborts it too.
 */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  readonly signal: AbortSignal;
  reached = false;

  constructor(ms: number, outer?: AbortSignal) {
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
    this.timer = setTimeout(() => {
      this.reached = true;
      this.controller.abort(new DeadlineReached());
    }, ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function findVergeError(error: unknown): VergeError | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 6; depth++) {
    if (e instanceof VergeError) return e;
    e = (e as {cause?: unknown}).cause;
  }
  return undefined;
}

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 6; depth++) {
    const code = (e as {code?: unknown}).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    e = (e as {cause?: unknown}).cause;
  }
  return undefined;
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const m = (e as {message?: unknown}).message;
    const c = (e as {code?: unknown}).code;
    if (typeof c === 'string') parts.push(c);
    else if (typeof m === 'string' && m && !parts.includes(m)) parts.push(m);
    e = (e as {cause?: unknown}).cause;
  }
  return parts.join(': ') || 'unknown error';
}
