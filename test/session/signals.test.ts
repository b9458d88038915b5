// The exit path: a vseg process that is interrupted, terminated or loses its
// SSH session (SIGHUP) still deletes its session token on the way out.
import {spawn} from 'node:child_process';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {tempHome, type TempHome} from '../store/helpers.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CHILD = resolve(HERE, 'fixtures/signal-child.ts');

let home: TempHome;
let sim: SimulatorHandle;
beforeEach(async () => {
  home = tempHome();
  sim = await startSimulator({tls: true, seed: 'empty'});
});
afterEach(async () => {
  await sim.close();
  home.cleanup();
});

describe('installSignalCleanup', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('on %s deletes the session token, then exits %i', async (signal, code) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, sim.url, sim.user], {
      cwd: ROOT,
      env: {...home.env, VSEG_PASSWORD: sim.password},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const token = await new Promise<string>((resolvePromise, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /ready ([0-9a-f]+)/.exec(out);
        if (m) resolvePromise(m[1]);
      });
      child.on('exit', () => reject(new Error(`child exited early: ${err}`)));
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(sim.requests.filter((r) => r.method === 'DELETE').map((r) => `${r.path} ${r.status}`)).toEqual([
      `/api/sys/tokens/${token} 200`,
    ]);
  });
});
