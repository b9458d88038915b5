// The whole console (every registered view and command) on a live session
// against a real simulator over HTTPS, in a terminal of known size. Nothing
// is mocked between the keys and the HTTP requests.
import {PassThrough, Readable} from 'node:stream';
import {ConsoleSession} from '../../../source/session/console-session.js';
import type {Site} from '../../../source/domain/model.js';
import {startSimulator, type SimulatorHandle} from '../../../source/simulator/index.js';
import {ConsoleApp} from '../../../source/ui/app/ConsoleApp.js';
import {SessionContext} from '../../../source/ui/data/session.js';
import {consoleCommands, consoleViews} from '../../../source/ui/panes/index.js';
import {createTheme} from '../../../source/ui/theme/theme.js';
import {tempHome, type TempHome} from '../../store/helpers.js';
import {renderTui, stripAnsi, type Tui} from '../../ui/harness.js';

export interface Console {
  sim: SimulatorHandle;
  session: ConsoleSession;
  tui: Tui;
  home: TempHome;
  /** Requests that changed something (not GETs, not sign-in). */
  writes(): string[];
  /** Waits until the session's snapshot satisfies `check`. */
  until(check: (site: Site) => boolean, timeoutMs?: number): Promise<void>;
  /** The frame without styles. */
  text(): string;
  /** Opens the command line, types the command and runs it. */
  command(line: string): void;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  columns?: number;
  rows?: number;
  readOnly?: boolean;
  /** A simulator to share (left open on close). */
  sim?: SimulatorHandle;
}

export async function openConsole(options: ConsoleOptions = {}): Promise<Console> {
  const home = tempHome();
  const own = options.sim === undefined;
  const sim =
    options.sim ??
    (await startSimulator({
      seed: 'demo',
      tls: true,
      applyDelayMs: 20,
      powerDelayMs: 20,
      password: 'sim-admin-password',
    }));
  const stdin = Object.assign(Readable.from([]), {isTTY: false});
  const session = new ConsoleSession({
    flags: {
      url: sim.url,
      user: sim.user,
      fingerprint: sim.fingerprint!,
      ...(options.readOnly ? {'read-only': true} : {}),
    },
    io: {env: {...home.env, VSEG_PASSWORD: sim.password}, stdin, stderr: new PassThrough()},
    connectionOptions: {retries: 0, paths: home.paths},
    // Polls only when a test asks (r): every request a test sees is one it caused.
    refreshMs: 600_000,
    backoff: {initialMs: 60_000, maxMs: 60_000},
  });
  const tui = renderTui(
    <SessionContext.Provider value={session}>
      <ConsoleApp
        theme={createTheme({color: false})}
        model={session.model}
        views={consoleViews}
        commands={consoleCommands}
        initialView="networks"
        env={{}}
      />
    </SessionContext.Provider>,
    {columns: options.columns ?? 80, rows: options.rows ?? 24},
  );
  await session.start();
  return {
    sim,
    session,
    tui,
    home,
    writes: () =>
      sim.requests
        .filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'))
        .map((r) => `${r.method} ${r.path}`),
    async until(check, timeoutMs = 5000) {
      const started = Date.now();
      for (;;) {
        const s = session.getSnapshot().site;
        if (s && check(s)) return;
        if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the site');
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    text: () => stripAnsi(tui.lastFrame()),
    command(line) {
      tui.press(':');
      tui.type(line);
      tui.press('enter');
    },
    async close() {
      tui.unmount();
      await session.close();
      if (own) await sim.close();
      home.cleanup();
    },
  };
}
