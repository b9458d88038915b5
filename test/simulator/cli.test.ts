import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {parseSimulatorArgs, runSimulatorCommand} from '../../source/simulator/main.js';
import {basic} from './helpers.js';

const runner = fileURLToPath(new URL('./fixtures/run-simulator.ts', import.meta.url));

afterEach(() => {
  vi.restoreAllMocks();
});

async function exitCodeOf(argv: string[]): Promise<{code: number; stderr: string}> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const code = await runSimulatorCommand(argv);
  vi.restoreAllMocks();
  return {code, stderr};
}

describe('vseg simulator flags', () => {
  it('parses every flag', () => {
    expect(
      parseSimulatorArgs([
        '--host',
        '0.0.0.0',
        '--port=8443',
        '--tls',
        '--seed',
        'scale:2:10',
        '--latency',
        '5',
        '--faults',
        'error=0.1',
        '--state',
        's.json',
        '--user',
        'ops',
        '--password-stdin',
      ]),
    ).toEqual({
      options: {
        host: '0.0.0.0',
        port: 8443,
        tls: true,
        seed: 'scale:2:10',
        latencyMs: 5,
        faults: 'error=0.1',
        statePath: 's.json',
        user: 'ops',
      },
      passwordStdin: true,
      help: false,
    });
  });
  it('--strict-queries turns the 26.1.8 leniency off; without it queries are lenient (VERGEOS-API.md §8.1 #4)', () => {
    expect(parseSimulatorArgs(['--strict-queries']).options).toMatchObject({strictQueries: true});
    expect(parseSimulatorArgs([]).options.strictQueries).toBeUndefined();
  });

  it.each([
    [['--password', 'secret'], /secrets never go in argv/],
    [['--port', 'x'], /--port/],
    [['--port', '70000'], /--port/],
    [['--seed', 'huge'], /unknown seed/],
    [['--faults', 'error=7'], /probability/],
    [['--bogus'], /unknown argument/],
    [['--latency'], /needs a value/],
    [['--tls=yes'], /takes no value/],
  ])('%j → exit 2 with a message on stderr', async (argv, message) => {
    const {code, stderr} = await exitCodeOf(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Usage: vseg simulator/);
  });
});

function runChild(args: string[], env: Record<string, string>, stdin?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', runner, ...args], {
    env: {...process.env, ...env},
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (stdin !== undefined) child.stdin.end(stdin);
  else child.stdin.end();
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({input: child.stdout}).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {child, firstLine, exited};
}

describe('vseg simulator in the foreground', () => {
  it('prints one JSON line, serves, and stops cleanly on SIGTERM (password from stdin)', async () => {
    const {child, firstLine, exited} = runChild(
      ['--seed', 'empty', '--port', '0', '--password-stdin', '--tls'],
      {},
      'from-stdin\n',
    );
    const info = JSON.parse(await firstLine);
    expect(Object.keys(info)).toEqual(['url', 'user', 'password', 'fingerprint']);
    expect(info).toMatchObject({
      user: 'admin',
      password: 'from-stdin',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 20_000);

  it('takes the password from VSEG_SIM_PASSWORD and answers over HTTP', async () => {
    const {child, firstLine, exited} = runChild(['--seed', 'empty', '--user', 'ops'], {VSEG_SIM_PASSWORD: 'from-env'});
    const info = JSON.parse(await firstLine);
    expect(info).toMatchObject({user: 'ops', password: 'from-env', fingerprint: null});
    const r = await fetch(`${info.url}/api/v4/vnets?fields=name`, {headers: basic('ops', 'from-env')});
    expect(await r.json()).toEqual([{$key: 1, name: 'External'}]);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 20_000);

  it('with --strict-queries an unknown field or filter column is a 422, as before the leniency', async () => {
    const {child, firstLine, exited} = runChild(['--seed', 'empty', '--strict-queries'], {VSEG_SIM_PASSWORD: 'pw'});
    const info = JSON.parse(await firstLine);
    const get = (q: string) => fetch(`${info.url}/api/v4/vnets?${q}`, {headers: basic('admin', 'pw')});
    const unknownField = await get('fields=name,nosuch');
    expect(unknownField.status).toBe(422);
    expect(await unknownField.text()).toMatch(/field 'nosuch' not found in vnets/);
    expect((await get(`filter=${encodeURIComponent('nosuch eq 1')}`)).status).toBe(422);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 20_000);
});
