// Shared helpers for the simulator tests: a running simulator and a tiny JSON
// client over real HTTP (waiting: test/support/wait.ts).
import {startSimulator, type SimulatorHandle, type SimulatorOptions} from '../../source/simulator/index.js';

export const PASSWORD = 'correct horse battery staple';

export async function start(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  return startSimulator({password: PASSWORD, applyDelayMs: 40, powerDelayMs: 60, ...options});
}

/** A row as the API answers it: every column is unknown until a test looks at it. */
export type Row = Record<string, unknown>;

/**
 * A value read off the wire, deliberately untyped: these tests check the shape
 * the client's types assume, so they cannot read it through those types.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one declaration of untyped wire data (see above)
export type Wire = any;

export interface Answer<T = Wire> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export function basic(user: string, password: string): Record<string, string> {
  return {authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`};
}

export class Api {
  headers: Record<string, string>;

  constructor(
    readonly sim: SimulatorHandle,
    headers?: Record<string, string>,
  ) {
    this.headers = headers ?? basic(sim.user, sim.password);
  }

  async call<T = Wire>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const res = await fetch(`${this.sim.url}${path}`, {
      method,
      headers: {...this.headers, ...(body === undefined ? {} : {'content-type': 'application/json'}), ...extraHeaders},
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return {status: res.status, body: parsed as T, text, headers: res.headers};
  }

  get<T = Wire>(path: string, query: Record<string, string> = {}): Promise<Answer<T>> {
    const qs = new URLSearchParams(query).toString();
    return this.call<T>('GET', `/api/v4/${path}${qs ? `?${qs}` : ''}`);
  }

  post<T = Wire>(path: string, body: unknown): Promise<Answer<T>> {
    return this.call<T>('POST', `/api/v4/${path}`, body);
  }

  put<T = Wire>(path: string, body: unknown): Promise<Answer<T>> {
    return this.call<T>('PUT', `/api/v4/${path}`, body);
  }

  del<T = Wire>(path: string): Promise<Answer<T>> {
    return this.call<T>('DELETE', `/api/v4/${path}`);
  }

  /** The $key of the row of `table` named `name`. */
  async keyOf(table: string, name: string): Promise<number> {
    const r = await this.get(table, {fields: '$key,name', filter: `name eq '${name}'`});
    if (r.status !== 200 || r.body.length !== 1) throw new Error(`no single ${table} named ${name}: ${r.text}`);
    return r.body[0].$key as number;
  }
}

/** status of a network's router through the documented join */
export async function vnetState(
  api: Api,
  key: number,
): Promise<{running: boolean; status: string; need_fw_apply: boolean; need_restart: boolean}> {
  const r = await api.get(`vnets/${key}`, {
    fields: 'need_fw_apply,need_restart,machine#status#running as running,machine#status#status as status',
  });
  return r.body;
}
