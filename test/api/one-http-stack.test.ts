// The client uses one HTTP stack: the parts of undici vseg uses (api/undici.ts). Node's
// own bundled copy — a second HTTP stack, 15 MB resident in a bare Node — must never load, in the
// console or a headless command. Checked in a fresh process, where nothing but
// the client can have touched the globals: Node records every built-in it
// loads in process.moduleLoadList.
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {runVseg} from '../e2e/cli.js';

const NODE_UNDICI = 'NativeModule internal/deps/undici/undici';

const SCRIPT = `
import {VergeClient} from './source/api/client.ts';
import {vnetSchema, VNET_FIELDS} from './source/api/rows.ts';
const client = await VergeClient.connect({
  url: process.env.SIM_URL,
  auth: {kind: 'token', user: process.env.SIM_USER, password: process.env.SIM_PASSWORD},
  trust: {mode: 'system'},
  retries: 0,
});
const rows = await client.list('vnets', vnetSchema, {fields: VNET_FIELDS});
await client.logout();
await client.close();
console.log(JSON.stringify({rows: rows.length, loaded: process.moduleLoadList}));
`;

describe('the HTTP client', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({seed: 'demo'});
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("signs in, reads and signs out without loading Node's bundled undici or HTTP/2", async () => {
    const {stdout} = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', SCRIPT],
      {env: {...process.env, SIM_URL: sim.url, SIM_USER: sim.user, SIM_PASSWORD: sim.password}, timeout: 60_000},
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {rows: number; loaded: string[]};
    // The requests really ran: the demo site's networks came back.
    expect(result.rows).toBeGreaterThan(0);
    // The list is Node's own record, so it can name the module (the other tests of this file prove it can).
    expect(result.loaded).toContain('NativeModule tls');
    expect(result.loaded).not.toContain(NODE_UNDICI);
    // Nor HTTP/2, which no VergeOS answer uses (patches/undici+*.patch).
    expect(result.loaded).not.toContain('NativeModule http2');
  }, 60_000);

  it("keeps to one stack in the built program too (a headless get, whose modules load as the console's do)", async () => {
    const home = mkdtempSync(join(tmpdir(), 'vseg-one-stack-'));
    try {
      const report = join(home, 'loaded.txt');
      const reporter = join(home, 'report.cjs');
      writeFileSync(
        reporter,
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, process.moduleLoadList.join('\\n')));`,
      );
      const run = await runVseg(['get', 'networks', '-o', 'json', '--url', sim.url, '--user', sim.user], {
        home,
        env: {VSEG_PASSWORD: sim.password, VSEG_KEYRING: 'off', NODE_OPTIONS: `--require ${reporter}`},
      });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).not.toHaveLength(0);
      const loaded = readFileSync(report, 'utf8').split('\n');
      expect(loaded).toContain('NativeModule tls');
      expect(loaded).not.toContain(NODE_UNDICI);
      expect(loaded).not.toContain('NativeModule http2');
    } finally {
      rmSync(home, {recursive: true, force: true});
    }
  }, 60_000);

  it('loads, part by part, the very classes undici exports, and makes them the fetch globals', async () => {
    const parts = await import('../../source/api/undici.js');
    const undici = await import('undici');
    expect(parts.Agent).toBe(undici.Agent);
    expect(parts.buildConnector).toBe(undici.buildConnector);
    expect(globalThis.fetch).toBe(parts.fetch);
    for (const name of ['Headers', 'Request', 'Response', 'FormData'] as const) {
      expect(globalThis[name], name).toBe(undici[name]);
    }
  });

  it("names Node's bundled undici in that record once something touches the globals it backs", async () => {
    const {stdout} = await promisify(execFile)(process.execPath, [
      '--eval',
      'new Request("http://localhost/"); console.log(process.moduleLoadList.join("\\n"))',
    ]);
    expect(stdout.split('\n')).toContain(NODE_UNDICI);
  });
});
