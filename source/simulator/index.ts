// The VergeOS API simulator: a real HTTP(S) server that answers like VergeOS
// for everything vseg and the official SDKs use. Demo backend, integration
// test target, benchmark target. See README.md in this folder.
import {createHash, randomBytes} from 'node:crypto';
import type {AddressInfo} from 'node:net';
import {Auth} from './auth.js';
import {realClock, type SimClock} from './clock.js';
import {configureDataplane} from './dataplane/index.js';
import {Faults, parseFaults, type FaultSpec} from './faults.js';
import {createServer, type ServerContext, type SimRequest} from './http-server.js';
import {Persister, loadState, saveState} from './persist.js';
import {findRow, projectAll, tableRows} from './query/list.js';
import {schemaOf} from './schema/index.js';
import {SIM_VERSION} from './schema/system.js';
import {buildSeed, parseSeed} from './seeds/index.js';
import {tableHooks} from './semantics/hooks.js';
import {Sim} from './sim.js';
import {selfSignedCertificate} from './tls/x509.js';

export {parseFaults};
export {ManualClock, realClock, type SimClock} from './clock.js';
export type {FaultSpec, SimRequest};

export interface SimulatorOptions {
  host?: string;
  port?: number;
  tls?: boolean;
  seed?: string;
  latencyMs?: number;
  faults?: string;
  statePath?: string;
  user?: string;
  password?: string;
  applyDelayMs?: number;
  powerDelayMs?: number;
  lockoutThreshold?: number;
  tokenIdleMs?: number;
  /**
   * Answer unknown `fields` entries, joins through plain columns and filters
   * on missing columns with 422 (the old behaviour) instead of ignoring them
   * as VergeOS 26.1.8 does. Default false.
   */
  strictQueries?: boolean;
  /** Base duration of a diagnostic query (vnet_queries), ms; default 400. */
  queryDelayMs?: number;
  /** Routers (network names) that ignore Apply Rules while the API reports it done. */
  staleRouters?: string[];
  /** TENANT:NETWORK pairs passed through to a tenant at layer 2 (tenant_layer2_vnets). */
  layer2?: string[];
  /**
   * The time apply/power/query delays, token expiry, hit counters and time stamps run on
   * (default: real time). Tests pass a ManualClock and advance it instead of sleeping.
   */
  clock?: SimClock;
}

export interface SimulatorHandle {
  url: string;
  user: string;
  password: string;
  fingerprint: string | null;
  certPem: string | null;
  close(): Promise<void>;
  requests: SimRequest[];
  clearRequests(): void;
  rows(table: string): Record<string, unknown>[];
  row(table: string, key: number): Record<string, unknown> | undefined;
  activeRules(vnetKey: number): Record<string, unknown>[];
  setFaults(spec: string): void;
  setLatency(ms: number): void;
  createApiKey(user?: string): string;
  expireTokens(): void;
  /** extra: the seed the data was built from */
  readonly seed: string;
  /** extra: clears a lockout */
  unlock(user?: string): void;
  /** extra: writes the state file now (no-op without statePath) */
  saveState(): void;
}

const DEFAULT_TOKEN_IDLE_MS = 30 * 60 * 1000;

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const seed = options.seed ?? 'demo';
  parseSeed(seed);
  const faultSpec = options.faults ?? '';
  parseFaults(faultSpec);
  const host = options.host ?? '127.0.0.1';
  const user = options.user ?? 'admin';
  const password = options.password ?? randomBytes(12).toString('base64url');
  const tokenIdleMs = options.tokenIdleMs ?? DEFAULT_TOKEN_IDLE_MS;

  const sim = new Sim(
    {
      seedName: seed,
      applyDelayMs: options.applyDelayMs ?? 800,
      powerDelayMs: options.powerDelayMs ?? 1200,
      strictQueries: options.strictQueries ?? false,
    },
    tableHooks(),
    options.clock ?? realClock,
  );
  const auth = new Auth(options.lockoutThreshold ?? 5, tokenIdleMs, sim.clock);
  auth.addUser(user, password);
  const faults = new Faults(faultSpec, seed);
  const applyFaultExpiry = (): void => {
    const expire = faults.current.expire;
    auth.tokenIdleMs = expire !== undefined ? expire * 1000 : tokenIdleMs;
  };
  applyFaultExpiry();

  const statePath = options.statePath;
  let loaded = false;
  if (statePath) {
    sim.immediate = true;
    try {
      loaded = loadState(sim, auth, statePath);
    } finally {
      sim.immediate = false;
    }
  }
  if (!loaded) buildSeed(sim, seed);
  configureDataplane(sim, {
    queryDelayMs: options.queryDelayMs,
    staleRouters: options.staleRouters,
    layer2: options.layer2,
  });
  const persister = statePath ? new Persister(() => saveState(sim, auth, statePath)) : null;
  if (persister) {
    sim.onChange = () => persister.schedule();
    if (!loaded) persister.flush();
  }

  const cert = options.tls ? selfSignedCertificate() : null;
  const ctx: ServerContext = {
    sim,
    auth,
    faults,
    latencyMs: options.latencyMs ?? 0,
    requests: [],
    versionHash: createHash('sha1').update(`vseg-simulator ${SIM_VERSION}`).digest('hex'),
  };
  const server = createServer(ctx, cert ? {key: cert.keyPem, cert: cert.certPem} : null);
  const address = await listen(server, options.port ?? 0, host);
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | null = null;

  const checkTable = (table: string): void => {
    if (!schemaOf(table)) throw new Error(`unknown table '${table}'`);
  };

  return {
    url: `${cert ? 'https' : 'http'}://${hostPart}:${address.port}`,
    user,
    password,
    fingerprint: cert ? cert.fingerprint : null,
    certPem: cert ? cert.certPem : null,
    seed,
    get requests() {
      return ctx.requests;
    },
    clearRequests() {
      ctx.requests.length = 0;
    },
    rows(table) {
      checkTable(table);
      return projectAll(sim, table, tableRows(sim, table));
    },
    row(table, key) {
      checkTable(table);
      const r = findRow(sim, table, key);
      return r ? projectAll(sim, table, [r])[0] : undefined;
    },
    activeRules(vnetKey) {
      return projectAll(sim, 'vnet_rules', sim.active.get(vnetKey) ?? []);
    },
    setFaults(spec) {
      faults.set(spec);
      applyFaultExpiry();
    },
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`latency must be a non-negative number of ms, got ${ms}`);
      ctx.latencyMs = ms;
    },
    createApiKey(forUser) {
      return auth.createApiKey(forUser ?? user);
    },
    expireTokens() {
      auth.expireTokens();
    },
    unlock(forUser) {
      auth.unlock(forUser ?? user);
    },
    saveState() {
      persister?.flush();
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        sim.close();
        persister?.flush();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
