// Issue 14: "Loading networks…" stayed on screen while the site was
// unreachable — it said something was happening when nothing could.
import {PassThrough, Readable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {ConsoleSession} from '../../source/session/console-session.js';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {SessionContext} from '../../source/ui/data/session.js';
import {consoleCommands, consoleViews} from '../../source/ui/panes/index.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {tempHome, type TempHome} from '../store/helpers.js';
import {renderTui, stripAnsi, type Tui} from '../ui/harness.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function unreachable(initialView: string): Promise<{tui: Tui; home: TempHome}> {
  const home = tempHome();
  const session = new ConsoleSession({
    // A port nothing listens on: refused at once, offline from the start.
    flags: {url: 'http://127.0.0.1:9', user: 'admin'},
    io: {
      env: {...home.env, VSEG_PASSWORD: 'x'},
      stdin: Object.assign(Readable.from([]), {isTTY: false}),
      stderr: new PassThrough(),
    },
    connectionOptions: {retries: 0, paths: home.paths},
    refreshMs: 600_000,
    backoff: {initialMs: 600_000, maxMs: 600_000},
  });
  const tui = renderTui(
    <SessionContext.Provider value={session}>
      <ConsoleApp
        theme={createTheme({color: false})}
        model={session.model}
        views={consoleViews}
        commands={consoleCommands}
        initialView={initialView}
        env={{}}
      />
    </SessionContext.Provider>,
    {columns: 100, rows: 24},
  );
  await session.start();
  cleanup = async () => {
    tui.unmount();
    await session.close();
    home.cleanup();
  };
  return {tui, home};
}

describe('lists while the site cannot be reached', () => {
  it.each([
    ['networks', 'networks'],
    ['aliases', 'aliases'],
    ['vpn', 'VPNs'],
  ])('%s says the site cannot be reached, not that it is loading', async (view, what) => {
    const {tui} = await unreachable(view);
    await tui.waitFor(`No ${what} yet: the site cannot be reached`, 15_000);
    expect(stripAnsi(tui.lastFrame())).not.toContain('Loading');
  });
});
