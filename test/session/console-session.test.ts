// The console's live session against the simulator: what each kind of
// failure leaves on screen, what `r` does about it, and that a refused
// password is never sent twice.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {ConsoleSession} from '../../source/session/console-session.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {createActionRegistry} from '../../source/ui/actions/registry.js';
import {BUILTIN_ACTIONS} from '../../source/ui/actions/builtin.js';
import {bannerFor} from '../../source/ui/app/banner.js';
import {tempHome, type TempHome} from '../store/helpers.js';

let sim: SimulatorHandle | undefined;
let home: TempHome | undefined;
let session: ConsoleSession | undefined;
afterEach(async () => {
  await session?.close();
  await sim?.close();
  home?.cleanup();
  session = sim = home = undefined;
});

async function open(password?: string, flags: Record<string, unknown> = {}) {
  sim = await startSimulator({seed: 'demo', tokenIdleMs: 60_000});
  home = tempHome({VSEG_PASSWORD: password ?? sim.password});
  session = new ConsoleSession({
    flags: {url: sim.url, user: sim.user, ...flags},
    io: {env: home.env, stdin: process.stdin, stderr: process.stderr},
    connectionOptions: {paths: home.paths, retries: 0},
    refreshMs: 60_000,
    backoff: {initialMs: 60_000, maxMs: 60_000},
  });
  await session.start();
  return session;
}

const tokenPosts = () => sim!.requests.filter((r) => r.method === 'POST' && r.path === '/api/sys/tokens').length;
const banner = (s: ConsoleSession) =>
  bannerFor(s.model.getState(), createActionRegistry(BUILTIN_ACTIONS), {readOnly: false, online: false}, Date.now())
    ?.text ?? '';

describe('ConsoleSession', () => {
  it('connects, loads what the views need, and counts networks pending apply', async () => {
    const s = await open();
    expect(s.model.getState().connection).toEqual({kind: 'connected'});
    expect(s.getSnapshot().site?.networks.length).toBeGreaterThan(4);
    expect(s.model.getState().pendingApply).toBe(1);
  });

  it('a refused password is reported and never sent again, not even on r', async () => {
    const s = await open('wrong-password');
    const c = s.model.getState().connection;
    expect(c).toMatchObject({kind: 'offline', cause: 'refused'});
    expect(c.kind === 'offline' && c.retryAt).toBeFalsy();
    expect(banner(s)).toMatch(/^Sign-in refused .*not retried: use :signin/);
    expect(tokenPosts()).toBe(1);
    await s.retryNow();
    await s.retryNow();
    expect(tokenPosts()).toBe(1);
    expect(s.model.getState().status?.text).toMatch(/^Not retried: the password or key was refused/);
  });

  it('an expired session waits for r, which signs in exactly once more', async () => {
    const s = await open();
    expect(tokenPosts()).toBe(1);
    sim!.expireTokens();
    expect(await s.refresh()).toBe(false);
    expect(s.model.getState().connection).toMatchObject({kind: 'offline', cause: 'expired'});
    expect(s.getSnapshot().stale).toBe(true);
    expect(banner(s)).toBe('Session expired — r to sign in again');
    expect(tokenPosts()).toBe(1);
    await s.retryNow();
    expect(tokenPosts()).toBe(2);
    expect(s.model.getState().connection).toEqual({kind: 'connected'});
    expect(s.getSnapshot().stale).toBe(false);
  });

  it('an unreachable API keeps the last data marked stale and retries with backoff; r retries now', async () => {
    const s = await open();
    const before = s.getSnapshot().site;
    sim!.setFaults('error=1');
    expect(await s.refresh()).toBe(false);
    const c = s.model.getState().connection;
    expect(c).toMatchObject({kind: 'offline', cause: 'unreachable'});
    expect(c.kind === 'offline' && c.retryAt! > Date.now()).toBe(true);
    expect(s.getSnapshot()).toMatchObject({site: before, stale: true});
    expect(banner(s)).toMatch(/^API unreachable .* — retrying in \d+ s \(r to retry now\)$/);
    sim!.setFaults('');
    await s.retryNow();
    expect(s.model.getState().connection).toEqual({kind: 'connected'});
    expect(s.getSnapshot().stale).toBe(false);
  });

  it('with no site and nothing saved it asks for a sign-in, without a banner', async () => {
    home = tempHome();
    session = new ConsoleSession({
      flags: {},
      io: {env: home.env, stdin: process.stdin, stderr: process.stderr},
      connectionOptions: {paths: home.paths},
    });
    expect(session.needsSignIn()).toBe(true);
    await session.start();
    expect(session.model.getState()).toMatchObject({needsSignIn: true, connection: {kind: 'offline', cause: 'signin'}});
    expect(banner(session)).toBe('');
    const notify = vi.spyOn(session.model, 'notify');
    await session.retryNow();
    expect(notify).toHaveBeenCalledWith('warning', expect.stringMatching(/^Not retried: no site yet/));
  });
});
