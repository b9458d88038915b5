// A console on a real simulator for the resource pane tests: the session as
// the console builds it (flags, env with temp XDG dirs, default connection
// options), the resource views, and a stand-in for the networks view the
// console jumps to after a switch — a preset of test/support/console.tsx.
import stringWidth from 'string-width';
import {expect} from 'vitest';
import type {ConnectionFlags} from '../../../source/session/connection-flags.js';
import type {ConsoleSession} from '../../../source/session/console-session.js';
import type {SimulatorHandle, SimulatorOptions} from '../../../source/simulator/index.js';
import {defineView, type AnyViewDef} from '../../../source/ui/app/views.js';
import {resourcesViews} from '../../../source/ui/panes/resources/index.js';
import type {TempHome} from '../../store/helpers.js';
import {openTestConsole, writeRequests, type TestConsole} from '../../support/console.js';
import {waitUntil} from '../../support/wait.js';
import {stripAnsi, type Tui} from '../../ui/harness.js';

const networksStub = defineView<undefined>({
  id: 'networks',
  title: 'networks',
  command: 'networks',
  render: () => null,
});
export const VIEWS: readonly AnyViewDef[] = [networksStub, ...resourcesViews];

export type Harness = TestConsole;

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

export function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  return openTestConsole({
    views: VIEWS,
    sim: {applyDelayMs: 20, powerDelayMs: 60, ...options.sim},
    flags: options.flags ?? ((sim, url) => ({url, user: sim.user})),
    env: options.env,
    noPassword: options.noPassword,
    proxy: options.proxy,
    prepare: options.prepare,
    initialView: options.initialView,
    columns: options.columns,
    rows: options.rows,
    // As the console builds it: the connection's own defaults, the profile's polling, the app sees the env.
    connectionOptions: () => ({}),
    refreshMs: 60_000,
    appEnv: (home) => home.env,
    startInBackground: true,
  });
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
  return writeRequests(sim, from).map((r) => `${r.method} ${r.path} ${r.status}`);
}

export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  await waitUntil(check, {what, timeoutMs});
}

export const rowNamed = (sim: SimulatorHandle, table: string, name: string) =>
  sim.rows(table).find((r) => r['name'] === name);
