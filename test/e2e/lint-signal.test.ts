// SIGTERM during a long `vseg lint` (one network of 50,000 identical rules)
// acts at once: the command exits 143 with its session token deleted, before
// lint has printed anything. Before, lint ran in one block and the signal
// waited for the end of it (24 s at this size).
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {jumpHostEnv, VSEG_BIN} from './harness.js';
import {writeIdenticalRulesState} from './site-state.js';

describe('vseg lint and SIGTERM', () => {
  let site: SimulatorHandle;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vseg-lint-signal-'));
    const state = join(dir, 'state.json');
    await writeIdenticalRulesState(state, 50_000);
    site = await startSimulator({statePath: state, tls: true, password: 'lint-signal-pw'});
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('exits 143 promptly with the token deleted, lint cut short', async () => {
    const child = spawn(
      VSEG_BIN,
      ['lint', '--url', site.url, '--user', site.user, '--fingerprint', site.fingerprint!],
      {
        env: jumpHostEnv(dir, 'dumb', {VSEG_PASSWORD: 'lint-signal-pw'}),
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    // Wait until the rules have been served: from then on the command is analysing.
    await vi.waitFor(
      () => expect(site.requests.some((r) => r.path === '/api/v4/vnet_rules' && r.status === 200)).toBe(true),
      {timeout: 60_000, interval: 10},
    );
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(143);
    expect(stdout).toBe('');
    expect(site.requests.some((r) => r.method === 'DELETE' && r.path.startsWith('/api/sys/tokens/'))).toBe(true);
  }, 120_000);
});
