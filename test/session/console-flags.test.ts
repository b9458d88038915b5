// The console's flags are judged before it draws, as the headless commands'
// are: a value it cannot use is a usage error (the entry prints it and exits
// 2), never an error inside a console that then waits for nothing.
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterAll, describe, expect, it} from 'vitest';
import {checkConnectionFlags} from '../../source/session/connection-flags.js';
import {UsageError} from '../../source/session/io.js';
import {runConsole} from '../../source/ui/run-console.js';

const dir = mkdtempSync(join(tmpdir(), 'vseg-console-flags-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function io() {
  const out = new PassThrough();
  const err = new PassThrough();
  let stderr = '';
  err.on('data', (c) => (stderr += String(c)));
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  return {
    io: {
      stdout: out,
      stderr: err,
      stdin,
      env: {HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config')},
      isTTY: false,
      columns: 80,
    },
    stderr: () => stderr,
  };
}

const SITE = ['--url', 'https://vergeos.example', '--user', 'admin'];

describe('console flags', () => {
  const shared = join(dir, 'pw-shared');
  writeFileSync(shared, 'pw\n');
  chmodSync(shared, 0o644);
  const cases: Array<[string[], RegExp]> = [
    [[...SITE, '--timeout', 'soon'], /^--timeout is in seconds, e\.g\. --timeout 30 \(got "soon"\)$/],
    [[...SITE, '--timeout', '0'], /^--timeout must be between 1 and 600 seconds/],
    [['--url', 'ftp://x', '--user', 'admin'], /^--url: Unsupported scheme "ftp:"/],
    [[...SITE, '--fingerprint', 'abc'], /^--fingerprint: .*64 hexadecimal/],
    [[...SITE, '--ca', join(dir, 'no-ca.pem')], /^--ca .*no-ca\.pem: no such file$/],
    [[...SITE, '--ca', dir], /: not a file$/],
    [[...SITE, '--insecure', '--fingerprint', 'ab'], /^choose one way to trust the certificate/],
    [[...SITE, '--password-file', join(dir, 'missing')], /^Cannot read the password file .*missing: ENOENT/],
    [[...SITE, '--password-file', shared], /^Refusing the password file .*mode is 0644/],
    [['--url', 'https://vergeos.example', '--user', ' '], /^--user needs a user name$/],
    [['--demo', '--url', 'https://x.example'], /^--demo runs against the embedded simulator; it takes no --url$/],
  ];
  for (const [argv, message] of cases) {
    it(`refuses ${argv.slice(-2).join(' ')} before anything is drawn`, async () => {
      const run = io();
      const error = await runConsole(argv, run.io).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      // It did not get as far as the terminal check (or the console).
      expect(run.stderr()).toBe('');
    });
  }

  it('good flags pass the check (and go on to need a terminal)', async () => {
    expect(() =>
      checkConnectionFlags({url: 'https://vergeos.example', user: 'admin', timeout: '30', fingerprint: 'a'.repeat(64)}),
    ).not.toThrow();
    expect(() => checkConnectionFlags({})).not.toThrow();
    const run = io();
    expect(await runConsole([...SITE, '--timeout', '30'], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/the console needs a terminal/);
  });
});
