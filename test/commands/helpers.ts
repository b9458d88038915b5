// Running headless commands in process against a real simulator over HTTPS:
// captured streams, a private XDG state/config directory per test, the
// simulator's password in VSEG_PASSWORD and its certificate pinned.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, Writable} from 'node:stream';
import {startSimulator, type SimulatorHandle, type SimulatorOptions} from '../../source/simulator/index.js';
import type {Command} from '../../source/commands/types.js';
import type {CommandIO} from '../../source/session/io.js';

export async function sim(seed: string, options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  return startSimulator({
    seed,
    tls: true,
    applyDelayMs: 15,
    powerDelayMs: 20,
    password: 'sim-admin-password',
    ...options,
  });
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'vseg-cmd-'));
  readonly env: NodeJS.ProcessEnv;

  constructor(extraEnv: NodeJS.ProcessEnv = {}) {
    this.env = {
      HOME: this.dir,
      XDG_STATE_HOME: join(this.dir, 'state'),
      XDG_CONFIG_HOME: join(this.dir, 'config'),
      PATH: process.env['PATH'],
      ...extraEnv,
    };
  }

  file(name: string, text: string, mode = 0o644): string {
    const path = join(this.dir, name);
    writeFileSync(path, text, {mode});
    return path;
  }

  /** Connection flags for a simulator (the password comes through the environment, the certificate is pinned). */
  site(s: SimulatorHandle): string[] {
    return ['--url', s.url, '--user', s.user, '--fingerprint', s.fingerprint!];
  }

  async run(
    command: Command,
    argv: string[],
    options: {env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean; columns?: number; password?: string} = {},
  ): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const sink = (append: (s: string) => void) =>
      new Writable({
        write(chunk, _enc, done) {
          append(chunk.toString());
          done();
        },
      });
    const stdin = new PassThrough() as PassThrough & {isTTY?: boolean};
    stdin.isTTY = options.tty === true;
    if (options.stdin !== undefined) stdin.end(options.stdin);
    const io: CommandIO = {
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
      stdin,
      env: {...this.env, VSEG_PASSWORD: options.password ?? 'sim-admin-password', ...options.env},
      isTTY: options.tty === true,
      columns: options.columns ?? 120,
    };
    const code = await command.run(argv, io);
    return {code, stdout, stderr};
  }

  remove(): void {
    rmSync(this.dir, {recursive: true, force: true});
  }
}

/** Names of the rows of a simulator table that appear more than once (in the scope of `by`). */
export function duplicates(
  rows: Array<Record<string, unknown>>,
  by: (row: Record<string, unknown>) => string,
): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of rows) {
    const k = by(r);
    if (seen.has(k)) out.push(k);
    seen.add(k);
  }
  return out;
}
