// A console with the wizard views against a real simulator: the live session
// (connect, load, runPlan with checkpoints), keys in, frames and the
// simulator's state out. Nothing is mocked between the keys and the HTTP.
import {PassThrough, Readable} from 'node:stream';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {SessionContext} from '../../source/ui/data/session.js';
import {wizardsCommands, wizardsViews} from '../../source/ui/panes/wizards/index.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {ConsoleSession} from '../../source/session/console-session.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import type {Site} from '../../source/domain/model.js';
import {tempHome, type TempHome} from '../store/helpers.js';
import {renderTui, stripAnsi, type Tui} from '../ui/harness.js';

export interface WizardConsole {
  sim: SimulatorHandle;
  session: ConsoleSession;
  tui: Tui;
  home: TempHome;
  site(): Site;
  /** Requests that changed something (not GETs, not sign-in). */
  writes(): string[];
  text(): string;
  /** Types a command line (":wizard rules") and runs it. */
  command(text: string): Promise<void>;
  /** Waits until the simulator's state satisfies `check`. */
  until(check: () => boolean, timeoutMs?: number): Promise<void>;
  /** Waits for the frame to hold `text` (plain string or RegExp). */
  see(text: string | RegExp, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

const commands = wizardsCommands;

export async function openWizardConsole(
  options: {seed?: string; columns?: number; rows?: number; readOnly?: boolean} = {},
): Promise<WizardConsole> {
  const home = tempHome();
  const sim = await startSimulator({seed: options.seed ?? 'demo', applyDelayMs: 10, powerDelayMs: 10});
  const stdin = Object.assign(Readable.from([]), {isTTY: false});
  const session = new ConsoleSession({
    flags: {url: sim.url, user: sim.user, ...(options.readOnly ? {'read-only': true} : {})},
    io: {env: {...home.env, VSEG_PASSWORD: sim.password}, stdin, stderr: new PassThrough()},
    connectionOptions: {retries: 0, paths: home.paths},
    refreshMs: 600_000,
    backoff: {initialMs: 60_000, maxMs: 60_000},
  });
  const tui = renderTui(
    <SessionContext.Provider value={session}>
      <ConsoleApp
        theme={createTheme({color: false})}
        model={session.model}
        views={wizardsViews}
        commands={commands}
        initialView="wizard"
        env={{}}
      />
    </SessionContext.Provider>,
    {columns: options.columns ?? 100, rows: options.rows ?? 30},
  );
  await session.start();
  const c: WizardConsole = {
    sim,
    session,
    tui,
    home,
    site: () => {
      const s = session.getSnapshot().site;
      if (!s) throw new Error('no site loaded yet');
      return s;
    },
    writes: () =>
      sim.requests
        .filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'))
        .map((r) => `${r.method} ${r.path}`),
    text: () => stripAnsi(tui.lastFrame()),
    async command(text) {
      tui.press(':');
      await tui.waitFor((f) =>
        stripAnsi(f)
          .split('\n')
          .some((l) => l.startsWith(':')),
      );
      tui.type(text);
      tui.press('enter');
    },
    // A frame can show a view one commit before its keys are live: let that commit finish.
    async see(text, timeoutMs = 5000) {
      const frame = await tui.waitFor(text, timeoutMs);
      await tui.settle();
      return frame;
    },
    async until(check, timeoutMs = 5000) {
      const started = Date.now();
      while (!check()) {
        if (Date.now() - started > timeoutMs)
          throw new Error(`timed out waiting for the simulator; last frame:\n${stripAnsi(tui.lastFrame())}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      tui.unmount();
      await session.close();
      await sim.close();
      home.cleanup();
    },
  };
  return c;
}
