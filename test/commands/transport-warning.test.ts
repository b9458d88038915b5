// How a site is reached is said once on stderr by every headless command when
// it is unsafe: certificate checks off (--insecure, or a profile saved that
// way) or plain http. A verified https site says nothing. The console shows
// the same in its header and status line.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {getCommand} from '../../source/commands/get.js';
import {lintCommand} from '../../source/commands/lint.js';
import {loginCommand} from '../../source/commands/login.js';
import {ConsoleSession} from '../../source/session/console-session.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {headerSegments} from '../../source/ui/components/Header.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {sim, Workspace} from './helpers.js';

const warnings = (stderr: string) => stderr.split('\n').filter((l) => /WARNING/.test(l));

describe('unsafe transport warnings', () => {
  const ws = new Workspace({VSEG_KEYRING: 'off'});
  let tls: SimulatorHandle;
  let plain: SimulatorHandle;
  beforeAll(async () => {
    tls = await sim('demo');
    plain = await sim('demo', {tls: false});
  });
  afterAll(async () => {
    await tls.close();
    await plain.close();
    ws.remove();
  });

  it('--insecure: one warning line on stderr, whatever the command', async () => {
    for (const [command, args] of [
      [getCommand, ['networks']],
      [lintCommand, []],
    ] as const) {
      const r = await ws.run(command, [...args, '--url', tls.url, '--user', tls.user, '--insecure']);
      expect(r.code, r.stderr).toBeLessThan(2);
      expect(warnings(r.stderr)).toEqual([
        `vseg: WARNING: the certificate of ${new URL(tls.url).host} is not verified (--insecure): ` +
          'anyone on the path can read and change this session; pin it with --fingerprint or --ca',
      ]);
    }
  });

  it('a profile saved with --insecure warns the same; a pinned certificate says nothing', async () => {
    const login = await ws.run(
      loginCommand,
      ['--profile', 'lax', '--url', tls.url, '--user', tls.user, '--password-stdin', '--insecure'],
      {stdin: 'sim-admin-password\n'},
    );
    expect(login.code, login.stderr).toBe(0);
    const r = await ws.run(getCommand, ['networks', '--profile', 'lax']);
    expect(r.code, r.stderr).toBe(0);
    expect(warnings(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('is not verified (--insecure)');
    const pinned = await ws.run(getCommand, ['networks', ...ws.site(tls)]);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stderr).toBe('');
  });

  it('plain http: one cleartext warning line, from login too', async () => {
    const r = await ws.run(getCommand, ['networks', '--url', plain.url, '--user', plain.user]);
    expect(r.code, r.stderr).toBe(0);
    expect(warnings(r.stderr)).toEqual([
      `vseg: WARNING: ${new URL(plain.url).host} is reached over plain http: ` +
        'the password, the session token and every answer cross the network unencrypted; use https',
    ]);
    const login = await ws.run(
      loginCommand,
      ['--profile', 'clear', '--url', plain.url, '--user', plain.user, '--password-stdin'],
      {
        stdin: 'sim-admin-password\n',
      },
    );
    expect(login.code, login.stderr).toBe(0);
    expect(warnings(login.stderr)).toHaveLength(1);
    expect(login.stderr).toContain('is reached over plain http');
  });

  it('the console: "plain http" in the header and the warning in the status line', async () => {
    const session = new ConsoleSession({
      flags: {url: plain.url, user: plain.user},
      io: {env: {...ws.env, VSEG_PASSWORD: 'sim-admin-password'}, stdin: process.stdin, stderr: process.stderr},
      refreshMs: 60_000,
    });
    try {
      await session.start();
      const state = session.model.getState();
      expect(state.connection).toEqual({kind: 'connected'});
      expect(state.cleartext).toBe(true);
      expect(state.status?.text).toMatch(/is reached over plain http/);
      expect(headerSegments(state, Date.now(), createTheme({color: false})).map((s) => s.text)).toContainEqual(
        expect.stringMatching(/plain http$/),
      );
    } finally {
      await session.close();
    }
  });
});
