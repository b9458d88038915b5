// Trust on first use as an operator meets it: `vseg login` on a terminal shows
// the certificate, asks before pinning it, then prompts for the password
// without echoing it.
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {formatFingerprint} from '../../source/api/fingerprint.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {openProfiles} from '../../source/store/profiles.js';
import {tempHome, type TempHome} from '../store/helpers.js';
import {openTerminal} from '../store/pty.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CHILD = resolve(HERE, 'fixtures/login-child.ts');

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

const host = () => new URL(sim.url).host;

describe('vseg login on a terminal', () => {
  it('shows the certificate, pins it when the operator says yes, and prompts for the password masked', async () => {
    const term = openTerminal(
      process.execPath,
      ['--import', 'tsx', CHILD, '--url', sim.url, '--user', sim.user, '--profile', 'lab'],
      {cwd: ROOT, env: home.env},
    );
    await term.waitFor(`Trust this certificate and pin its fingerprint for ${host()}? [y/N] `);
    const screen = term.output();
    expect(screen).toContain(`The certificate of ${host()} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT):`);
    expect(screen).toContain(`SHA-256   ${formatFingerprint(sim.fingerprint!)}`);
    expect(screen).toContain('Subject   CN=vseg-simulator');
    expect(sim.requests.filter((r) => r.path === '/api/sys/tokens')).toEqual([]);
    term.write('y\r');
    await term.waitFor(`Password for admin@${host()}: `);
    term.write(`${sim.password}\r`);
    expect(await term.exited).toBe(0);
    expect(term.output()).toContain(`Signed in to ${host()} as admin`);
    expect(term.output()).not.toContain(sim.password);
    expect(openProfiles(home.paths).get('lab')!.tls).toEqual({mode: 'pin', fingerprint: sim.fingerprint});
  });

  it('saves nothing when the operator does not trust the certificate', async () => {
    const term = openTerminal(process.execPath, ['--import', 'tsx', CHILD, '--url', sim.url, '--user', sim.user], {
      cwd: ROOT,
      env: home.env,
    });
    await term.waitFor('[y/N] ');
    term.write('\r');
    expect(await term.exited).toBe(1);
    expect(term.output()).toContain('Not trusted; nothing saved.');
    expect(openProfiles(home.paths).list()).toEqual([]);
    expect(sim.requests.filter((r) => r.path === '/api/sys/tokens')).toEqual([]);
  });
});
