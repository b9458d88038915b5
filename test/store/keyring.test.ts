// The OS keyring for real: the kernel keyring (keyutils, on every Linux) with
// the Secret Service unreachable, a Secret Service (gnome-keyring) on a private
// D-Bus session, the same code with no D-Bus at all, a D-Bus that never
// answers, and the keyring module missing. Nothing here is mocked.
//
// Which of them run (README "Tests and benchmarks"): the kernel keyring always,
// unless the kernel or a container's seccomp policy refuses it — then the test is
// reported skipped with that reason in its name. The Secret Service test needs
// `dbus-run-session` and `gnome-keyring-daemon`; without them it is reported
// skipped, with the reason in its name. VSEG_TEST_SECRET_SERVICE=required (set by
// .ci/run, which installs both) and VSEG_TEST_KERNEL_KEYRING=required turn those
// skips into failures.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {KeyringStore, explainKeyringError} from '../../source/store/secrets/keyring.js';
import {resolveSecret} from '../../source/store/secrets/resolve.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = resolve(HERE, 'fixtures/keyring-child.ts');
const ROOT = resolve(HERE, '../..');

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'vseg-keyring-'));
});
afterEach(() => {
  rmSync(work, {recursive: true, force: true});
});

function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: work,
    XDG_CONFIG_HOME: join(work, 'config'),
    XDG_STATE_HOME: join(work, 'state'),
    XDG_DATA_HOME: join(work, 'data'),
    XDG_RUNTIME_DIR: work,
    LANG: 'C.UTF-8',
    ...extra,
  };
  return env;
}

function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], {stdio: 'pipe'});
    return true;
  } catch {
    return false;
  }
}

function need(binary: string): void {
  if (!onPath(binary)) {
    throw new Error(
      `${binary} is missing: the keyring tests need a real Secret Service. Install the packages dbus and gnome-keyring ` +
        '(apt-get install dbus gnome-keyring; .ci/run does it).',
    );
  }
}

const SECRET_SERVICE_BINARIES = ['dbus-run-session', 'gnome-keyring-daemon'];
const secretServiceRequired = process.env['VSEG_TEST_SECRET_SERVICE'] === 'required';
const secretServiceMissing = SECRET_SERVICE_BINARIES.filter((b) => !onPath(b));
const secretServiceSkip =
  !secretServiceRequired && secretServiceMissing.length > 0
    ? `SKIPPED: ${secretServiceMissing.join(' and ')} not installed (VSEG_TEST_SECRET_SERVICE=required makes this fail)`
    : undefined;

/** An environment in which the Secret Service cannot be reached: no session bus address at all. */
function noDbusEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env};
  delete env['DBUS_SESSION_BUS_ADDRESS'];
  delete env['VSEG_KEYRING'];
  return env;
}

// Asked once, before the tests are collected, so a refusal can name the skip.
// Only a refusal by the kernel (access denied, not supported: containers under a
// seccomp policy) may skip; any other failure is a failure of the test below.
const kernelRequired = process.env['VSEG_TEST_KERNEL_KEYRING'] === 'required';
const kernelProbe = await new KeyringStore({
  service: `vseg-test-probe-${process.pid}`,
  backends: ['keyutils'],
  env: noDbusEnv(),
}).available();
const kernelRefused =
  !kernelProbe.ok && /^kernel keyring not (accessible|supported)/.test(kernelProbe.reason ?? '')
    ? kernelProbe.reason
    : undefined;
const kernelSkip =
  kernelRefused && !kernelRequired
    ? `SKIPPED: ${kernelRefused} (VSEG_TEST_KERNEL_KEYRING=required makes this fail)`
    : undefined;

function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{report: Record<string, unknown>; stderr: string}> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolvePromise({report: JSON.parse(line) as Record<string, unknown>, stderr: err});
      } catch {
        reject(new Error(`child exited ${code} without a report.\nstdout: ${out}\nstderr: ${err}`));
      }
    });
  });
}

const node = process.execPath;
const childArgs = (scenario: string) => ['--import', 'tsx', CHILD, scenario, work];

describe('KeyringStore on the kernel keyring, the Secret Service unreachable', () => {
  const name =
    'stores, reads and deletes a secret through KeyringStore in the kernel keyring (keyutils) when D-Bus is absent' +
    (kernelSkip ? ` — ${kernelSkip}` : '');
  it.skipIf(kernelSkip !== undefined)(name, async () => {
    expect(kernelProbe, 'the kernel keyring was refused; this machine cannot keep a secret in it').toEqual({
      ok: true,
      reason: 'kernel keyring (keyutils; kept in memory until reboot)',
    });
    // The default choice on Linux (Secret Service, then the kernel keyring) with no session bus.
    const service = `vseg-test-kernel-${process.pid}`;
    const store = new KeyringStore({service, env: noDbusEnv()});
    expect(await store.available()).toEqual({
      ok: true,
      reason: 'kernel keyring (keyutils; kept in memory until reboot)',
    });
    expect(store.backend()).toBe('keyutils');
    expect((await store.status()).backends).toEqual([
      {
        backend: 'secret-service',
        label: 'Secret Service keyring (D-Bus)',
        state: 'unavailable',
        reason: 'Secret Service not reachable: no D-Bus session',
      },
      {backend: 'keyutils', label: 'kernel keyring (keyutils; kept in memory until reboot)', state: 'active'},
    ]);
    try {
      await store.set('lab:password', 'k3rnel-Pässword!');
      expect(await store.get('lab:password')).toBe('k3rnel-Pässword!');
      expect([...(await store.has(['lab:password', 'other:apiKey']))]).toEqual(['lab:password']);

      // A second store (another vseg process) finds it: it is in the kernel, not in this object.
      const other = new KeyringStore({service, backends: ['keyutils'], env: noDbusEnv()});
      const resolved = await resolveSecret({
        kind: 'password',
        account: 'lab:password',
        stores: [other],
        env: {},
        stdin: process.stdin,
        stderr: process.stderr,
        prompt: false,
      });
      expect({source: resolved.source, secret: resolved.secret}).toEqual({
        source: 'keyring',
        secret: 'k3rnel-Pässword!',
      });

      // Overwritten in place, not added beside the old one.
      await store.set('lab:password', 'second');
      expect(await other.get('lab:password')).toBe('second');
    } finally {
      expect(await store.delete('lab:password')).toBe(true);
    }
    expect(await store.get('lab:password')).toBeUndefined();
    expect(await store.delete('lab:password')).toBe(false);
  });
});

describe('KeyringStore on a real Secret Service', () => {
  const name =
    'stores, reads and deletes a secret in gnome-keyring; login saves there and a connection takes it from there' +
    (secretServiceSkip ? ` — ${secretServiceSkip}` : '');
  it.skipIf(secretServiceSkip !== undefined)(name, async () => {
    need('dbus-run-session');
    need('gnome-keyring-daemon');
    // gnome-keyring only creates the login keyring for a non-empty password
    // (measured: with an empty one every write fails "no result found").
    const script =
      `printf 'vseg-ci-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ` +
      `exec "$0" --import tsx "$1" "$2" "$3"`;
    const {report, stderr} = await runChild(
      'dbus-run-session',
      ['--', 'sh', '-c', script, node, CHILD, 'secret-service', work],
      isolatedEnv(),
    );
    expect(report['ok'], `child failed: ${String(report['error'])}\n${stderr}`).toBe(true);
    expect(report['available']).toEqual({ok: true, reason: 'Secret Service keyring (D-Bus)'});
    expect(report['describe']).toBe('Secret Service keyring (D-Bus)');
    expect(report['got']).toBe('s3cret-Pässword!');
    expect(report['has']).toEqual(['lab:password']);
    expect(report['deleted']).toBe(true);
    expect(report['afterDelete']).toBeNull();
    expect(report['deletedAgain']).toBe(false);

    // vseg info names the active store and why the other is not used.
    expect(report['info']).toMatchObject({
      active: 'keyring',
      keyring: {
        ok: true,
        description: 'Secret Service keyring (D-Bus)',
        backends: [
          {backend: 'secret-service', state: 'active'},
          {backend: 'keyutils', state: 'not needed', reason: 'Secret Service keyring (D-Bus) answers first'},
        ],
      },
    });

    expect(report['savedIn']).toBe('Secret Service keyring (D-Bus)');
    expect(report['saveMessage']).toBe('Password saved in the Secret Service keyring (D-Bus).');
    expect(report['connectionSource']).toBe('keyring');
    expect(report['connectionStore']).toBe('Secret Service keyring (D-Bus)');
    expect(report['tokenDeleted']).toBe(true);
    // The saved password went nowhere but its own site.
    expect(String(report['otherSite'])).toMatch(/^UsageError: No password available/);
    expect(report['otherSiteTokenPosts']).toBe(0);
    expect(report['forgot']).toEqual({deleted: true, message: 'Forgot the saved secret of profile "lab".'});
    expect(report['afterForget']).toBeNull();
  });
});

describe('KeyringStore without D-Bus', () => {
  it('says "no keyring" with a reason, quickly, and resolveSecret falls back to env, a 0600 file (not 0644), then stdin', async () => {
    const env = isolatedEnv();
    delete env['DBUS_SESSION_BUS_ADDRESS'];
    const {report, stderr} = await runChild(node, childArgs('no-dbus'), env);
    expect(report['ok'], `child failed: ${String(report['error'])}\n${stderr}`).toBe(true);
    expect(report['available']).toEqual({ok: false, reason: 'Secret Service not reachable: no D-Bus session'});
    expect(report['availableMs'] as number).toBeLessThan(3000);
    expect(report['getError']).toBe('SecretStoreError: Secret Service not reachable: no D-Bus session');
    expect(report['getMs'] as number).toBeLessThan(3000);

    const info = report['info'] as {keyring: {backends: Array<{backend: string; state: string; reason?: string}>}};
    expect(info.keyring.backends[0]).toEqual({
      backend: 'secret-service',
      label: 'Secret Service keyring (D-Bus)',
      state: 'unavailable',
      reason: 'Secret Service not reachable: no D-Bus session',
    });

    expect(report['env']).toEqual({
      source: 'env',
      secret: 'env-secret',
      notes: ['no keyring: Secret Service not reachable: no D-Bus session'],
    });
    expect(report['file']).toEqual({source: 'file', secret: 'file-secret'});
    expect(String(report['file0644'])).toMatch(
      /^SecretFileError: Refusing the password file .*mode is 0644.*chmod 600/,
    );
    expect(report['stdin']).toEqual({source: 'stdin', secret: 'stdin-secret'});
    expect(String(report['nothing'])).toBe(
      'SecretMissingError: No password available (no keyring: Secret Service not reachable: no D-Bus session): pass it with ' +
        '--password-stdin (from a pipe), --password-file F (mode 0600), the VSEG_PASSWORD environment variable, ' +
        'a saved profile (`vseg login`), or run on a terminal to be prompted.',
    );

    // Default backends: the kernel keyring stands in (headless Linux) and really works — or,
    // where the probe above found it refused, the reason names both backends.
    expect(report['autoMs'] as number).toBeLessThan(7000);
    if (kernelRefused) {
      expect(report['auto']).toEqual({
        ok: false,
        reason: `Secret Service not reachable: no D-Bus session; ${kernelRefused}`,
      });
    } else {
      expect(report['auto']).toEqual({ok: true, reason: 'kernel keyring (keyutils; kept in memory until reboot)'});
      expect(report['autoBackend']).toBe('keyutils');
      expect(report['autoRoundTrip']).toBe('kernel-secret');
      expect(report['autoDeleted']).toBe(true);
      expect(report['autoAfterDelete']).toBeNull();
    }
  });
});

describe('KeyringStore bounds every call', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  it('gives up on a D-Bus that accepts and never answers within the time bound, and does not wait twice', async () => {
    const socket = join(work, 'wedged.sock');
    server = createServer((s) => s.on('data', () => undefined));
    await new Promise<void>((r) => server!.listen(socket, r));
    const env = isolatedEnv({DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}`});
    const store = new KeyringStore({service: 'vseg-test', backends: ['secret-service'], env, timeoutMs: 1000});

    let t = performance.now();
    const a = await store.available();
    const first = performance.now() - t;
    expect(a).toEqual({ok: false, reason: 'Secret Service keyring (D-Bus) did not answer within 1 s'});
    expect(first).toBeGreaterThanOrEqual(900);
    expect(first).toBeLessThan(2500);

    // Known dead for the rest of the process: the fallback is immediate.
    t = performance.now();
    const resolved = await resolveSecret({
      kind: 'password',
      account: 'lab:password',
      stores: [store],
      env: {VSEG_PASSWORD: 'from-env'},
      stdin: process.stdin,
      stderr: process.stderr,
      prompt: false,
    });
    expect(performance.now() - t).toBeLessThan(200);
    expect(resolved.source).toBe('env');
    expect(resolved.notes).toEqual(['no keyring: Secret Service keyring (D-Bus) did not answer within 1 s']);
  });

  it('treats a missing @napi-rs/keyring module as "no keyring"', async () => {
    const store = new KeyringStore({modulePath: null});
    expect(await store.available()).toEqual({
      ok: false,
      reason: 'the optional module @napi-rs/keyring is not installed',
    });
    await expect(store.get('a:password')).rejects.toThrow('the optional module @napi-rs/keyring is not installed');
    expect(store.describe()).toBe('OS keyring (the optional module @napi-rs/keyring is not installed)');
  });

  it('treats a keyring module that fails to load as "no keyring", with the reason', async () => {
    const store = new KeyringStore({modulePath: join(work, 'no-such-module.js'), backends: ['secret-service']});
    const a = await store.available();
    expect(a.ok).toBe(false);
    expect(a.reason).toMatch(/^Secret Service: cannot load @napi-rs\/keyring: Cannot find module/);
  });

  it('can be turned off with VSEG_KEYRING=off, and refuses an unknown choice', async () => {
    expect(await new KeyringStore({env: {VSEG_KEYRING: 'off'}}).available()).toEqual({
      ok: false,
      reason: 'turned off by VSEG_KEYRING=off',
    });
    const odd = await new KeyringStore({env: {VSEG_KEYRING: 'wallet'}}).available();
    expect(odd).toEqual({ok: false, reason: 'VSEG_KEYRING="wallet" is not one of auto, secret-service, kernel, off'});
  });

  it('explains the usual keyring failures in one line', () => {
    expect(
      explainKeyringError(
        'secret-service',
        'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled',
      ),
    ).toBe('Secret Service not reachable: no D-Bus session');
    expect(
      explainKeyringError(
        'secret-service',
        "Couldn't access platform storage: Secret Service: unlock prompt was dismissed",
      ),
    ).toBe('Secret Service keyring is locked and cannot be unlocked without a desktop prompt');
    expect(
      explainKeyringError(
        'secret-service',
        'org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided',
      ),
    ).toBe('Secret Service not running on this D-Bus session (no gnome-keyring, KWallet or KeePassXC)');
    expect(explainKeyringError('keyutils', "Couldn't access platform storage: AccessDenied")).toBe(
      'kernel keyring not accessible here (access denied)',
    );
  });
});
