// In-process command IO with captured output, and simulator helpers.
import {PassThrough, Readable} from 'node:stream';
import type {CommandIO} from '../../source/session/io.js';

export interface CapturedIO extends CommandIO {
  out(): string;
  err(): string;
}

export function captureIO(env: NodeJS.ProcessEnv, stdinText?: string): CapturedIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const stdin = Object.assign(Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)]), {isTTY: false});
  return {stdout, stderr, stdin, env, isTTY: false, columns: 120, out: () => out, err: () => err};
}

/** Requests the simulator saw, as "METHOD /path status". */
export function calls(requests: readonly {method: string; path: string; status: number}[]): string[] {
  return requests.map(
    (r) => `${r.method} ${r.path.replace(/\/api\/sys\/tokens\/[^/]+$/, '/api/sys/tokens/<token>')} ${r.status}`,
  );
}
