// Secrets used in real sessions — a password (session token sign-in), an API
// key, a pre-shared key for a VPN wizard, a wrong password — with the debug
// log on, changes audited and a wizard draft left behind by a failure. Then
// every file vseg wrote (profiles, debug log, audit log, drafts, baselines,
// journal, caches), every output it printed and the command line of every
// running process are searched for each secret, raw and encoded.
import {chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {runVseg, type CliRun} from '../e2e/cli.js';
import {openConsole} from '../e2e/console.js';
import {startTerminal} from '../e2e/harness.js';
import {waitUntil} from '../support/wait.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });
}

/** A secret and the forms it could leak in. */
function forms(secret: string, user = 'admin'): string[] {
  return [
    secret,
    Buffer.from(`${user}:${secret}`).toString('base64'),
    Buffer.from(secret).toString('base64'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ];
}

describe('secrets stay secret', () => {
  let sim: SimulatorHandle;
  let home: string;
  let outside: string;
  const password = 'Pw-9f3c1e7a-only-in-the-env';
  const wrongPassword = 'Wrong-0b7d2e-typo-password';
  const psk = 'Psk-5a8e44c1-branch-tunnel';
  let apiKey = '';
  const outputs: CliRun[] = [];
  const cmdlines: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({seed: 'demo', tls: true, applyDelayMs: 5, powerDelayMs: 5, password});
    apiKey = sim.createApiKey();
    home = mkdtempSync(join(tmpdir(), 'vseg-secrets-home-'));
    outside = mkdtempSync(join(tmpdir(), 'vseg-secrets-files-'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(home, {recursive: true, force: true});
    rmSync(outside, {recursive: true, force: true});
  });

  const site = () => ['--url', sim.url, '--fingerprint', sim.fingerprint!];
  const vseg = async (args: string[], env: Record<string, string> = {}, stdin?: string) => {
    const r = await runVseg(args, {home, env, stdin});
    outputs.push(r);
    return r;
  };

  it('runs sessions with a password, an API key, a PSK and a wrong password', async () => {
    // Password through a pipe, then from the environment and from a 0600 file.
    expect(
      (await vseg(['login', '--profile', 'lab', ...site(), '--user', 'admin', '--password-stdin'], {}, `${password}\n`))
        .code,
    ).toBe(0);
    expect(
      (await vseg(['get', 'networks', '--profile', 'lab', '--debug', '-o', 'json'], {VSEG_PASSWORD: password})).code,
    ).toBe(0);
    const pwFile = join(outside, 'pw');
    writeFileSync(pwFile, `${password}\n`);
    chmodSync(pwFile, 0o600);
    const applied = await vseg(['apply-rules', 'dev', '--profile', 'lab', '--password-file', pwFile, '--debug']);
    expect(applied.code, applied.stderr).toBe(0);

    // API key through a pipe and from the environment, with a change audited.
    expect(
      (await vseg(['get', 'rules', '--network', 'db', ...site(), '--api-key-stdin', '--debug'], {}, `${apiKey}\n`))
        .code,
    ).toBe(0);
    await vseg(['apply-rules', '--all-pending', ...site(), '--debug'], {VSEG_API_KEY: apiKey});

    // A refused password: never logged either.
    const refused = await vseg(['get', 'networks', ...site(), '--user', 'admin', '--debug'], {
      VSEG_PASSWORD: wrongPassword,
    });
    expect(refused.code).toBe(2);
    sim.unlock();

    // The VPN wizard with a pre-shared key, interrupted by a failing site: its draft stays behind.
    const answers = join(outside, 'vpn.yaml');
    writeFileSync(
      answers,
      [
        'wizard: vpn',
        'kind: ipsec',
        'ipsec:',
        '  network: vpn',
        '  tunnel: to-branch',
        '  remoteGateway: 198.51.100.20',
        '  localSubnets: [web]',
        '  remoteSubnets: [172.30.0.0/16]',
        '  psk: {secret: branch-psk}',
        '',
      ].join('\n'),
    );
    // The site fails once the run has written something: as soon as the first create is answered, every
    // request gets a 5xx (random faults from the start made the run fail while still loading, by chance).
    const seen = sim.requests.length;
    const run = vseg(['wizard', 'vpn', '-f', answers, '--yes', '--profile', 'lab', '--debug'], {
      VSEG_PASSWORD: password,
      VSEG_SECRET_BRANCH_PSK: psk,
    });
    let done = false;
    void run.finally(() => (done = true));
    await waitUntil(
      () =>
        done ||
        sim.requests.slice(seen).some((q) => q.method === 'POST' && q.status === 201 && q.path.startsWith('/api/v4/')),
      {what: 'the first create to be answered', timeoutMs: 60_000, everyMs: 1},
    );
    sim.setFaults('error=1');
    const r = await run;
    sim.setFaults('');
    const interrupted = r.code === 2 && /--resume/.test(r.stdout + r.stderr);
    expect(interrupted, 'a wizard run stopped halfway and kept a draft').toBe(true);
    expect(filesUnder(home).some((f) => f.includes(join('vseg', 'drafts')))).toBe(true);

    // The console, with the password from the environment, then with the API key.
    for (const [args, env] of [
      [['--profile', 'lab', '--debug'], {VSEG_PASSWORD: password}],
      [[...site(), '--debug'], {VSEG_API_KEY: apiKey}],
    ] as const) {
      const t = startTerminal({args: [...args], env: {...env}, home, cols: 120, rows: 30});
      try {
        await openConsole(t);
        cmdlines.push(readFileSync(`/proc/${t.pid}/cmdline`, 'utf8'));
        outputs.push({code: 0, signal: null, stdout: t.output().toString('utf8'), stderr: ''});
        t.write('q');
        await t.exited;
      } finally {
        await t.close();
      }
    }
  }, 120_000);

  it('no file, output or command line holds any of them', () => {
    const files = filesUnder(home);
    // The places that matter exist: profiles, debug log, audit log, drafts.
    for (const part of ['profiles.json', 'debug.log', 'audit.jsonl', 'drafts'])
      expect(
        files.some((f) => f.includes(part)),
        part,
      ).toBe(true);
    for (const f of files)
      if (/vseg\/(profiles|audit|debug)/.test(f) || f.includes('drafts'))
        expect(statSync(f).mode & 0o077, `${f} mode`).toBe(0);
    const secrets = {password, wrongPassword, psk, apiKey};
    for (const [name, secret] of Object.entries(secrets)) {
      for (const form of forms(secret)) {
        for (const f of files) expect(readFileSync(f).toString('latin1').includes(form), `${name} in ${f}`).toBe(false);
        for (const [i, o] of outputs.entries())
          expect(`${o.stdout}\n${o.stderr}`.includes(form), `${name} in output of run ${i}`).toBe(false);
        for (const c of cmdlines) expect(c.includes(form), `${name} in a command line`).toBe(false);
      }
    }
    // And the session did log: the debug log has requests, the audit log has the changes.
    const debug = readFileSync(
      files.find((f) => f.endsWith('debug.log'))!,
      'utf8',
    );
    expect(debug).toMatch(/GET \/api\/v4\/vnets/);
    expect(
      readFileSync(
        files.find((f) => f.endsWith('audit.jsonl'))!,
        'utf8',
      ),
    ).toMatch(/vnet_actions/);
  });

  it('Basic authentication (the client only: no vseg command signs in that way) never puts the password in an event or an error', async () => {
    const {VergeClient} = await import('../../source/api/client.js');
    const events: string[] = [];
    const errors: string[] = [];
    const client = new VergeClient({
      url: sim.url,
      auth: {kind: 'basic', user: 'admin', password},
      trust: {mode: 'pin', fingerprint: sim.fingerprint!},
      retries: 0,
      onEvent: (e) => events.push(JSON.stringify(e)),
    });
    const {z} = await import('zod');
    const row = z.record(z.string(), z.unknown());
    await client.list('vnets', row, {fields: ['$key', 'name']});
    for (const attempt of [() => client.get('vnets', 999, row), () => client.create('vnets', {name: 'web'})]) {
      await attempt().catch((e: unknown) =>
        errors.push(String((e as {describe?: () => string}).describe?.() ?? e), JSON.stringify(e)),
      );
    }
    sim.setFaults('error=1');
    await client
      .list('vnets', row)
      .catch((e: unknown) => errors.push(String((e as {describe?: () => string}).describe?.() ?? e)));
    sim.setFaults('');
    const bad = new VergeClient({
      url: sim.url,
      auth: {kind: 'basic', user: 'admin', password: wrongPassword},
      trust: {mode: 'pin', fingerprint: sim.fingerprint!},
      retries: 0,
      onEvent: (e) => events.push(JSON.stringify(e)),
    });
    await bad
      .list('vnets', row)
      .catch((e: unknown) =>
        errors.push(String((e as {describe?: () => string}).describe?.() ?? e), JSON.stringify(e)),
      );
    sim.unlock();
    await client.close();
    await bad.close();
    expect(errors.length).toBe(7);
    expect(events.length).toBeGreaterThan(3);
    for (const secret of [password, wrongPassword])
      for (const form of forms(secret))
        for (const text of [...events, ...errors]) expect(text.includes(form)).toBe(false);
  });

  it('the simulator process does not take its password on the command line either', async () => {
    const {startSiteProcess} = await import('../e2e/site-process.js');
    const proc = await startSiteProcess({seed: 'empty'});
    try {
      const cmdline = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8');
      expect(cmdline).toContain('simulator');
      for (const form of forms(proc.password)) expect(cmdline.includes(form)).toBe(false);
    } finally {
      await proc.close();
    }
  });
});
