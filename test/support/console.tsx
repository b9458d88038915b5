// The one in-process console for tests: a real simulator (or a shared one), a
// private home, the live ConsoleSession (connect, load, poll, runPlan) and the
// console app with the views under test, in a terminal of known size. Nothing
// is mocked between the keys and the HTTP requests. The per-area helpers
// (panes/core, panes/analyze, panes/resources, wizards) are thin presets of it.
import {createServer, request, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {PassThrough, Readable} from 'node:stream';
import type {Site} from '../../source/domain/model.js';
import type {ConnectionOptions} from '../../source/session/connection.js';
import type {ConnectionFlags} from '../../source/session/connection-flags.js';
import {ConsoleSession} from '../../source/session/console-session.js';
import {startSimulator, type SimulatorHandle, type SimulatorOptions} from '../../source/simulator/index.js';
import {resetKnownSecrets} from '../../source/store/secrets/known.js';
import type {ShellCommand} from '../../source/ui/app/commands.js';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import type {AnyViewDef} from '../../source/ui/app/views.js';
import {SessionContext} from '../../source/ui/data/session.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {tempHome, type TempHome} from '../store/helpers.js';
import {renderTui, stripAnsi, type Tui} from '../ui/harness.js';
import {waitUntil} from './wait.js';

export interface TestConsoleOptions {
  views: readonly AnyViewDef[];
  commands?: readonly ShellCommand[];
  initialView?: string | ((session: ConsoleSession) => string);
  initialParams?: unknown;
  /** Options of the simulator this console starts (seed 'demo' unless given). */
  sim?: SimulatorOptions;
  /** A simulator to share instead (left open on close). */
  shared?: SimulatorHandle;
  readOnly?: boolean;
  columns?: number;
  rows?: number;
  /** Connection flags; default: the simulator's URL, user and (over TLS) fingerprint. */
  flags?: (sim: SimulatorHandle, url: string) => ConnectionFlags;
  /** Extra environment of the session; `VSEG_PASSWORD` is the simulator's unless `noPassword`. */
  env?: NodeJS.ProcessEnv;
  noPassword?: boolean;
  /** Put a recording proxy between the console and the simulator (http only). */
  proxy?: boolean;
  /** Runs before the session starts (e.g. to save profiles in the temp home). */
  prepare?: (home: TempHome, sim: SimulatorHandle) => void;
  /** Default: no retries and the temp home's paths. */
  connectionOptions?: (home: TempHome) => ConnectionOptions;
  /** Poll interval; default 10 min: the session polls only when a test asks (r), so every request is one it caused. */
  refreshMs?: number;
  /** The environment the console app sees (keymap, NO_COLOR); default none. */
  appEnv?: (home: TempHome) => NodeJS.ProcessEnv;
  /** Return before the first load finished (tests of the loading state); default: after it. */
  startInBackground?: boolean;
}

export interface TestConsole {
  sim: SimulatorHandle;
  session: ConsoleSession;
  tui: Tui;
  home: TempHome;
  /** Request bodies as they left the client (when started with `proxy`). */
  bodies: string[];
  /** The session's newest snapshot (throws before the first load). */
  site(): Site;
  /** Key of a simulator row by name. */
  key(table: string, name: string, extra?: (row: Record<string, unknown>) => boolean): number;
  /** Requests that changed something (not GETs, not sign-in), as "METHOD /path". */
  writes(): string[];
  /** The visible frame without styles. */
  text(): string;
  /** Everything ever written to the terminal, styles removed. */
  allOutput(): string;
  /** Opens the command line, types `line` ("wizard rules", no colon), runs it and waits for the line to close. */
  command(line: string): Promise<void>;
  /** Waits for the frame to hold `text`, then lets the commit that drew it finish (its keys are live). */
  see(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until the session's snapshot satisfies `check` (after a refresh). */
  until(check: (site: Site) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A plain http forwarder that keeps every request body. */
async function recordingProxy(target: string): Promise<{url: string; bodies: string[]; server: Server}> {
  const bodies: string[] = [];
  const to = new URL(target);
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.push(body.toString('utf8'));
      const out = request(
        {host: to.hostname, port: to.port, method: req.method, path: req.url, headers: {...req.headers, host: to.host}},
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server};
}

/** Requests that changed something (not GETs, not sign-in). */
export function writeRequests(sim: SimulatorHandle, from = 0): SimulatorHandle['requests'] {
  return sim.requests.slice(from).filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'));
}

/** The command line is open: its ":" prompt and the hint line under it (CommandLine.tsx). */
const isCommandLine = (frame: string) => {
  const lines = stripAnsi(frame).split('\n');
  return lines.some((l) => l.startsWith(':')) && lines.some((l) => l.startsWith('Tab completes'));
};

export async function openTestConsole(options: TestConsoleOptions): Promise<TestConsole> {
  resetKnownSecrets();
  const own = options.shared === undefined;
  const sim = options.shared ?? (await startSimulator({seed: 'demo', ...options.sim}));
  const proxy = options.proxy ? await recordingProxy(sim.url) : undefined;
  const home = tempHome({...(options.noPassword ? {} : {VSEG_PASSWORD: sim.password}), ...options.env});
  options.prepare?.(home, sim);
  const url = proxy?.url ?? sim.url;
  const flags: ConnectionFlags = options.flags
    ? options.flags(sim, url)
    : {
        url,
        user: sim.user,
        ...(sim.fingerprint ? {fingerprint: sim.fingerprint} : {}),
        ...(options.readOnly ? {'read-only': true} : {}),
      };
  const session = new ConsoleSession({
    flags,
    io: {env: home.env, stdin: Object.assign(Readable.from([]), {isTTY: false}), stderr: new PassThrough()},
    connectionOptions: options.connectionOptions ? options.connectionOptions(home) : {retries: 0, paths: home.paths},
    refreshMs: options.refreshMs ?? 600_000,
    backoff: {initialMs: 60_000, maxMs: 60_000},
  });
  const initialView =
    typeof options.initialView === 'function' ? options.initialView(session) : (options.initialView ?? 'networks');
  const tui = renderTui(
    <SessionContext.Provider value={session}>
      <ConsoleApp
        theme={createTheme({color: false})}
        model={session.model}
        views={options.views}
        commands={options.commands}
        initialView={initialView}
        initialParams={options.initialParams}
        env={options.appEnv ? options.appEnv(home) : {}}
      />
    </SessionContext.Provider>,
    {columns: options.columns ?? 80, rows: options.rows ?? 24},
  );
  if (options.startInBackground) void session.start();
  else await session.start();
  const text = () => stripAnsi(tui.lastFrame());
  return {
    sim,
    session,
    tui,
    home,
    bodies: proxy?.bodies ?? [],
    site: () => {
      const s = session.getSnapshot().site;
      if (!s) throw new Error('no site loaded yet');
      return s;
    },
    key(table, name, extra) {
      const row = sim.rows(table).find((r) => r['name'] === name && (!extra || extra(r)));
      if (!row) throw new Error(`no ${table} row named ${name}`);
      return Number(row['$key']);
    },
    writes: () => writeRequests(sim).map((r) => `${r.method} ${r.path}`),
    text,
    allOutput: () => stripAnsi(tui.stdout.frames.join('')),
    async command(line) {
      tui.press(':');
      await tui.waitFor(isCommandLine);
      tui.type(line);
      tui.press('enter');
      // Keys sent after this go to the view the command opened, not to the command line.
      await tui.waitFor((f) => !isCommandLine(f));
    },
    async see(expected, timeoutMs = 5000) {
      const frame = await tui.waitFor(expected, timeoutMs);
      await tui.settle();
      return frame;
    },
    async until(check, timeoutMs = 5000) {
      await waitUntil(
        () => {
          const s = session.getSnapshot().site;
          return s != null && check(s);
        },
        {timeoutMs, what: 'the site to change', detail: () => `last frame:\n${text()}`},
      );
    },
    async close() {
      tui.unmount();
      await session.close();
      await new Promise<void>((resolve) => (proxy ? proxy.server.close(() => resolve()) : resolve()));
      if (own) await sim.close();
      home.cleanup();
    },
  };
}
