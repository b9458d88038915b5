// openConnection: how flags and profiles combine, what is refused before any
// request, and that close() (or the exit path) deletes the session token.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {z} from 'zod';
import {
  closeOpenConnections,
  openConnection,
  openConnectionCount,
  planConnection,
} from '../../source/session/connection.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {readAuditTail} from '../../source/store/audit.js';
import {openProfiles} from '../../source/store/profiles.js';
import {resetKnownSecrets} from '../../source/store/secrets/known.js';
import {tempHome, type TempHome} from '../store/helpers.js';
import {captureIO} from './helpers.js';

let home: TempHome;
let sim: SimulatorHandle;
beforeEach(async () => {
  home = tempHome();
  resetKnownSecrets();
  sim = await startSimulator({tls: true, seed: 'empty'});
});
afterEach(async () => {
  await closeOpenConnections();
  await sim.close();
  home.cleanup();
});

const io = (env: NodeJS.ProcessEnv = {}, stdin?: string) => captureIO({...home.env, ...env}, stdin);
const refused = (p: Promise<unknown>) =>
  p.then(
    () => 'connected',
    (e: Error) => `${e.name}: ${e.message}`,
  );

describe('openConnection', () => {
  it('connects with flags alone, password from env, and deletes the token on close', async () => {
    const conn = await openConnection(
      {url: sim.url, user: sim.user, fingerprint: sim.fingerprint!},
      io({VSEG_PASSWORD: sim.password}),
      {paths: home.paths},
    );
    expect(conn).toMatchObject({
      label: new URL(sim.url).host,
      profile: null,
      readOnly: false,
      insecure: false,
      secretSource: 'env',
    });
    const token = conn.client.auth.token();
    expect(token).toMatch(/^[0-9a-f]+$/);
    expect(openConnectionCount()).toBe(1);
    await conn.close();
    await conn.close();
    expect(openConnectionCount()).toBe(0);
    expect(conn.client.auth.token()).toBeUndefined();
    expect(sim.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/api/sys/tokens/${token}`]);
  });

  it('reads an API key from stdin and uses it as a Bearer key (no token)', async () => {
    const key = sim.createApiKey();
    const conn = await openConnection(
      {url: sim.url, 'api-key-stdin': true, fingerprint: sim.fingerprint!},
      io({}, `${key}\n`),
      {paths: home.paths},
    );
    expect(conn.secretSource).toBe('stdin');
    expect(conn.client.auth.kind).toBe('apiKey');
    await conn.client.list('vnets', z.unknown(), {fields: ['name']});
    await conn.close();
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.auth}`)).toEqual(['GET /api/v4/vnets apikey']);
  });

  it('uses the default profile, lets flags win, and takes read-only from either', async () => {
    openProfiles(home.paths).save({
      name: 'lab',
      url: sim.url,
      auth: 'password',
      user: sim.user,
      tls: {mode: 'pin', fingerprint: sim.fingerprint!},
      readOnly: true,
    });
    const plan = await planConnection({}, io({VSEG_PASSWORD: sim.password}), {paths: home.paths});
    expect(plan).toMatchObject({
      label: 'lab',
      readOnly: true,
      user: 'admin',
      secretSource: 'env',
      trust: {mode: 'pin'},
    });
    const flagged = await planConnection(
      {profile: 'lab', user: 'auditor', insecure: true, timeout: '30'},
      io({VSEG_PASSWORD: 'x-pass'}),
      {paths: home.paths},
    );
    expect(flagged).toMatchObject({user: 'auditor', trust: {mode: 'insecure'}, timeoutMs: 30_000, readOnly: true});
    expect(flagged.auth).toEqual({kind: 'token', user: 'auditor', password: 'x-pass'});
  });

  it('writes the audit log with profile and host filled in', async () => {
    openProfiles(home.paths).save({
      name: 'lab',
      url: sim.url,
      auth: 'password',
      user: sim.user,
      tls: {mode: 'pin', fingerprint: sim.fingerprint!},
    });
    const conn = await openConnection({profile: 'lab'}, io({VSEG_PASSWORD: sim.password}), {paths: home.paths});
    conn.audit({method: 'POST', path: '/api/v4/vnet_rules', body: 'name="allow-web"', outcome: 'ok', note: 'created'});
    await conn.close();
    expect(readAuditTail(home.paths.auditLog, 5)).toEqual([
      expect.objectContaining({
        profile: 'lab',
        host: new URL(sim.url).host,
        method: 'POST',
        path: '/api/v4/vnet_rules',
        outcome: 'ok',
        note: 'created',
      }),
    ]);
  });

  it('refuses unclear requests before sending anything', async () => {
    const paths = {paths: home.paths};
    expect(await refused(openConnection({}, io(), paths))).toBe(
      'UsageError: no site given: pass --url URL with --user USER (or an API key), ' +
        '--profile NAME, or --demo. Save a site once with `vseg login --url URL --user USER`.',
    );
    expect(await refused(openConnection({profile: 'nope'}, io(), paths))).toBe(
      'UsageError: there is no profile "nope" (none saved yet: create one with `vseg login`)',
    );
    openProfiles(home.paths).save({name: 'lab', url: sim.url, auth: 'apiKey'});
    expect(await refused(openConnection({profile: 'nope'}, io(), paths))).toBe(
      'UsageError: there is no profile "nope" (saved: lab)',
    );
    expect(await refused(openConnection({url: sim.url}, io(), paths))).toMatch(/^UsageError: --url needs --user USER/);
    expect(await refused(openConnection({url: sim.url, user: 'u', ca: 'x.pem', insecure: true}, io(), paths))).toBe(
      'UsageError: choose one way to trust the certificate: --ca, --insecure were given together',
    );
    expect(await refused(openConnection({url: sim.url, user: 'u', fingerprint: 'abc'}, io(), paths))).toBe(
      'UsageError: --fingerprint: A SHA-256 fingerprint is 64 hexadecimal digits (colons allowed).',
    );
    expect(await refused(openConnection({url: sim.url, user: 'u', timeout: 'soon'}, io(), paths))).toBe(
      'UsageError: --timeout is in seconds, e.g. --timeout 30 (got "soon")',
    );
    expect(await refused(openConnection({url: 'ftp://x', user: 'u'}, io(), paths))).toBe(
      'UsageError: --url: Unsupported scheme "ftp:" in "ftp://x": VergeOS is reached over https.',
    );
    expect(
      await refused(openConnection({url: sim.url, 'api-key-stdin': true, 'password-stdin': true}, io(), paths)),
    ).toMatch(/--password-stdin is for password sign-in/);
    expect(await refused(openConnection({url: sim.url, user: 'u'}, io(), {...paths, prompt: false}))).toMatch(
      /^UsageError: No password available: /,
    );
    expect(sim.requests).toEqual([]);
  });

  it('never sends a refused API key twice and keeps the 401 wording', async () => {
    const conn = await openConnection(
      {url: sim.url, 'api-key-stdin': true, fingerprint: sim.fingerprint!},
      io({}, 'not-a-key\n'),
      {paths: home.paths},
    );
    const error = await conn.client.list('vnets', z.unknown()).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toMatch(/the server refused the credentials.*repeated failures lock the VergeOS account/);
    expect(sim.requests.filter((r) => r.status === 401)).toHaveLength(1);
    await conn.close();
  });

  it('closes every open connection on the exit path', async () => {
    const env = {VSEG_PASSWORD: sim.password};
    const a = await openConnection({url: sim.url, user: sim.user, fingerprint: sim.fingerprint!}, io(env), {
      paths: home.paths,
    });
    const b = await openConnection({url: sim.url, user: sim.user, fingerprint: sim.fingerprint!}, io(env), {
      paths: home.paths,
    });
    const tokens = [a.client.auth.token(), b.client.auth.token()];
    expect(openConnectionCount()).toBe(2);
    await closeOpenConnections();
    expect(openConnectionCount()).toBe(0);
    expect(
      sim.requests
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.path)
        .sort(),
    ).toEqual(tokens.map((t) => `/api/sys/tokens/${t}`).sort());
  });

  it('closes quickly even when the site has gone away', async () => {
    const conn = await openConnection(
      {url: sim.url, user: sim.user, fingerprint: sim.fingerprint!},
      io({VSEG_PASSWORD: sim.password}),
      {paths: home.paths},
    );
    await sim.close();
    const t = performance.now();
    await conn.close();
    expect(performance.now() - t).toBeLessThan(3500);
  });

  it('--demo runs against the embedded simulator and stops it on close', async () => {
    const conn = await openConnection({demo: true}, io(), {paths: home.paths});
    expect(conn).toMatchObject({label: 'demo', secretSource: 'demo', insecure: false, profile: null});
    const url = `https://${conn.host}`;
    await conn.close();
    const after = await fetch(`${url}/version.json`).then(
      () => 'answered',
      () => 'gone',
    );
    expect(after).toBe('gone');
    expect(await refused(openConnection({demo: true, url: 'x'}, io(), {paths: home.paths}))).toBe(
      'UsageError: --demo runs against the embedded simulator; it takes no --url',
    );
  });
});
