// The OS keyring through @napi-rs/keyring: the Secret Service (gnome-keyring,
// KWallet, KeePassXC) over D-Bus, else the kernel keyring (keyutils) on
// headless Linux sessions; the Keychain on macOS, the Credential Manager on
// Windows.
//
// Every keyring call runs in a short-lived helper process, bounded by a timeout
// and killed when it expires. Measured on this code base's target: with a
// D-Bus socket that accepts and never answers, `new AsyncEntry(...)` blocks the
// calling thread inside native code before any promise exists — no timer can
// fire, a worker thread stuck there cannot be terminated and keeps the process
// from exiting. A child process can always be killed. The cost is one Node
// start-up (~50 ms) per call, and only when a profile's secret is needed.
//
// The module is an optional dependency: missing, failing to load, or any error
// at all means "no keyring here", with a one-line reason kept for `vseg info`.
import {createRequire} from 'node:module';
import type {Availability, SecretStore} from './types.js';
import {SecretStoreError} from './types.js';

export type KeyringBackend = 'secret-service' | 'keyutils' | 'native';

export interface KeyringOptions {
  /** Service name entries are filed under. */
  service?: string;
  /** Bound on each keyring call, helper start-up included. */
  timeoutMs?: number;
  /** Backends in order of preference (default: by platform, narrowed by VSEG_KEYRING). */
  backends?: KeyringBackend[];
  /** Environment of the helper processes (D-Bus address) and of VSEG_KEYRING. */
  env?: NodeJS.ProcessEnv;
  /** Path of the @napi-rs/keyring entry point; null = pretend it is not installed. */
  modulePath?: string | null;
}

export interface KeyringStatus {
  ok: boolean;
  reason?: string;
  description: string;
  backends: Array<{
    backend: KeyringBackend;
    label: string;
    state: 'active' | 'unavailable' | 'not needed';
    reason?: string;
  }>;
}

export const KEYRING_SERVICE = 'vseg';
export const KEYRING_TIMEOUT_MS = 3000;
const PROBE_ACCOUNT = 'vseg-probe:check';

const LABELS: Record<KeyringBackend, string> = {
  'secret-service': 'Secret Service keyring (D-Bus)',
  keyutils: 'kernel keyring (keyutils; kept in memory until reboot)',
  native:
    process.platform === 'darwin'
      ? 'macOS Keychain'
      : process.platform === 'win32'
        ? 'Windows Credential Manager'
        : 'OS keyring',
};

// The helper: reads one JSON request on stdin, answers one JSON line on stdout.
// CommonJS and self-contained, so it runs from `node -e` both in development
// and next to the bundled dist/vseg.js.
const HELPER = String.raw`
const modulePath = process.argv[1];
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', async () => {
  const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  let req;
  try { req = JSON.parse(input); } catch { return out({ok: false, error: 'bad request'}); }
  let k;
  try { k = require(modulePath); } catch (e) {
    return out({ok: false, fatal: true, error: 'cannot load @napi-rs/keyring: ' + String(e && e.message || e).split('\n')[0]});
  }
  const opts = req.backend === 'native' ? undefined : {linux: {store: req.backend}};
  const make = (account) => new k.AsyncEntry(req.service, account, opts);
  const noEntry = (e) => /no (matching )?entry|not found|NoEntry/i.test(String(e && e.message || e));
  const denied = (e) => req.backend === 'keyutils' && /AccessDenied/i.test(String(e && e.message || e));
  // Measured on a container without a persistent keyring yet: the first keyutils
  // call of a process fails with AccessDenied while the kernel creates and links
  // it — after a set has already added the key, leaving a second copy behind.
  // A harmless read first takes that hit; a fresh entry retries once if needed.
  const warm = req.backend === 'keyutils' ? make(req.service + '-warm-up').getPassword().catch(() => null) : Promise.resolve();
  const entry = (account) => {
    const again = (call) => warm.then(() => call(make(account))).catch((e) => {
      if (denied(e)) return call(make(account));
      throw e;
    });
    return {
      setPassword: (v) => again((e) => e.setPassword(v)),
      getPassword: () => again((e) => e.getPassword()),
      // Removes every copy a search can still find, not just the first.
      deletePassword: async () => {
        let deleted = false;
        for (let i = 0; i < 4; i++) {
          let gone;
          try { gone = await again((e) => e.deletePassword()); } catch (e) { if (deleted && denied(e)) break; throw e; }
          if (!gone) break;
          deleted = true;
        }
        return deleted;
      },
    };
  };
  try {
    if (req.op === 'probe') {
      const e = entry(req.account);
      const value = 'probe-' + Math.random().toString(36).slice(2);
      await e.setPassword(value);
      const back = await e.getPassword();
      try { await e.deletePassword(); } catch {}
      return out(back === value ? {ok: true} : {ok: false, error: 'the keyring returned a different value than was stored'});
    }
    if (req.op === 'get') return out({ok: true, value: await entry(req.account).getPassword()});
    if (req.op === 'set') { await entry(req.account).setPassword(req.secret); return out({ok: true}); }
    if (req.op === 'delete') {
      try { return out({ok: true, deleted: await entry(req.account).deletePassword()}); }
      catch (e) { if (noEntry(e)) return out({ok: true, deleted: false}); throw e; }
    }
    if (req.op === 'has') {
      const present = [];
      for (const a of req.accounts) { if ((await entry(a).getPassword()) != null) present.push(a); }
      return out({ok: true, present});
    }
    out({ok: false, error: 'unknown operation'});
  } catch (e) {
    out({ok: false, error: String(e && e.message || e).split('\n')[0]});
  }
});
`;

type Request =
  | {op: 'probe'; account: string}
  | {op: 'get'; account: string}
  | {op: 'set'; account: string; secret: string}
  | {op: 'delete'; account: string}
  | {op: 'has'; accounts: string[]};

interface Response {
  ok: boolean;
  fatal?: boolean;
  error?: string;
  value?: string | null;
  deleted?: boolean;
  present?: string[];
}

/** Turns a keyring error into one line an operator can act on. */
export function explainKeyringError(backend: KeyringBackend, message: string): string {
  const m = message.replace(/\s+/g, ' ').trim();
  if (backend === 'secret-service') {
    if (
      /DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to socket|No such file or directory|Connection refused|no D-?Bus/i.test(
        m,
      )
    ) {
      return 'Secret Service not reachable: no D-Bus session';
    }
    if (/ServiceUnknown|not provided by any \.service|org\.freedesktop\.secrets/i.test(m)) {
      return 'Secret Service not running on this D-Bus session (no gnome-keyring, KWallet or KeePassXC)';
    }
    if (/prompt was dismissed|locked/i.test(m))
      return 'Secret Service keyring is locked and cannot be unlocked without a desktop prompt';
    if (/no result found/i.test(m)) return 'Secret Service has no default keyring (collection) to store into';
    return `Secret Service: ${m.slice(0, 160)}`;
  }
  if (backend === 'keyutils') {
    if (/AccessDenied|Permission denied|not permitted|EPERM|EACCES/i.test(m))
      return 'kernel keyring not accessible here (access denied)';
    if (/ENOSYS|not implemented|function not implemented/i.test(m))
      return 'kernel keyring not supported by this kernel or container';
    return `kernel keyring: ${m.slice(0, 160)}`;
  }
  return `${LABELS[backend]}: ${m.slice(0, 160)}`;
}

function defaultBackends(): KeyringBackend[] {
  return process.platform === 'linux' ? ['secret-service', 'keyutils'] : ['native'];
}

function locateModule(): string | null {
  try {
    return createRequire(import.meta.url).resolve('@napi-rs/keyring');
  } catch {
    return null;
  }
}

export class KeyringStore implements SecretStore {
  readonly name = 'keyring';
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly backends: KeyringBackend[];
  private readonly modulePath: string | null;
  /** Set when the whole store is out (turned off, module missing). */
  private readonly disabled: string | undefined;
  /** Backends that failed for good in this process (timeout, module load). */
  private readonly dead = new Map<KeyringBackend, string>();
  private probing: Promise<Availability> | undefined;
  private active: KeyringBackend | undefined;
  /** Why each backend that is not used is not (for `vseg info`). */
  readonly failures = new Map<KeyringBackend, string>();

  constructor(options: KeyringOptions = {}) {
    this.service = options.service ?? KEYRING_SERVICE;
    this.timeoutMs = options.timeoutMs ?? KEYRING_TIMEOUT_MS;
    this.env = options.env ?? process.env;
    this.modulePath = options.modulePath === undefined ? locateModule() : options.modulePath;
    const choice = (this.env['VSEG_KEYRING'] ?? 'auto').trim().toLowerCase();
    let backends = options.backends ?? defaultBackends();
    if (choice === 'off' || choice === 'none' || choice === '0') {
      this.disabled = 'turned off by VSEG_KEYRING=off';
    } else if (choice === 'secret-service' || choice === 'keyutils' || choice === 'kernel') {
      const wanted: KeyringBackend = choice === 'kernel' ? 'keyutils' : choice;
      backends = backends.filter((b) => b === wanted);
      if (backends.length === 0) this.disabled = `VSEG_KEYRING=${choice} is not available on this platform`;
    } else if (choice !== 'auto' && choice !== '') {
      this.disabled = `VSEG_KEYRING="${choice}" is not one of auto, secret-service, kernel, off`;
    }
    this.backends = backends;
    if (!this.disabled && !this.modulePath) this.disabled = 'the optional module @napi-rs/keyring is not installed';
  }

  describe(): string {
    if (this.active) return LABELS[this.active];
    if (this.disabled) return `OS keyring (${this.disabled})`;
    return 'OS keyring';
  }

  /** The backend in use once available() succeeded. */
  backend(): KeyringBackend | undefined {
    return this.active;
  }

  available(): Promise<Availability> {
    this.probing ??= this.probe();
    return this.probing;
  }

  /** Every backend and why it is or is not used, for `vseg info`. */
  async status(): Promise<KeyringStatus> {
    const a = await this.available();
    return {
      ok: a.ok,
      reason: a.ok ? undefined : a.reason,
      description: this.describe(),
      backends: this.backends.map((b) => {
        if (b === this.active) return {backend: b, label: LABELS[b], state: 'active' as const};
        const why = this.failures.get(b) ?? this.dead.get(b) ?? this.disabled;
        if (why) return {backend: b, label: LABELS[b], state: 'unavailable' as const, reason: why};
        return {
          backend: b,
          label: LABELS[b],
          state: 'not needed' as const,
          reason: this.active ? `${LABELS[this.active]} answers first` : undefined,
        };
      }),
    };
  }

  private async probe(): Promise<Availability> {
    if (this.disabled) return {ok: false, reason: this.disabled};
    const reasons: string[] = [];
    for (const backend of this.backends) {
      try {
        const r = await this.call(backend, {op: 'probe', account: PROBE_ACCOUNT});
        if (r.ok) {
          this.active = backend;
          return {ok: true, reason: LABELS[backend]};
        }
        const why = explainKeyringError(backend, r.error ?? 'failed');
        this.failures.set(backend, why);
        reasons.push(why);
      } catch (error) {
        const why = (error as Error).message;
        this.failures.set(backend, why);
        reasons.push(why);
      }
    }
    return {ok: false, reason: reasons.join('; ') || 'no keyring backend for this platform'};
  }

  async get(account: string): Promise<string | undefined> {
    const live = this.liveBackends();
    // All at once: a missing entry in the first backend should not cost a second start-up.
    const answers = await Promise.all(
      live.map((b) =>
        this.call(b, {op: 'get', account}).then(
          (r) => (r.ok ? {value: r.value ?? undefined} : {error: explainKeyringError(b, r.error ?? 'failed')}),
          (e: Error) => ({error: e.message}),
        ),
      ),
    );
    for (const a of answers) if ('value' in a && a.value !== undefined) return a.value;
    const errors = answers.filter((a): a is {error: string} => 'error' in a);
    if (errors.length === answers.length) throw new SecretStoreError(errors.map((e) => e.error).join('; '));
    return undefined;
  }

  async set(account: string, secret: string): Promise<void> {
    const a = await this.available();
    if (!a.ok || !this.active) throw new SecretStoreError(a.reason ?? 'no keyring');
    const r = await this.call(this.active, {op: 'set', account, secret});
    if (!r.ok) throw new SecretStoreError(explainKeyringError(this.active, r.error ?? 'failed'));
  }

  async delete(account: string): Promise<boolean> {
    const live = this.liveBackends();
    const answers = await Promise.all(
      live.map((b) =>
        this.call(b, {op: 'delete', account}).then(
          (r) => (r.ok ? {deleted: r.deleted === true} : {error: explainKeyringError(b, r.error ?? 'failed')}),
          (e: Error) => ({error: e.message}),
        ),
      ),
    );
    if (answers.some((a) => 'deleted' in a && a.deleted)) return true;
    const errors = answers.filter((a): a is {error: string} => 'error' in a);
    if (errors.length === answers.length) throw new SecretStoreError(errors.map((e) => e.error).join('; '));
    return false;
  }

  /** Which of these accounts have a secret stored (values never leave the helper). */
  async has(accounts: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    if (accounts.length === 0) return found;
    const live = this.liveBackends();
    const answers = await Promise.all(live.map((b) => this.call(b, {op: 'has', accounts}).catch(() => undefined)));
    for (const r of answers) for (const a of r?.present ?? []) found.add(a);
    return found;
  }

  private liveBackends(): KeyringBackend[] {
    if (this.disabled) throw new SecretStoreError(this.disabled);
    const live = this.backends.filter((b) => !this.dead.has(b));
    if (live.length === 0) throw new SecretStoreError([...this.dead.values()].join('; ') || 'no keyring backend');
    return live;
  }

  private call(backend: KeyringBackend, request: Request): Promise<Response> {
    if (this.disabled) return Promise.reject(new SecretStoreError(this.disabled));
    const dead = this.dead.get(backend);
    if (dead) return Promise.reject(new SecretStoreError(dead));
    const env: NodeJS.ProcessEnv = {...this.env};
    // The helper needs no secret from the environment and no loader hooks.
    delete env['VSEG_PASSWORD'];
    delete env['VSEG_API_KEY'];
    delete env['NODE_OPTIONS'];
    // node:child_process costs the console's first frame tens of ms; it is
    // needed only when a secret is read or written.
    return import('node:child_process').then(({spawn}) => this.spawnHelper(spawn, backend, env, request));
  }

  private spawnHelper(
    spawn: typeof import('node:child_process').spawn,
    backend: KeyringBackend,
    env: NodeJS.ProcessEnv,
    request: Request,
  ): Promise<Response> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const child = spawn(process.execPath, ['-e', HELPER, this.modulePath!], {
        env,
        stdio: ['pipe', 'pipe', 'ignore'],
        windowsHide: true,
      });
      let out = '';
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        const why = `${LABELS[backend]} did not answer within ${Math.round(this.timeoutMs / 100) / 10} s`;
        // A wedged keyring stays wedged: do not pay the timeout again in this process.
        this.dead.set(backend, why);
        finish(() => reject(new SecretStoreError(why)));
      }, this.timeoutMs);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        out += d;
        if (out.length > 1_000_000) child.kill('SIGKILL');
      });
      child.on('error', (error) =>
        finish(() => reject(new SecretStoreError(`cannot start the keyring helper: ${error.message}`))),
      );
      child.on('close', () => {
        finish(() => {
          let r: Response;
          try {
            r = JSON.parse(out.trim().split('\n').pop() ?? '') as Response;
          } catch {
            reject(new SecretStoreError(`${LABELS[backend]}: the keyring helper ended without an answer`));
            return;
          }
          if (r.fatal) this.dead.set(backend, r.error ?? 'keyring module failed to load');
          resolve(r);
        });
      });
      child.stdin.on('error', () => {
        // the helper died before reading; 'close' reports it
      });
      child.stdin.end(JSON.stringify({...request, service: this.service, backend}));
    });
  }
}
