// The simulator as its own process (`vseg simulator`, the real binary), the
// way an operator's console meets a real site: over TLS, on another PID, able
// to go away (stop), hang (pause) and come back (resume). A restarted process
// would present a new certificate, so an outage the console should survive is
// made with a TCP proxy in front (proxy.ts). Tests read the state through the
// API, as any client would.
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {z} from 'zod';
import {VergeClient} from '../../source/api/client.js';
import {VSEG_BIN} from './harness.js';

export interface SiteProcessOptions {
  seed?: string;
  latencyMs?: number;
  faults?: string;
  applyDelayMs?: number;
  powerDelayMs?: number;
  tls?: boolean;
  /** A fixed port (screenshots want the same header every run); default any free one. */
  port?: number;
  /** Base duration of a router diagnostic (vnet_queries). */
  queryDelayMs?: number;
  staleRouters?: string[];
  /** Start from this state file (`--state`; the seed is then ignored), e.g. one from site-state.ts. */
  state?: string;
}

export interface SiteProcess {
  url: string;
  user: string;
  password: string;
  fingerprint: string;
  pid: number;
  /** `--url … --user … --fingerprint …` for the console or a command (password in the environment). */
  args(): string[];
  /** Environment carrying the password, as an operator's shell would (never argv). */
  env(): Record<string, string>;
  /** Every row of a table, all readable fields, read through the API. */
  rows(table: string): Promise<Array<Record<string, unknown>>>;
  /** Stops answering: connections hang (the process is stopped, the port stays bound). */
  pause(): void;
  resume(): void;
  /** Ends the process: connections are refused. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

const anyRow = z.record(z.string(), z.unknown());
const announce = z.object({
  url: z.string(),
  user: z.string(),
  password: z.string(),
  fingerprint: z.string().nullable(),
});

function launch(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{child: ChildProcess; info: z.infer<typeof announce>}> {
  const child = spawn(process.execPath, [VSEG_BIN, 'simulator', ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({input: child.stdout});
    lines.once('line', (line) => {
      lines.close();
      try {
        resolve({child, info: announce.parse(JSON.parse(line))});
      } catch (error) {
        reject(new Error(`simulator said ${line}: ${(error as Error).message}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${stderr}`)));
  });
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startSiteProcess(options: SiteProcessOptions = {}): Promise<SiteProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'vseg-e2e-site-'));
  const password = `e2e-${Math.random().toString(36).slice(2)}-pw`;
  const env = {PATH: process.env['PATH'], HOME: dir, VSEG_SIM_PASSWORD: password};
  const base = [
    '--tls',
    '--seed',
    options.seed ?? 'demo',
    '--apply-delay',
    String(options.applyDelayMs ?? 60),
    '--power-delay',
    String(options.powerDelayMs ?? 60),
    ...(options.latencyMs ? ['--latency', String(options.latencyMs)] : []),
    ...(options.faults ? ['--faults', options.faults] : []),
    ...(options.queryDelayMs !== undefined ? ['--query-delay', String(options.queryDelayMs)] : []),
    ...(options.staleRouters ?? []).flatMap((n) => ['--stale-router', n]),
    ...(options.state ? ['--state', options.state] : []),
  ];
  if (options.tls === false) base.splice(0, 1);
  const {child, info} = await launch([...base, '--port', String(options.port ?? 0)], env);
  const fingerprint = info.fingerprint ?? '';
  let client: VergeClient | undefined;
  const api = () =>
    (client ??= new VergeClient({
      url: info.url,
      auth: {kind: 'basic', user: info.user, password},
      trust: fingerprint ? {mode: 'pin', fingerprint} : {mode: 'system'},
      retries: 0,
    }));
  const dropClient = async () => {
    const c = client;
    client = undefined;
    await c?.close().catch(() => undefined);
  };

  const site: SiteProcess = {
    url: info.url,
    user: info.user,
    password,
    fingerprint,
    pid: child.pid!,
    args: () => ['--url', info.url, '--user', info.user, ...(fingerprint ? ['--fingerprint', fingerprint] : [])],
    env: () => ({VSEG_PASSWORD: password}),
    rows: (table) => api().list(table, anyRow, {fields: ['all']}),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async stop() {
      await dropClient();
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await ended(child);
    },
    async close() {
      await site.stop();
      rmSync(dir, {recursive: true, force: true});
    },
  };
  return site;
}
