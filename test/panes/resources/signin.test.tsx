// The console's sign-in screen (first run, and :signin): the certificate is
// settled before any credential is sent (trust on first use, pinned; a changed
// one refused with both fingerprints), a refused login is reported once with
// the lockout warning, and a good one saves the profile and connects.
import {existsSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {formatFingerprint} from '../../../source/api/fingerprint.js';
import {openProfiles} from '../../../source/store/profiles.js';
import {SIGN_IN_VIEW} from '../../../source/ui/panes/resources/index.js';
import {expectFramesFit, startHarness, type Harness} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const tokenPosts = (harness: Harness) =>
  harness.sim.requests.filter((r) => r.method === 'POST' && r.path === '/api/sys/tokens').length;

/** A console started with no flags and nothing saved: the first run. */
function firstRun() {
  return startHarness({
    sim: {tls: true},
    flags: () => ({}),
    noPassword: true,
    initialView: (s) => (s.needsSignIn() ? SIGN_IN_VIEW : 'networks'),
  });
}

/** Address → trust the certificate → the credentials step. */
async function throughCertificate(harness: Harness) {
  await harness.tui.waitFor('Sign in — 1/2');
  harness.tui.type(harness.sim.url);
  harness.tui.press('ctrl+s');
  await harness.tui.waitFor('Trust the certificate of');
  const pairs = formatFingerprint(harness.sim.fingerprint!).split(':');
  const dialog = harness.text();
  expect(dialog).toContain(`SHA-256   ${pairs.slice(0, 16).join(':')}`);
  expect(dialog).toContain(pairs.slice(16).join(':'));
  expect(dialog).toContain('Subject   CN=vseg-simulator');
  expect(dialog).toMatch(/Valid +\w{3} +\d+ [\d:]+ \d{4} GMT → /);
  // Nothing but /version.json so far: no credential has left.
  expect(tokenPosts(harness)).toBe(0);
  expect(harness.sim.requests.every((r) => r.path === '/version.json')).toBe(true);
  harness.tui.press('tab', 'enter');
  await harness.tui.waitFor('Sign in — 2/2');
  expect(harness.text()).toContain('certificate pinned');
  // auth method → user → password
  harness.tui.press('tab');
  harness.tui.type(harness.sim.user);
  harness.tui.press('tab');
}

describe('sign-in screen', () => {
  it('first run: trust on first use, credentials, profile saved with the pin, console connected', async () => {
    h = await firstRun();
    expect(h.session.model.getState().connection.kind).not.toBe('connected');
    await h.tui.waitFor('No site is saved yet');
    await throughCertificate(h);
    h.tui.type(h.sim.password);
    h.tui.press('ctrl+s');
    await h.tui.waitFor(/127\.0\.0\.1@127\.0\.0\.1:\d+ .*connected/, 5000);
    const profile = openProfiles(h.home.paths).get('127.0.0.1')!;
    expect(profile).toMatchObject({
      url: h.sim.url,
      auth: 'password',
      user: h.sim.user,
      tls: {mode: 'pin', fingerprint: h.sim.fingerprint},
    });
    expect(openProfiles(h.home.paths).defaultName()).toBe('127.0.0.1');
    // One token to prove the password (then deleted), one for the console's session.
    expect(tokenPosts(h)).toBe(2);
    expect(h.allOutput()).not.toContain(h.sim.password);
    expect(h.allOutput()).toContain('saved, but not its password');
    expect(h.session.model.getState().needsSignIn).toBe(false);
    expectFramesFit(h.tui, 80, 24);
  });

  it('a refused login is tried once, never again by itself, and warns about the lockout', async () => {
    h = await firstRun();
    await throughCertificate(h);
    h.tui.type('wrong-password');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('failed: the server refused the credentials');
    expect(h.text().replace(/\s+/g, ' ')).toContain('VergeOS locks the account after repeated failures');
    expect(tokenPosts(h)).toBe(1);
    expect(h.sim.requests.filter((r) => r.status === 401)).toHaveLength(1);
    // The form keeps what was typed; nothing was saved.
    expect(h.text()).toContain('Sign in — 2/2');
    expect(existsSync(h.home.paths.profilesFile)).toBe(false);
    // Still exactly one attempt once everything has settled.
    await h.tui.settle();
    expect(tokenPosts(h)).toBe(1);
  });

  it('refuses a certificate that changed since it was pinned, with both fingerprints', async () => {
    const pinned = 'cd'.repeat(32);
    h = await startHarness({
      sim: {tls: true},
      flags: () => ({profile: 'lab'}),
      initialView: SIGN_IN_VIEW,
      prepare: (home, sim) =>
        openProfiles(home.paths).save({
          name: 'lab',
          url: sim.url,
          auth: 'password',
          user: sim.user,
          tls: {mode: 'pin', fingerprint: pinned},
        }),
    });
    await h.tui.waitFor('Sign in — 1/2');
    h.tui.type(h.sim.url);
    h.tui.press('ctrl+s');
    await h.tui.waitFor('changed since it was pinned');
    const text = h.text();
    const pairs = (hex: string) => formatFingerprint(hex).split(':');
    expect(text).toContain(`pinned     ${pairs(pinned).slice(0, 16).join(':')}`);
    expect(text).toContain(`presented  ${pairs(h.sim.fingerprint!).slice(0, 16).join(':')}`);
    expect(text).toContain(pairs(h.sim.fingerprint!).slice(16).join(':'));
    expect(text).not.toContain('Sign in — 2/2');
    expect(tokenPosts(h)).toBe(0);
  });
});

describe('sign-in with the flags given (#14)', () => {
  it('a console started with --url and --user over TLS, its certificate not trusted yet: :signin starts from them', async () => {
    h = await startHarness({
      sim: {tls: true},
      flags: (sim) => ({url: sim.url, user: 'operator7'}),
      noPassword: true,
      initialView: 'networks',
    });
    await h.tui.waitFor(/Certificate not trusted|not signed in/);
    await h.command('signin');
    await h.tui.waitFor('Sign in — 1/2');
    // The address is there, not a blank to type it into again.
    expect(h.text()).toMatch(new RegExp(`Site address\\s+\\S*${h.sim.url.slice(-12).replace(/[.]/g, '\\.')}`));
    h.tui.press('ctrl+s');
    await h.tui.waitFor('Trust the certificate of');
    h.tui.press('tab', 'enter');
    await h.tui.waitFor('Sign in — 2/2');
    expect(h.text()).toMatch(/User\s+operator7/);
  });
});
