// What the operator gives on the command line — files, ids, paths — is
// checked before the site is asked anything: a missing password file, a
// revision id that is no id, an export path in a folder that does not exist.
// Each is exit 2 with a message that names it, and the simulator sees not one
// request (not even /version.json).
import {mkdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {exportCommand} from '../../source/commands/export.js';
import {loginCommand} from '../../source/commands/login.js';
import {rollbackCommand} from '../../source/commands/rollback.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

describe('local input is checked before any request', () => {
  const ws = new Workspace({VSEG_KEYRING: 'off'});
  let site: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('demo');
  });
  beforeEach(() => site.clearRequests());
  afterAll(async () => {
    await site.close();
    ws.remove();
  });
  const sent = () => site.requests.map((r) => `${r.method} ${r.path}`);
  const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+|unexpected error/);

  it('login --password-file: missing, shared with others or empty — refused before the site is probed', async () => {
    const open = ws.file('pw-open', 'secret\n', 0o644);
    const empty = ws.file('pw-empty', '', 0o600);
    for (const [file, message] of [
      [join(ws.dir, 'missing-pw'), /missing-pw: ENOENT/],
      [open, /mode is 0644.*chmod 600/],
      [empty, /is empty/],
    ] as const) {
      const r = await ws.run(loginCommand, [
        '--url',
        site.url,
        '--user',
        site.user,
        '--fingerprint',
        site.fingerprint!,
        '--password-file',
        file,
      ]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      noTrace(r.stderr);
      expect(sent(), file).toEqual([]);
    }
    // A good one still signs in (read once, before the probe).
    const good = ws.file('pw-good', 'sim-admin-password\n', 0o600);
    const ok = await ws.run(
      loginCommand,
      ['--url', site.url, '--user', site.user, '--fingerprint', site.fingerprint!, '--password-file', good],
      {password: ''},
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Signed in to/);
  });

  it('rollback with something that is no revision id: a usage error, not an unexpected one', async () => {
    for (const id of ['not-an-id', '../../etc/passwd', '2026-11-25']) {
      const r = await ws.run(rollbackCommand, [id, ...ws.site(site)]);
      expect(r.code, id).toBe(2);
      expect(r.stderr).toMatch(/is not a revision id \(they look like .*\)\. vseg history lists the revisions\./);
      noTrace(r.stderr);
    }
    // A well-formed id that the journal does not hold: "no such revision" (exit 1).
    const missing = await ws.run(rollbackCommand, ['2026-11-25T10-00-00.000Z-ab12', ...ws.site(site)]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/there is no revision 2026-11-25T10-00-00\.000Z-ab12/);
    expect(sent()).toEqual([]);
  });

  it('export --file: a folder that does not exist, or a folder given as the file, is refused before signing in', async () => {
    const folder = join(ws.dir, 'exports');
    mkdirSync(folder);
    const cases: Array<[string, RegExp]> = [
      [
        '/nonexistent-dir/site.yaml',
        /--file \/nonexistent-dir\/site\.yaml: the folder \/nonexistent-dir does not exist/,
      ],
      [folder, /that is a folder; give a file name/],
      [join(ws.file('plain', 'x'), 'site.yaml'), /is not a folder/],
      [' ', /--file needs a file name/],
    ];
    for (const [path, message] of cases) {
      const r = await ws.run(exportCommand, [...ws.site(site), '-f', path]);
      expect(r.code, path).toBe(2);
      expect(r.stderr).toMatch(message);
      noTrace(r.stderr);
      expect(sent(), path).toEqual([]);
    }
    const target = join(folder, 'site.yaml');
    const ok = await ws.run(exportCommand, [...ws.site(site), '-f', target]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/networks:/);
  });
});
