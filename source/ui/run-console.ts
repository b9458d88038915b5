// Console entry called by cli.tsx. Placeholder wiring until the lead connects
// the real model (profile, client, snapshot loader): it opens the shell on the
// static sample view so the console can be tried and tested end to end.
import {createElement} from 'react';
import type {CommandIO} from '../session/io.js';
import {ConsoleApp} from './app/ConsoleApp.js';
import {createMemoryModel} from './app/memory-model.js';
import {createSampleViews, sampleRows} from './app/sample-view.js';
import {startConsole} from './terminal/start.js';
import {asciiOnly, colorEnabled} from './theme/detect.js';
import {createTheme} from './theme/theme.js';

export async function runConsole(argv: string[], io: CommandIO): Promise<number> {
  if (!io.isTTY || !io.stdin.isTTY) {
    io.stderr.write('vseg: the console needs a terminal; use a headless command instead (vseg --help)\n');
    return 2;
  }
  const theme = createTheme({color: colorEnabled({env: io.env, argv}), ascii: asciiOnly(io.env)});
  const model = createMemoryModel({profile: 'sample', host: 'no site', connection: {kind: 'offline', reason: 'not connected yet'}});
  const handle = startConsole(
    createElement(ConsoleApp, {theme, model, views: createSampleViews(), initialView: 'sample', initialParams: {rows: sampleRows(200)}, env: io.env}),
    {stdin: io.stdin, stdout: io.stdout, stderr: io.stderr},
  );
  await handle.waitUntilExit();
  return 0;
}
