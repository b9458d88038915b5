// A `vseg why --verify` killed while trace is on (SIGKILL: no handler runs)
// leaves the flag on the router; the next vseg that connects to the site
// puts it back from the flag journal and applies — the real binaries, the
// simulator in its own process.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runVseg} from './cli.js';
import {VSEG_BIN, jumpHostEnv} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';
import {waitUntil} from '../support/wait.js';

describe('why --verify killed half-way', () => {
  let site: SiteProcess;
  let home: string;
  beforeAll(async () => {
    // a slow Apply Rules keeps the run inside its trace window long enough to kill it there
    site = await startSiteProcess({seed: 'demo', applyDelayMs: 2500});
    home = mkdtempSync(join(tmpdir(), 'vseg-verify-kill-'));
  });
  afterAll(async () => {
    await site?.close();
    rmSync(home, {recursive: true, force: true});
  });

  const pgRule = async () => {
    const db = (await site.rows('vnets')).find((n) => n.name === 'db')!.$key;
    return (await site.rows('vnet_rules')).find((r) => r.vnet === db && r.name === 'Allow PostgreSQL from web')!;
  };
  const flagDir = () => join(home, '.local', 'state', 'vseg', 'journal', 'flags');

  it('is put right by the next command', async () => {
    const child = spawn(
      process.execPath,
      [VSEG_BIN, 'why', 'web-01', 'db-01', 'tcp/5432', '--verify', ...site.args()],
      {
        env: jumpHostEnv(home, 'xterm-256color', site.env()),
        cwd: home,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const closed = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('close', (_code, signal) => resolve(signal)),
    );
    // the record is written before the flag changes; the flag is on once the PUT went through
    // Each check is two requests to the site process: not too often.
    await waitUntil(
      async () => existsSync(flagDir()) && readdirSync(flagDir()).length === 1 && (await pgRule()).trace === true,
      {what: 'the trace flag to be on', timeoutMs: 20_000, everyMs: 50},
    );
    child.kill('SIGKILL');
    expect(await closed).toBe('SIGKILL');
    expect((await pgRule()).trace).toBe(true);

    const next = await runVseg(['get', 'networks', ...site.args()], {home, env: site.env(), timeoutMs: 60_000});
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(
      'vseg: flags left on by an interrupted why --verify web-01 → db-01 tcp/5432: ' +
        'put back trace off on rule "Allow PostgreSQL from web" (db); applied rules on db',
    );
    expect((await pgRule()).trace).toBe(false);
    const db = (await site.rows('vnets')).find((n) => n.name === 'db')!;
    expect(db.need_fw_apply).toBe(false);
    expect(readdirSync(flagDir())).toEqual([]);

    // nothing left: the command after that says nothing about flags
    const again = await runVseg(['get', 'networks', ...site.args()], {home, env: site.env()});
    expect(again.stderr).not.toContain('flags left on');
  }, 90_000);
});
