// One error type for everything the client can meet, carrying what an operator
// needs to act: what was being done, which call failed, and the server's own
// words. Messages never contain credentials or request bodies.

export type ErrorKind =
  | 'http' // the server answered with an error status
  | 'auth' // 401: wrong credentials, expired session, or locked account
  | 'network' // no answer: refused, reset, DNS, dropped connection
  | 'timeout'
  | 'aborted'
  | 'tls' // certificate not trusted
  | 'tls-mismatch' // certificate differs from the pinned fingerprint
  | 'response' // the answer was not what VergeOS sends (bad JSON, wrong shape, too big)
  | 'invalid-input' // refused locally before any request was sent
  | 'conflict'; // someone else changed what vseg was writing, and merging again did not settle it

export interface VergeErrorInit {
  kind: ErrorKind;
  message: string;
  status?: number;
  method?: string;
  path?: string;
  serverMessage?: string;
  operation?: string;
  /** For POSTs: whether the server may have applied the request despite the error. */
  outcome?: 'not-applied' | 'unknown' | 'applied';
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class VergeError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly method?: string;
  readonly path?: string;
  readonly serverMessage?: string;
  readonly operation?: string;
  readonly outcome?: 'not-applied' | 'unknown' | 'applied';
  readonly details?: Record<string, unknown>;

  constructor(init: VergeErrorInit) {
    super(init.message, init.cause === undefined ? undefined : {cause: init.cause});
    this.name = 'VergeError';
    this.kind = init.kind;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.serverMessage = init.serverMessage;
    this.operation = init.operation;
    this.outcome = init.outcome;
    this.details = init.details;
  }

  /** "METHOD /path" of the failed call, when known. */
  get call(): string | undefined {
    return this.method && this.path ? `${this.method} ${this.path}` : undefined;
  }

  /** One or two sentences for the status line or stderr. */
  describe(): string {
    return this.descriptions()[0];
  }

  /**
   * describe(), then shorter forms that keep the cause, for where room is
   * short: without the failed call, then without the operation too.
   */
  descriptions(): string[] {
    const what = this.operation ? `Could not ${this.operation}: ` : '';
    const where = this.call ? ` (${this.status ? `${this.status} on ` : ''}${this.call})` : '';
    const forms = [`${what}${this.message}${where}`, `${what}${this.message}`, this.message];
    return forms.filter((f, i) => f !== '' && f !== forms[i - 1]);
  }

  withOperation(operation: string): VergeError {
    if (this.operation) return this;
    return new VergeError({...this.init(), operation});
  }

  private init(): VergeErrorInit {
    return {
      kind: this.kind,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      serverMessage: this.serverMessage,
      operation: this.operation,
      outcome: this.outcome,
      cause: this.cause,
      details: this.details,
    };
  }
}

/** The server's message from an error body: `{"err":…}`, `{"error":…}`, `{"message":…}` or plain text. */
export function serverMessageFrom(body: string): string {
  const text = body.trim();
  if (text === '') return '';
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      // PSVergeOS has met {"err": true, "message": "..."}: the message is found all the same.
      for (const k of ['err', 'error', 'message']) {
        const v = o[k];
        if (typeof v === 'string' && v.trim() !== '') return v.trim();
      }
    }
    if (typeof parsed === 'string') return parsed;
  } catch {
    // not JSON: fall through to plain text
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const STATUS_WORDS: Record<number, string> = {
  400: 'the request was malformed',
  401: 'login required',
  403: 'permission denied',
  404: 'not found',
  405: 'not permitted',
  409: 'it already exists',
  422: 'the server refused the values',
  429: 'too many requests',
  500: 'the server failed',
  502: 'bad gateway',
  503: 'the service is unavailable',
  504: 'the gateway timed out',
};

export function statusWords(status: number): string {
  return STATUS_WORDS[status] ?? `HTTP ${status}`;
}
