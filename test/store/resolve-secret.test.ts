import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {knownSecrets, resetKnownSecrets} from '../../source/store/secrets/known.js';
import {KeyringStore} from '../../source/store/secrets/keyring.js';
import {readSecretFile, resolveSecret, trimOneNewline} from '../../source/store/secrets/resolve.js';
import {tempHome, type TempHome} from './helpers.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
  resetKnownSecrets();
});
afterEach(() => {
  home.cleanup();
  resetKnownSecrets();
});

const pipe = (text: string) => Object.assign(Readable.from([Buffer.from(text)]), {isTTY: false});
const tty = () => Object.assign(Readable.from([]), {isTTY: true});
const sink = {write: () => true} as unknown as NodeJS.WritableStream;
const off = () => [new KeyringStore({env: {VSEG_KEYRING: 'off'}})];

function secretFile(content: string, mode = 0o600): string {
  const file = join(home.dir, `pw-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, content, {mode});
  chmodSync(file, mode);
  return file;
}

describe('resolveSecret', () => {
  it('takes what the command line asks for over the environment', async () => {
    const env = {VSEG_PASSWORD: 'from-env'};
    const file = secretFile('from-file\n');
    expect(
      await resolveSecret({kind: 'password', env, passwordFile: file, stdin: pipe(''), stderr: sink}),
    ).toMatchObject({secret: 'from-file', source: 'file'});
    expect(
      await resolveSecret({kind: 'password', env, fromStdin: true, stdin: pipe('from-stdin\n'), stderr: sink}),
    ).toMatchObject({
      secret: 'from-stdin',
      source: 'stdin',
    });
    expect(await resolveSecret({kind: 'password', env, stdin: pipe(''), stderr: sink})).toMatchObject({
      secret: 'from-env',
      source: 'env',
    });
  });

  it('reads VSEG_API_KEY for API keys, not VSEG_PASSWORD', async () => {
    const r = await resolveSecret({
      kind: 'apiKey',
      env: {VSEG_PASSWORD: 'pw', VSEG_API_KEY: 'key-123'},
      stdin: pipe(''),
      stderr: sink,
    });
    expect(r).toMatchObject({secret: 'key-123', source: 'env'});
    await expect(
      resolveSecret({kind: 'apiKey', env: {VSEG_PASSWORD: 'pw'}, stdin: pipe(''), stderr: sink, prompt: false}),
    ).rejects.toThrow('No API key available: pass it with --api-key-stdin (from a pipe)');
  });

  it('says why a store was passed over and remembers the secret for scrubbing', async () => {
    const r = await resolveSecret({
      kind: 'password',
      account: 'p:password',
      stores: off(),
      env: {VSEG_PASSWORD: 'env-pw-1'},
      stdin: pipe(''),
      stderr: sink,
    });
    expect(r.notes).toEqual(['no keyring: turned off by VSEG_KEYRING=off']);
    expect(knownSecrets()).toContain('env-pw-1');
  });

  it('refuses two explicit sources at once', async () => {
    await expect(
      resolveSecret({
        kind: 'password',
        env: {},
        passwordFile: secretFile('a'),
        fromStdin: true,
        stdin: pipe('b'),
        stderr: sink,
      }),
    ).rejects.toThrow('Give the password one way: --password-file or --password-stdin, not both.');
  });

  it('explains that --password-stdin wants a pipe when stdin is a terminal', async () => {
    await expect(
      resolveSecret({kind: 'password', env: {}, fromStdin: true, stdin: tty(), stderr: sink}),
    ).rejects.toThrow(/--password-stdin reads a pipe.*On a terminal leave it out and vseg will prompt/);
  });

  it('refuses empty stdin and keeps inner whitespace', async () => {
    await expect(
      resolveSecret({kind: 'password', env: {}, fromStdin: true, stdin: pipe('\n'), stderr: sink}),
    ).rejects.toThrow('--password-stdin: stdin was empty.');
    const r = await resolveSecret({
      kind: 'password',
      env: {},
      fromStdin: true,
      stdin: pipe(' pass word \r\n'),
      stderr: sink,
    });
    expect(r.secret).toBe(' pass word ');
  });
});

describe('password files', () => {
  it('accepts 0600 and 0400, refuses anything group or others can read, with the chmod to run', () => {
    expect(readSecretFile(secretFile('s1\n', 0o600))).toBe('s1');
    expect(readSecretFile(secretFile('s2', 0o400))).toBe('s2');
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      const f = secretFile('s', mode);
      expect(() => readSecretFile(f)).toThrow(
        `Refusing the password file ${f}: its mode is 0${mode.toString(8)}, so other users can read it. Make it private with: chmod 600 ${f}`,
      );
    }
  });

  it('refuses a file that belongs to someone else', () => {
    const f = secretFile('s');
    const me = process.getuid!();
    expect(readSecretFile(f, me)).toBe('s');
    // As if another user owned it (chown needs root; the check is the same).
    expect(() => readSecretFile(f, me + 1)).toThrow(
      `Refusing the password file ${f}: it belongs to another user (uid ${me}); it must be yours and mode 0600.`,
    );
  });

  it('refuses directories, missing and empty files', () => {
    const d = join(home.dir, 'dir');
    mkdirSync(d);
    expect(() => readSecretFile(d)).toThrow(`The password file ${d} is not a regular file.`);
    expect(() => readSecretFile(join(home.dir, 'missing'))).toThrow(/Cannot read the password file .*missing: ENOENT/);
    expect(() => readSecretFile(secretFile('\n'))).toThrow(/is empty/);
  });

  it('trims exactly one trailing newline', () => {
    expect(trimOneNewline('a\n\n')).toBe('a\n');
    expect(trimOneNewline('a\r\n')).toBe('a');
    expect(trimOneNewline('a')).toBe('a');
  });
});
