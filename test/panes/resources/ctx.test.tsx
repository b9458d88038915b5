// :ctx against the simulator: switching profile works while the current site
// is unreachable; a pinned certificate that changed is shown with both
// fingerprints.
import {createServer} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {formatFingerprint} from '../../../source/api/fingerprint.js';
import {openProfiles} from '../../../source/store/profiles.js';
import {expectFramesFit, startHarness, until, type Harness} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const tokenPosts = (harness: Harness) =>
  harness.sim.requests.filter((r) => r.method === 'POST' && r.path === '/api/sys/tokens').length;

/** A local port nothing listens on (refused at once). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as {port: number}).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe(':ctx', () => {
  it('switches to another profile while the current site is unreachable', async () => {
    const port = await closedPort();
    h = await startHarness({
      flags: () => ({}),
      prepare: (home, sim) => {
        const store = openProfiles(home.paths);
        store.save({name: 'down', url: `http://127.0.0.1:${port}`, auth: 'password', user: 'admin'});
        store.save({name: 'lab', url: sim.url, auth: 'password', user: sim.user});
        store.setDefault('down');
      },
    });
    await h.tui.waitFor('offline');
    await h.command('ctx');
    await h.tui.waitFor('PROFILE');
    const list = h.text();
    expect(list).toMatch(/● current +down +http:\/\/127\.0\.0\.1:\d+ +admin/);
    expect(list).toMatch(/down: Could not sign in as admin: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(list).toMatch(/lab +http:\/\/127\.0\.0\.1:\d+ +admin/);
    expect(tokenPosts(h)).toBe(0);
    h.tui.press('j', 'enter');
    await h.tui.waitFor(/lab@127\.0\.0\.1:\d+ .*connected/);
    expect(tokenPosts(h)).toBe(1);
    await until(
      () => h!.sim.requests.some((r) => r.method === 'GET' && r.path === '/api/v4/vnets'),
      'the site to load',
    );
    // Back in :ctx the new profile is the current one and no problem is shown.
    await h.command('ctx');
    await h.tui.waitFor(/● current +lab/);
    expect(h.text()).not.toContain('down: ');
    expectFramesFit(h.tui, 80, 24);
  });

  it('shows a changed certificate with both fingerprints, and sends no credential', async () => {
    const pinned = 'ab'.repeat(32);
    h = await startHarness({
      sim: {tls: true},
      flags: () => ({profile: 'lab'}),
      prepare: (home, sim) => {
        openProfiles(home.paths).save({
          name: 'lab',
          url: sim.url,
          auth: 'password',
          user: sim.user,
          tls: {mode: 'pin', fingerprint: pinned},
        });
      },
    });
    await h.tui.waitFor('offline');
    await h.command('ctx');
    await h.tui.waitFor('PROFILE');
    const shown = h.text().replace(/\s+/g, ' ');
    expect(shown).toContain(formatFingerprint(pinned).slice(0, 40));
    expect(shown.replace(/ /g, '')).toContain(formatFingerprint(h.sim.fingerprint!));
    expect(tokenPosts(h)).toBe(0);
    expectFramesFit(h.tui, 80, 24);
  });
});
