// A console on a real simulator for the resource pane tests: the session as
// the console builds it (flags, env with temp XDG dirs), the resource views,
// and a stand-in for the networks view the console jumps to after a switch.
import {createServer, request, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {PassThrough, Readable} from 'node:stream';
import stringWidth from 'string-width';
import {expect} from 'vitest';
import type {ConnectionFlags} from '../../../source/session/connection-flags.js';
import {ConsoleSession} from '../../../source/session/console-session.js';
import {startSimulator, type SimulatorHandle, type SimulatorOptions} from '../../../source/simulator/index.js';
import {resetKnownSecrets} from '../../../source/store/secrets/known.js';
import {ConsoleApp} from '../../../source/ui/app/ConsoleApp.js';
import {defineView, type AnyViewDef} from '../../../source/ui/app/views.js';
import {SessionContext} from '../../../source/ui/data/session.js';
import {resourcesViews} from '../../../source/ui/panes/resources/index.js';
import {createTheme} from '../../../source/ui/theme/theme.js';
import {tempHome, type TempHome} from '../../store/helpers.js';
import {renderTui, stripAnsi, type Tui} from '../../ui/harness.js';

const networksStub = defineView<undefined>({
  id: 'networks',
  title: 'networks',
  command: 'networks',
  render: () => null,
});
export const VIEWS: readonly AnyViewDef[] = [networksStub, ...resourcesViews];

export interface Harness {
  sim: SimulatorHandle;
  home: TempHome;
  session: ConsoleSession;
  tui: Tui;
  /** Request bodies as they left the client (when started with `proxy`). */
  bodies: string[];
  /** The visible frame without styling. */
  text(): string;
  /** Everything ever written to the terminal, styling removed. */
  allOutput(): string;
  /** Types `:command` and Enter (once the command line is open). */
  command(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sim?: SimulatorOptions;
  /** Connection flags; default: the simulator's URL and user (password from VSEG_PASSWORD). */
  flags?: (sim: SimulatorHandle, proxyUrl: string) => ConnectionFlags;
  /** Extra environment; `VSEG_PASSWORD` is set unless `noPassword`. */
  env?: NodeJS.ProcessEnv;
  noPassword?: boolean;
  /** Put a recording proxy between the console and the simulator (http only). */
  proxy?: boolean;
  initialView?: string | ((session: ConsoleSession) => string);
  columns?: number;
  rows?: number;
  /** Runs before the session starts (e.g. to save profiles in the temp home). */
  prepare?: (home: TempHome, sim: SimulatorHandle) => void;
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

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  resetKnownSecrets();
  const sim = await startSimulator({seed: 'demo', applyDelayMs: 20, powerDelayMs: 60, ...options.sim});
  const proxy = options.proxy ? await recordingProxy(sim.url) : undefined;
  const home = tempHome({...(options.noPassword ? {} : {VSEG_PASSWORD: sim.password}), ...options.env});
  options.prepare?.(home, sim);
  const flags = options.flags
    ? options.flags(sim, proxy?.url ?? sim.url)
    : {url: proxy?.url ?? sim.url, user: sim.user};
  const session = new ConsoleSession({
    flags,
    io: {stdin: Object.assign(Readable.from([]), {isTTY: false}), stderr: new PassThrough(), env: home.env},
    refreshMs: 60_000,
    backoff: {initialMs: 60_000, maxMs: 60_000},
  });
  const initialView =
    typeof options.initialView === 'function' ? options.initialView(session) : (options.initialView ?? 'networks');
  const tui = renderTui(
    <SessionContext.Provider value={session}>
      <ConsoleApp
        theme={createTheme({color: false})}
        model={session.model}
        views={VIEWS}
        initialView={initialView}
        env={home.env}
      />
    </SessionContext.Provider>,
    {columns: options.columns ?? 80, rows: options.rows ?? 24},
  );
  void session.start();
  return {
    sim,
    home,
    session,
    tui,
    bodies: proxy?.bodies ?? [],
    text: () => stripAnsi(tui.lastFrame()),
    allOutput: () => stripAnsi(tui.stdout.frames.join('')),
    async command(name) {
      tui.press(':');
      await tui.waitFor('Enter runs');
      tui.type(name);
      tui.press('enter');
      await tui.waitFor((f) => !f.includes('Enter runs'));
    },
    async close() {
      tui.unmount();
      await session.close();
      await new Promise<void>((resolve) => (proxy ? proxy.server.close(() => resolve()) : resolve()));
      await sim.close();
      home.cleanup();
    },
  };
}

/** Every full frame written so far fits the terminal. */
export function expectFramesFit(tui: Tui, columns: number, rows: number): void {
  const frames = tui.stdout.frames.filter((f) => f.includes('\n'));
  expect(frames.length).toBeGreaterThan(0);
  for (const frame of frames) {
    const lines = stripAnsi(frame).split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
  }
}

/** Writes (POST/PUT/DELETE) the simulator received since `from`, as "METHOD /path status". */
export function writes(sim: SimulatorHandle, from = 0): string[] {
  return sim.requests
    .slice(from)
    .filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'))
    .map((r) => `${r.method} ${r.path} ${r.status}`);
}

export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const rowNamed = (sim: SimulatorHandle, table: string, name: string) =>
  sim.rows(table).find((r) => r['name'] === name);
