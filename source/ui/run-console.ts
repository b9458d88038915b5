// Console entry called by cli.tsx: parse the flags, refuse without a terminal,
// draw the first frame at once, and connect in the background.
import {createElement} from 'react';
import {CONNECTION_OPTIONS, parseFlags} from '../session/flags.js';
import {checkConnectionFlags, type ConnectionFlags} from '../session/connection-flags.js';
import {ConsoleSession} from '../session/console-session.js';
import type {CommandIO} from '../session/io.js';
import {ConsoleApp} from './app/ConsoleApp.js';
import {SessionContext} from './data/session.js';
import {consoleCommands, consoleViews, INITIAL_VIEW} from './panes/index.js';
import {SIGN_IN_VIEW} from './panes/resources/index.js';
import {asciiStream} from './terminal/ascii-stream.js';
import {startConsole} from './terminal/start.js';
import {collectAfterLoad} from './terminal/collect-after-load.js';
import {asciiOnly, colorEnabled} from './theme/detect.js';
import {createTheme} from './theme/theme.js';

export const CONSOLE_USAGE = `Usage: vseg [--demo | --profile NAME | --url URL --user USER] [--read-only] [--no-color]

Opens the console. Without a terminal (scripts, CI) use the headless twins instead:
  vseg get networks -o json     vseg why --from web-01 --to db-01 --proto tcp --port 3306
  vseg export -o yaml           vseg plan -f site.yaml
`;

export async function runConsole(argv: string[], io: CommandIO): Promise<number> {
  const {values} = parseFlags(argv, {...CONNECTION_OPTIONS, 'no-color': {type: 'boolean'}}, false);
  if (values.help) {
    io.stdout.write(CONSOLE_USAGE);
    return 0;
  }
  const flags: ConnectionFlags = {};
  for (const k of Object.keys(CONNECTION_OPTIONS) as Array<keyof typeof CONNECTION_OPTIONS>) {
    if (values[k] !== undefined) (flags as Record<string, unknown>)[k] = values[k];
  }
  // Before the first frame, like an unknown flag: a bad value is exit 2 with a
  // message on a normal screen, not an error inside a console that then waits.
  // (connection-flags.ts loads none of the HTTP stack.)
  checkConnectionFlags(flags);
  if (!io.isTTY || !io.stdin.isTTY) {
    io.stderr.write(`vseg: the console needs a terminal (stdin and stdout).\n${CONSOLE_USAGE}`);
    return 2;
  }
  const session = new ConsoleSession({flags, io});
  const theme = createTheme({color: colorEnabled({env: io.env, argv}), ascii: asciiOnly(io.env)});
  const app = createElement(
    SessionContext.Provider,
    {value: session},
    createElement(ConsoleApp, {
      theme,
      model: session.model,
      views: consoleViews,
      commands: consoleCommands,
      // First run (no site given, nothing saved): the sign-in screen instead of an empty list.
      initialView: session.needsSignIn() ? SIGN_IN_VIEW : INITIAL_VIEW,
      env: io.env,
      // The session polls less while nobody types (see ConsoleSession.activity).
      onInput: () => session.activity(),
    }),
  );
  const handle = startConsole(
    app,
    {stdin: io.stdin, stdout: theme.ascii ? asciiStream(io.stdout) : io.stdout, stderr: io.stderr},
    {
      beforeExit: async () => {
        const left = await (await import('../session/connection.js')).closeOpenConnections();
        for (const line of left) io.stderr.write(`vseg: WARNING: ${line}\n`);
      },
    },
  );
  const stopCollecting = collectAfterLoad(session);
  // The frame is on screen; now reach the site.
  void session.start();
  try {
    await handle.waitUntilExit();
  } finally {
    stopCollecting();
    // The terminal is restored by now: a session that could not be closed is said on stderr.
    for (const line of await session.close()) io.stderr.write(`vseg: WARNING: ${line}\n`);
  }
  return 0;
}
