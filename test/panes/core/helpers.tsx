// A console on the core panes against a real simulator: the live session
// (connect, load, poll, runPlan) in a terminal of known size. Nothing is
// mocked between the keys and the HTTP requests.
import {PassThrough, Readable} from 'node:stream';
import {ConsoleApp} from '../../../source/ui/app/ConsoleApp.js';
import {SessionContext} from '../../../source/ui/data/session.js';
import {coreCommands, coreViews} from '../../../source/ui/panes/core/index.js';
import {createTheme} from '../../../source/ui/theme/theme.js';
import {ConsoleSession} from '../../../source/session/console-session.js';
import {startSimulator, type SimulatorHandle} from '../../../source/simulator/index.js';
import type {Rule, Site} from '../../../source/domain/model.js';
import {tempHome, type TempHome} from '../../store/helpers.js';
import {renderTui, stripAnsi, type Tui} from '../../ui/harness.js';

export interface Console {
  sim: SimulatorHandle;
  session: ConsoleSession;
  tui: Tui;
  home: TempHome;
  /** The session's newest snapshot (throws before the first load). */
  site(): Site;
  /** Key of a simulator row by name. */
  key(table: string, name: string, extra?: (row: Record<string, unknown>) => boolean): number;
  /** Requests that changed something (not GETs, not sign-in). */
  writes(): string[];
  /** Waits until the session's snapshot satisfies `check` (after a refresh). */
  until(check: (site: Site) => boolean, timeoutMs?: number): Promise<void>;
  /** The frame's lines without styles. */
  text(): string;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  readOnly?: boolean;
  columns?: number;
  rows?: number;
  initialView?: string;
  initialParams?: unknown;
}

const commands = coreCommands;

export async function openConsole(options: ConsoleOptions = {}): Promise<Console> {
  const home = tempHome();
  const sim = await startSimulator({seed: 'demo', applyDelayMs: 30, powerDelayMs: 30});
  const stdin = Object.assign(Readable.from([]), {isTTY: false});
  const session = new ConsoleSession({
    flags: {url: sim.url, user: sim.user, ...(options.readOnly ? {'read-only': true} : {})},
    io: {env: {...home.env, VSEG_PASSWORD: sim.password}, stdin, stderr: new PassThrough()},
    connectionOptions: {retries: 0},
    // Polls only when a test asks (r): every request a test sees is one it caused.
    refreshMs: 600_000,
    backoff: {initialMs: 60_000, maxMs: 60_000},
  });
  const tui = renderTui(
    <SessionContext.Provider value={session}>
      <ConsoleApp
        theme={createTheme({color: false})}
        model={session.model}
        views={coreViews}
        commands={commands}
        initialView={options.initialView ?? 'networks'}
        initialParams={options.initialParams}
        env={{}}
      />
    </SessionContext.Provider>,
    {columns: options.columns ?? 120, rows: options.rows ?? 30},
  );
  await session.start();
  const c: Console = {
    sim,
    session,
    tui,
    home,
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
    async close() {
      tui.unmount();
      await session.close();
      await sim.close();
      home.cleanup();
    },
  };
  return c;
}

const selectedLine = (frame: string) =>
  stripAnsi(frame)
    .split('\n')
    .find((l) => l.startsWith('›')) ?? '';

/** Moves the table cursor down from the top to the first row holding `text`. */
export async function selectRow(tui: Tui, text: string): Promise<void> {
  tui.press('g');
  await tui.waitFor((f) => selectedLine(f) !== '');
  for (let i = 0; i < 80; i++) {
    const line = selectedLine(tui.lastFrame());
    if (line.includes(text)) return;
    tui.press('down');
    try {
      await tui.waitFor((f) => selectedLine(f) !== line, 1000);
    } catch {
      break;
    }
  }
  throw new Error(`no row with ${text}; last frame:\n${stripAnsi(tui.lastFrame())}`);
}

export function ruleNamed(site: Site, network: string, name: string): Rule {
  const net = site.networks.find((n) => n.name === network)!;
  const rule = site.rules.find((r) => r.vnet === net.key && r.name === name);
  if (!rule) throw new Error(`no rule ${network}/${name}`);
  return rule;
}
