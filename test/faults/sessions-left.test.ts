// Sessions vseg opens on a site are closed, or the operator is told why not.
// A hostile proxy in front of the simulator makes the token DELETE fail (5xx,
// dropped connections) or loses the answer to the sign-in after the session
// was created.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {getCommand} from '../../source/commands/get.js';
import {ConsoleSession} from '../../source/session/console-session.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from '../commands/helpers.js';
import {startEchoProxy, type EchoProxy} from './echo-proxy.js';

describe('sessions left open', () => {
  const ws = new Workspace({VSEG_KEYRING: 'off'});
  let site: SimulatorHandle;
  let proxy: EchoProxy;
  const isTokenDelete = (r: {method: string; path: string}) =>
    r.method === 'DELETE' && r.path.startsWith('/api/sys/tokens/');
  const run = () => ws.run(getCommand, ['networks', '--url', proxy.url, '--user', site.user]);

  beforeAll(async () => {
    site = await sim('demo', {tls: false});
    proxy = await startEchoProxy(site.url);
  });
  beforeEach(() => {
    proxy.intercept = undefined;
    site.clearRequests();
  });
  afterAll(async () => {
    await proxy.close();
    await site.close();
    ws.remove();
  });

  it('a token DELETE that fails is tried again until the token is gone (a 500 is not retried by the transport)', async () => {
    let failures = 0;
    proxy.intercept = (req) => {
      if (!isTokenDelete(req) || failures >= 2) return undefined;
      failures++;
      return {status: 500, body: '{"err":"internal error"}'};
    };
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    expect(failures).toBe(2);
    // The third try reached the site and the token is gone.
    expect(site.requests.filter(isTokenDelete).map((x) => x.status)).toEqual([200]);
    expect(r.stderr).not.toMatch(/could not be closed/);
  });

  it('a token DELETE that never gets through: the operator is told the session stays open, and why', async () => {
    let tries = 0;
    proxy.intercept = (req) => {
      if (!isTokenDelete(req)) return undefined;
      tries++;
      return 'drop';
    };
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    expect(tries).toBeGreaterThan(1);
    expect(r.stderr).toMatch(
      /vseg: WARNING: the session on 127\.0\.0\.1:\d+ could not be closed \(\d+ tries: .*\); its token stays valid on the server until VergeOS expires it after inactivity/,
    );
  });

  it('a sign-in whose answer was lost: sent once, and the message says what may be left open and why vseg cannot close it', async () => {
    proxy.intercept = (req) => (req.method === 'POST' && req.path === '/api/sys/tokens' ? 'lose-answer' : undefined);
    const r = await run();
    expect(r.code).toBe(2);
    expect(site.requests.filter((x) => x.method === 'POST' && x.path === '/api/sys/tokens')).toHaveLength(1);
    expect(r.stderr).toMatch(/POST \/api\/sys\/tokens/);
    expect(r.stderr).toMatch(
      /if VergeOS opened a session before the answer was lost, vseg cannot close it \(the token exists only in that answer, and VergeOS has no documented call that lists sessions\); it ends when VergeOS expires it after inactivity/,
    );
  });

  it('the console: a session it cannot close is reported when it exits', async () => {
    proxy.intercept = (req) => (isTokenDelete(req) ? 'drop' : undefined);
    const session = new ConsoleSession({
      flags: {url: proxy.url, user: site.user},
      io: {env: {...ws.env, VSEG_PASSWORD: 'sim-admin-password'}, stdin: process.stdin, stderr: process.stderr},
      refreshMs: 60_000,
    });
    await session.start();
    expect(session.model.getState().connection).toEqual({kind: 'connected'});
    const left = await session.close();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/could not be closed .* its token stays valid on the server/);
  });
});
