// After a session that used a password (and so a session token) and an API
// key, with the debug log on, neither the audit log nor the debug log nor the
// profiles file holds any of those secrets — even when a caller slips one into
// an audit entry or an error text.
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {z} from 'zod';
import {loginCommand} from '../../source/commands/login.js';
import {loadSite} from '../../source/domain/load-site.js';
import {openConnection} from '../../source/session/connection.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {resetKnownSecrets} from '../../source/store/secrets/known.js';
import {tempHome, type TempHome} from '../store/helpers.js';
import {captureIO} from './helpers.js';

let home: TempHome;
let sim: SimulatorHandle;
beforeEach(async () => {
  home = tempHome({VSEG_DEBUG: '1'});
  resetKnownSecrets();
  sim = await startSimulator({tls: true, seed: 'demo'});
});
afterEach(async () => {
  await sim.close();
  home.cleanup();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secrets on disk', () => {
  it('none of the password, API key or session token reaches any file vseg wrote', async () => {
    const secrets: string[] = [sim.password];
    const login = captureIO(home.env, `${sim.password}\n`);
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
        login,
      ),
    ).toBe(0);

    // Password session: a token, a load, a change recorded with the password slipped into its body and error.
    const pw = await openConnection({profile: 'lab'}, captureIO({...home.env, VSEG_PASSWORD: sim.password}), {
      paths: home.paths,
    });
    secrets.push(pw.client.auth.token()!);
    await loadSite(pw.client).catch(() => undefined);
    pw.audit({
      method: 'POST',
      path: '/api/v4/vnet_ipsec_phase1s',
      body: `name="t" psk=${sim.password}`,
      outcome: 'failed',
      error: `refused ${pw.client.auth.token()}`,
    });
    await pw.close();

    // API key session, including a refused request with the key echoed in an audit error.
    const key = sim.createApiKey();
    secrets.push(key);
    const ak = await openConnection(
      {url: sim.url, 'api-key-stdin': true, fingerprint: sim.fingerprint!},
      captureIO(home.env, `${key}\n`),
      {paths: home.paths},
    );
    await ak.client.list('vnets', z.unknown(), {fields: ['name']}).catch(() => undefined);
    ak.audit({method: 'PUT', path: '/api/v4/vnets/1', body: `description="${key}"`, outcome: 'ok'});
    await ak.close();

    // A wrong password, refused once.
    const wrong = 'Wrong-Passw0rd-123';
    secrets.push(wrong);
    await openConnection({profile: 'lab'}, captureIO({...home.env, VSEG_PASSWORD: wrong}), {paths: home.paths}).catch(
      () => undefined,
    );

    const files = [...filesUnder(home.paths.configDir), ...filesUnder(home.paths.stateDir)];
    expect(files).toContain(home.paths.auditLog);
    expect(files).toContain(home.paths.debugLog);
    expect(files).toContain(home.paths.profilesFile);
    const debug = readFileSync(home.paths.debugLog, 'utf8');
    expect(debug).toMatch(/POST \/api\/sys\/tokens 201/);
    expect(debug).toMatch(/DELETE \/api\/sys\/tokens\/•••• 200/);
    expect(debug).toMatch(/GET \/api\/v4\/vnets 200/);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const s of secrets) expect(bytes.includes(Buffer.from(s)), `${s.slice(0, 3)}… found in ${file}`).toBe(false);
    }
    const audit = readFileSync(home.paths.auditLog, 'utf8');
    expect(audit).toContain('psk=••••');
    expect(audit).toContain('description=\\"••••\\"');
  });
});
