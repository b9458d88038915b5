// `vseg login` and connections against the simulator over real HTTPS:
// trust on first use, pinned certificate, a changed certificate refused,
// --insecure flagged, a 401 reported once and never retried.
import {existsSync, readFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {VergeError} from '../../source/api/errors.js';
import {formatFingerprint} from '../../source/api/fingerprint.js';
import {loginCommand} from '../../source/commands/login.js';
import {loadSite} from '../../source/domain/load-site.js';
import {openConnection} from '../../source/session/connection.js';
import {probeSite} from '../../source/session/signin.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {openProfiles} from '../../source/store/profiles.js';
import {resetKnownSecrets} from '../../source/store/secrets/known.js';
import {modeOf, tempHome, type TempHome} from '../store/helpers.js';
import {calls, captureIO} from './helpers.js';

let home: TempHome;
let sim: SimulatorHandle;
const extra: SimulatorHandle[] = [];

beforeEach(async () => {
  home = tempHome();
  resetKnownSecrets();
  sim = await startSimulator({tls: true, seed: 'empty'});
});
afterEach(async () => {
  await sim.close();
  for (const s of extra.splice(0)) await s.close();
  home.cleanup();
});

const tokenPosts = (s: SimulatorHandle) =>
  s.requests.filter((r) => r.method === 'POST' && r.path === '/api/sys/tokens').length;

describe('vseg login: trust on first use', () => {
  it('shows an untrusted certificate and sends no credential; pinning the printed fingerprint then works', async () => {
    const first = captureIO(home.env, `${sim.password}\n`);
    expect(await loginCommand.run(['--url', sim.url, '--user', sim.user, '--password-stdin'], first)).toBe(2);
    const err = first.err();
    expect(err).toContain(`The certificate of ${new URL(sim.url).host} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT):`);
    expect(err).toContain(`SHA-256   ${formatFingerprint(sim.fingerprint!)}`);
    expect(err).toContain('Subject   CN=vseg-simulator');
    expect(err).toMatch(/Valid {5}\w{3} +\d+ [\d:]+ \d{4} GMT → \w{3} +\d+ [\d:]+ \d{4} GMT/);
    expect(err).toContain(`--fingerprint ${formatFingerprint(sim.fingerprint!)}`);
    expect(tokenPosts(sim)).toBe(0);
    expect(existsSync(home.paths.profilesFile)).toBe(false);

    const printed = /--fingerprint ([0-9A-F:]{95})/.exec(err)![1];
    const second = captureIO(home.env, `${sim.password}\n`);
    expect(
      await loginCommand.run(
        ['--url', sim.url, '--user', sim.user, '--password-stdin', '--fingerprint', printed, '--profile', 'lab'],
        second,
      ),
    ).toBe(0);
    expect(second.out()).toContain(`Signed in to ${new URL(sim.url).host} as admin (vseg-sim, VergeOS`);
    expect(second.out()).toContain(`Profile "lab" (the default) saved in ${home.paths.profilesFile}.`);
    expect(second.out()).toContain('No keyring here (turned off by VSEG_KEYRING=off): the password was not saved.');
    expect(calls(sim.requests)).toEqual([
      'GET /version.json 200',
      'POST /api/sys/tokens 201',
      'GET /api/v4/system 200',
      'DELETE /api/sys/tokens/<token> 200',
    ]);

    const profile = openProfiles(home.paths).get('lab')!;
    expect(profile.tls).toEqual({mode: 'pin', fingerprint: sim.fingerprint});
    // The file: 0600, and not one byte of the password.
    expect(modeOf(home.paths.profilesFile)).toBe('0600');
    const bytes = readFileSync(home.paths.profilesFile);
    expect(bytes.includes(Buffer.from(sim.password))).toBe(false);
    expect(bytes.toString('utf8')).not.toMatch(/password"\s*:|token/i);
  });

  it('saves an API-key profile without the key', async () => {
    const key = sim.createApiKey();
    const io = captureIO(home.env, `${key}\n`);
    expect(await loginCommand.run(['--url', sim.url, '--api-key-stdin', '--fingerprint', sim.fingerprint!], io)).toBe(
      0,
    );
    expect(io.out()).toContain('with an API key');
    const saved = openProfiles(home.paths).list();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({name: '127.0.0.1', auth: 'apiKey', url: sim.url});
    expect(saved[0].user).toBeUndefined();
    const bytes = readFileSync(home.paths.profilesFile);
    expect(bytes.includes(Buffer.from(key))).toBe(false);
    expect(modeOf(home.paths.profilesFile)).toBe('0600');
    expect(sim.requests.filter((r) => r.auth === 'apikey').map((r) => r.path)).toEqual(['/api/v4/system']);
  });

  it('needs a secret source on a non-terminal and says which exist', async () => {
    const io = captureIO(home.env);
    expect(await loginCommand.run(['--url', sim.url, '--user', sim.user, '--fingerprint', sim.fingerprint!], io)).toBe(
      2,
    );
    expect(io.err()).toContain(
      'vseg login: No password available: pass it with --password-stdin (from a pipe), --password-file F (mode 0600), the VSEG_PASSWORD environment variable',
    );
    expect(tokenPosts(sim)).toBe(0);
  });
});

describe('a pinned site', () => {
  async function saveProfile(): Promise<void> {
    const io = captureIO(home.env, `${sim.password}\n`);
    expect(
      await loginCommand.run(
        [
          '--profile',
          'lab',
          '--url',
          sim.url,
          '--user',
          sim.user,
          '--password-stdin',
          '--fingerprint',
          sim.fingerprint!,
        ],
        io,
      ),
    ).toBe(0);
  }

  it('is reached through the pin for a whole session, and the token is deleted on close', async () => {
    await saveProfile();
    sim.clearRequests();
    const conn = await openConnection({}, captureIO({...home.env, VSEG_PASSWORD: sim.password}), {paths: home.paths});
    expect(conn).toMatchObject({
      label: 'lab',
      host: new URL(sim.url).host,
      insecure: false,
      secretSource: 'env',
      readOnly: false,
    });
    expect(conn.trust).toEqual({mode: 'pin', fingerprint: sim.fingerprint});
    const site = await loadSite(conn.client);
    expect(site.networks.length).toBeGreaterThan(0);
    await conn.close();
    const seen = calls(sim.requests);
    expect(seen[0]).toBe('POST /api/sys/tokens 201');
    expect(seen.at(-1)).toBe('DELETE /api/sys/tokens/<token> 200');
    expect(seen.filter((c) => !c.endsWith(' 200') && !c.endsWith(' 201'))).toEqual([]);
  });

  it('refuses a changed certificate, naming both fingerprints, before any credential is sent', async () => {
    await saveProfile();
    const port = Number(new URL(sim.url).port);
    const oldFingerprint = sim.fingerprint!;
    await sim.close();
    sim = await startSimulator({tls: true, seed: 'empty', port});
    expect(sim.fingerprint).not.toBe(oldFingerprint);

    const error = await openConnection({profile: 'lab'}, captureIO({...home.env, VSEG_PASSWORD: sim.password}), {
      paths: home.paths,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VergeError);
    expect((error as VergeError).kind).toBe('tls-mismatch');
    expect((error as VergeError).message).toContain(
      `pinned ${formatFingerprint(oldFingerprint)}, presented ${formatFingerprint(sim.fingerprint!)}`,
    );
    expect(tokenPosts(sim)).toBe(0);

    const probe = await probeSite(sim.url, {mode: 'pin', fingerprint: oldFingerprint});
    expect(probe).toMatchObject({status: 'mismatch', expected: oldFingerprint, presented: sim.fingerprint});

    // Re-running login on a non-terminal keeps the old pin and says how to accept the new one.
    const io = captureIO({...home.env, VSEG_PASSWORD: sim.password});
    expect(await loginCommand.run(['--profile', 'lab'], io)).toBe(2);
    expect(io.err()).toContain(
      `pinned ${formatFingerprint(oldFingerprint)}, presented ${formatFingerprint(sim.fingerprint!)}`,
    );
    expect(io.err()).toContain(`run again with --fingerprint ${formatFingerprint(sim.fingerprint!)}`);
    expect(openProfiles(home.paths).get('lab')!.tls).toEqual({mode: 'pin', fingerprint: oldFingerprint});
    expect(tokenPosts(sim)).toBe(0);
  });
});

describe('--insecure', () => {
  it('connects without verification and flags the connection and the profile', async () => {
    const conn = await openConnection(
      {url: sim.url, user: sim.user, insecure: true},
      captureIO({...home.env, VSEG_PASSWORD: sim.password}),
      {paths: home.paths},
    );
    expect(conn.insecure).toBe(true);
    expect(conn.label).toBe(new URL(sim.url).host);
    expect(conn.profile).toBeNull();
    await conn.close();

    const io = captureIO(home.env, `${sim.password}\n`);
    expect(await loginCommand.run(['--url', sim.url, '--user', sim.user, '--password-stdin', '--insecure'], io)).toBe(
      0,
    );
    expect(io.err()).toContain(
      `WARNING: the certificate of ${new URL(sim.url).host} is not verified (--insecure): anyone on the path can read and change this session`,
    );
    expect(openProfiles(home.paths).list()[0].tls).toEqual({mode: 'insecure'});
  });
});

describe('a refused login', () => {
  it('is sent once, never retried, and warns about the lockout (login)', async () => {
    const io = captureIO(home.env, 'wrong-password\n');
    expect(
      await loginCommand.run(
        ['--url', sim.url, '--user', sim.user, '--password-stdin', '--fingerprint', sim.fingerprint!],
        io,
      ),
    ).toBe(1);
    expect(tokenPosts(sim)).toBe(1);
    expect(io.err()).toContain('the server refused the credentials');
    expect(io.err()).toContain('repeated failures lock the VergeOS account');
    expect(io.err()).not.toContain('wrong-password');
    expect(existsSync(home.paths.profilesFile)).toBe(false);
  });

  it('is sent once, never retried, and warns about the lockout (connection)', async () => {
    const error = await openConnection(
      {url: sim.url, user: sim.user, fingerprint: sim.fingerprint!},
      captureIO({...home.env, VSEG_PASSWORD: 'wrong-password'}),
      {paths: home.paths},
    ).then(
      () => undefined,
      (e: unknown) => e as VergeError,
    );
    expect(error?.kind).toBe('auth');
    expect(error?.message).toMatch(
      new RegExp(
        `^sign-in to ${new URL(sim.url).host.replace(/\./g, '\\.')} as admin failed: the server refused the credentials.*repeated failures lock the VergeOS account\\. \\(The password came from VSEG_PASSWORD\\.\\)$`,
      ),
    );
    expect(tokenPosts(sim)).toBe(1);
  });
});
