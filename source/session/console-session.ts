// The console's live session: the ConsoleModel the shell draws (connection
// state, pending-apply count, status line, operations) and the site snapshot
// the views read, kept fresh for what the visible views watch.
//
// - The first frame never waits: start() connects in the background.
// - Only the sections some mounted view watches are polled, at the profile's
//   interval (30 s unless the profile says otherwise, also for a console
//   opened with --url) and on demand (r). Rules are read as a delta of what
//   changed where the site allows it (domain/rules-delta.ts), in full every
//   few polls and on r. While nobody touches a key the interval doubles, up
//   to 8×; the next key brings it back.
// - A failed refresh keeps the last snapshot, marks it stale and retries with
//   backoff; a refused login or an untrusted certificate is never retried by
//   itself (five bad logins lock a VergeOS account) — the operator decides.
// - Every change goes through the executor (idempotent, reconciled, audited)
//   and reports per-step progress.
import {existsSync} from 'node:fs';
import {VergeError} from '../api/errors.js';
import type {ExecuteReport} from '../domain/changes/execute.js';
import type {ChangePlan} from '../domain/changes/types.js';
import type {Network, Section, Site} from '../domain/model.js';
import type {ConnectionState, ConsoleState, OfflineCause} from './console-model.js';
import type {Connection, ConnectionIO, ConnectionOptions} from './connection.js';
import type {ConnectionFlags} from './connection-flags.js';
import {createMemoryModel, type MemoryModel} from './memory-model.js';
import {UsageError} from './io.js';
import {DEFAULT_REFRESH_SECONDS} from '../store/defaults.js';
import {vsegPaths, type VsegPaths} from '../store/paths.js';
import {KeyringStore} from '../store/secrets/keyring.js';
import type {SecretStore} from '../store/secrets/types.js';
import {errorText} from './errors.js';
import {WizardStore} from './wizard-store.js';
import {applyRulesPlan, planCalls, runPlanInConsole, type PlanRunOptions} from './plan-run.js';
import type {ProfilesSnapshot} from '../store/profiles.js';

// The client, the snapshot loader, the executor and the profiles store load
// when first needed: the console's first frame does not wait for them.
const connectionModule = () => import('./connection.js');
const siteModule = () => import('./site.js');
const profilesModule = () => import('../store/profiles.js');

export interface SiteSnapshot {
  site: Site | null;
  /** When the last successful load finished (epoch ms). */
  loadedAt: number | null;
  loading: boolean;
  /** The last refresh failed: `site` is older than it should be. */
  stale: boolean;
  error?: string;
  /** Increases on every change. */
  version: number;
}

export interface ConsoleSessionOptions {
  flags: ConnectionFlags;
  io: ConnectionIO;
  connectionOptions?: ConnectionOptions;
  /** Poll interval; default: the profile's refreshSeconds, else DEFAULT_REFRESH_SECONDS. */
  refreshMs?: number;
  /** Backoff after a failed refresh: doubles from initialMs up to maxMs. */
  backoff?: {initialMs: number; maxMs: number};
  /** Sections loaded right after connecting, before any view asks. */
  initialSections?: readonly Section[];
}

/** What the console loads before its first view asks: the networks view's sections (bench: site load at start). */
export const CORE: readonly Section[] = ['networks', 'rules', 'aliases', 'addresses', 'vms'];

/** Every this many polls the rules are read in full, whatever the deltas said. */
const FULL_EVERY = 10;
/** Idle polls stretch the interval up to this factor (2, 4, 8). */
const MAX_IDLE_FACTOR = 8;

/** Why a failure leaves the console offline; only 'unreachable' is retried by itself. */
function causeOf(error: unknown): OfflineCause {
  if (!(error instanceof VergeError)) return error instanceof UsageError ? 'signin' : 'unreachable';
  if (error.kind === 'auth') return 'refused';
  if (error.kind === 'tls' || error.kind === 'tls-mismatch') return 'untrusted';
  if (error.kind === 'response') return 'malformed';
  return 'unreachable';
}

/** Whether an error will not go away by itself (retrying would not help, or would hurt). */
function permanent(error: unknown): boolean {
  if (error instanceof UsageError) return true;
  if (!(error instanceof VergeError)) return false;
  return (
    error.kind === 'auth' ||
    error.kind === 'tls' ||
    error.kind === 'tls-mismatch' ||
    error.kind === 'invalid-input' ||
    error.kind === 'response'
  );
}

/** Key overrides (`keys` in the profiles file) of the profile the flags open: none for --demo or --url. */
export function profileKeys(flags: ConnectionFlags, saved: ProfilesSnapshot): ConsoleState['keys'] {
  if (flags.demo || flags.url !== undefined) return undefined;
  const name = flags.profile ?? saved.resolvedDefault;
  return saved.profiles.find((p) => p.name === name)?.keys;
}

export class ConsoleSession {
  readonly model: MemoryModel;
  connection: Connection | null = null;
  private flags: ConnectionFlags;
  private readonly options: ConsoleSessionOptions;
  private snapshot: SiteSnapshot = {site: null, loadedAt: null, loading: false, stale: false, version: 0};
  private readonly listeners = new Set<() => void>();
  private readonly watchers = new Map<symbol, readonly Section[]>();
  private timer: NodeJS.Timeout | undefined;
  /** When the next poll is due (epoch ms), while one is scheduled. */
  private dueAt = 0;
  private backoffMs = 0;
  /** Polls in a row with no key pressed in between. */
  private idlePolls = 0;
  private inputSinceLastPoll = false;
  /** Polls since the rules were last read in full. */
  private deltaPolls = 0;
  private connecting: Promise<void> | undefined;
  private inflight: Promise<boolean> | undefined;
  private closed = false;
  /** Secrets typed in this console that no store kept (no keyring): account → secret, memory only. */
  private readonly typedSecrets = new Map<string, string>();
  /** A reason to break contracts, armed for the next change only (:contracts, o). */
  private armedOverride: string | undefined;

  constructor(options: ConsoleSessionOptions) {
    this.options = options;
    this.flags = options.flags;
    this.model = createMemoryModel(
      {
        profile: options.flags.demo ? 'demo' : (options.flags.profile ?? ''),
        host: options.flags.url ?? '',
        readOnly: options.flags['read-only'] === true,
        connection: {kind: 'connecting'},
      },
      {onRetry: () => void this.retryNow()},
    );
    this.wizards = new WizardStore({
      draftsDir: this.paths.draftsDir,
      siteLabel: () => this.connection?.label ?? this.model.getState().profile,
    });
    // Before the console mounts, so the setup chain never draws without its progress.
    this.wizards.loadSetup();
  }

  /** The console's wizards: answers, pages, runs (memory, with drafts on disk). */
  readonly wizards: WizardStore;

  // --- site snapshot (what views read) ---------------------------------

  getSnapshot = (): SiteSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setSnapshot(patch: Partial<SiteSnapshot>): void {
    this.snapshot = {...this.snapshot, ...patch, version: this.snapshot.version + 1};
    for (const l of [...this.listeners]) l();
  }

  /** A mounted view declares what it shows; returns the release function. */
  watch(sections: readonly Section[]): () => void {
    const id = Symbol('watch');
    this.watchers.set(id, sections);
    const missing = sections.filter((s) => !this.snapshot.site?.sections.has(s));
    if (missing.length > 0 && this.connection) void this.refresh(missing);
    return () => {
      this.watchers.delete(id);
    };
  }

  /** What the mounted views show. */
  watched(): Section[] {
    const all = new Set<Section>();
    for (const s of this.watchers.values()) for (const x of s) all.add(x);
    return [...all];
  }

  // --- connection -------------------------------------------------------

  /** Connects in the background; the console is already on screen. */
  start(): Promise<void> {
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private setConnection(connection: ConnectionState): void {
    this.model.update({connection});
  }

  /** Where profiles, the audit log and drafts live for this session. */
  get paths(): VsegPaths {
    return this.options.connectionOptions?.paths ?? vsegPaths(this.options.io.env);
  }

  /** Where a secret typed in the console is saved: the configured stores, else the OS keyring. */
  secretStores(): readonly SecretStore[] {
    return this.options.connectionOptions?.stores ?? [new KeyringStore({env: this.options.io.env})];
  }

  /** The site and user the console was started with (--url, --user): the sign-in screen starts from them. */
  get given(): {url?: string; user?: string} {
    return {url: this.options.flags.url, user: this.options.flags.user};
  }

  /** No site named by flags and no saved profile: the console's sign-in screen is the way in. */
  needsSignIn(): boolean {
    // Decided before the first frame, so without reading the profiles file
    // (its schema validator would cost more than the frame): a file that
    // exists but names no usable site is found when connecting (below).
    return this.noSiteNamed() && !existsSync(this.paths.profilesFile);
  }

  private noSiteNamed(): boolean {
    const f = this.flags;
    return !f.demo && f.profile === undefined && f.url === undefined;
  }

  /** The key overrides of the profile the console opens with, once its file is read (after the first frame). */
  private async loadKeys(): Promise<void> {
    if (this.flags.demo || this.flags.url !== undefined) return;
    const {profilesSnapshot} = await profilesModule();
    const keys = profileKeys(this.flags, profilesSnapshot(this.paths));
    if (keys) this.model.update({keys});
  }

  private async connect(): Promise<void> {
    this.setConnection({kind: 'connecting'});
    try {
      await this.loadKeys();
      const typed =
        this.typedSecrets.size > 0 ? {stores: [memoryStore(this.typedSecrets), ...this.secretStores()]} : {};
      const {openConnection} = await connectionModule();
      const connection = await openConnection(this.flags, this.options.io, {
        prompt: false,
        ...this.options.connectionOptions,
        ...typed,
      });
      if (this.closed) {
        await connection.close();
        return;
      }
      this.connection = connection;
      this.model.update({
        profile: connection.label,
        host: connection.host,
        readOnly: connection.readOnly || this.flags['read-only'] === true,
        insecureTls: connection.insecure,
        cleartext: connection.cleartext,
        needsSignIn: false,
      });
      if (connection.warning) this.model.notify('warning', connection.warning);
      for (const note of connection.notes) this.model.notify('warning', note);
      // Flags an interrupted `why --verify` left on at this site go back first.
      // Loaded here, after sign-in: it reads rows with zod, which the first frame does not need.
      void import('./flag-restore.js')
        .then(async ({describeRestore, restoreInterruptedFlags}) => {
          for (const r of (await restoreInterruptedFlags(connection)) ?? [])
            this.model.notify(r.failed.length ? 'warning' : 'info', describeRestore(r));
        })
        .catch(() => undefined);
      void connection.client.version().then(
        (v) => this.model.update({version: v.version}),
        () => undefined,
      );
      const ok = await this.refresh([...new Set([...(this.options.initialSections ?? CORE), ...this.watched()])]);
      if (ok) this.schedule(this.interval());
    } catch (error) {
      if (error instanceof UsageError && this.noSiteNamed()) {
        this.model.update({
          needsSignIn: true,
          connection: {kind: 'offline', reason: 'no site saved yet: sign in first', cause: 'signin'},
        });
        return;
      }
      this.failed(error, 'connect');
    }
  }

  /** The poll interval while the operator is at work. */
  private interval(): number {
    return this.options.refreshMs ?? (this.connection?.profile?.refreshSeconds ?? DEFAULT_REFRESH_SECONDS) * 1000;
  }

  /** The interval after this many idle polls: doubled each time, at most MAX_IDLE_FACTOR×. */
  private idleInterval(): number {
    return this.interval() * Math.min(MAX_IDLE_FACTOR, 2 ** this.idlePolls);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.dueAt = Date.now() + ms;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (!this.connection) {
      await this.start();
      return;
    }
    this.idlePolls = this.inputSinceLastPoll ? 0 : this.idlePolls + 1;
    this.inputSinceLastPoll = false;
    const ok = await this.refresh();
    if (ok) this.schedule(this.idleInterval());
  }

  /**
   * A key or a paste: the operator is at the console. Polls that had
   * stretched while it sat idle come back to the normal interval at once.
   */
  activity(): void {
    this.inputSinceLastPoll = true;
    if (this.idlePolls === 0 || !this.connection || this.backoffMs > 0) return;
    this.idlePolls = 0;
    const loadedAt = this.snapshot.loadedAt ?? Date.now();
    const due = Math.max(0, loadedAt + this.interval() - Date.now());
    if (this.dueAt - Date.now() > due) this.schedule(due);
  }

  /** Where the poll stands, for tests and the benchmark. */
  pollState(): {intervalMs: number; nextInMs: number; idlePolls: number} {
    return {intervalMs: this.idleInterval(), nextInMs: Math.max(0, this.dueAt - Date.now()), idlePolls: this.idlePolls};
  }

  private failed(error: unknown, phase: 'connect' | 'refresh', cause: OfflineCause = causeOf(error)): void {
    const reason = errorText(error);
    const shorter = error instanceof VergeError ? error.descriptions().slice(1) : undefined;
    if (permanent(error)) {
      // Never retried by itself: a wrong password retried locks the account.
      this.setConnection({kind: 'offline', reason, shorter, cause});
      if (phase === 'connect') this.model.notify('error', reason);
      clearTimeout(this.timer);
      return;
    }
    const initial = this.options.backoff?.initialMs ?? 2000;
    const max = this.options.backoff?.maxMs ?? 60_000;
    this.backoffMs = this.backoffMs === 0 ? initial : Math.min(max, this.backoffMs * 2);
    this.setConnection({kind: 'offline', reason, shorter, retryAt: Date.now() + this.backoffMs, cause});
    this.schedule(this.backoffMs);
  }

  /** The banner's "retry now", and `r` while offline. */
  async retryNow(): Promise<void> {
    clearTimeout(this.timer);
    this.backoffMs = 0;
    const state = this.model.getState().connection;
    if (
      state.kind === 'offline' &&
      (state.cause === 'refused' || state.cause === 'untrusted' || state.cause === 'signin')
    ) {
      // Sending a refused password again counts towards the account lockout;
      // a certificate does not become trusted by asking twice.
      const what = {
        refused:
          'the password or key was refused, and vseg does not send it again (repeated failures ' +
          'lock the VergeOS account): sign in again with :signin, or :ctx for another site',
        untrusted:
          'the certificate is not trusted: review it with :signin (or vseg login), or pick another site with :ctx',
        signin: 'no site yet: sign in below, or :ctx to pick a saved site',
      }[state.cause];
      this.model.notify('warning', `Not retried: ${what}`);
      return;
    }
    if (!this.connection) {
      await this.start();
      return;
    }
    if (state.kind === 'offline' && state.cause === 'expired') {
      // The server forgot the session: r is the operator's choice to sign in once more.
      const ok = await this.connection.client.login().then(
        () => true,
        (error: unknown) => {
          this.failed(error, 'refresh');
          return false;
        },
      );
      if (!ok) return;
    }
    this.idlePolls = 0;
    const ok = await this.refresh(undefined, {full: true});
    if (ok) this.schedule(this.interval());
  }

  /**
   * Loads the given sections (default: what the views watch). Resolves false
   * on failure; the snapshot then keeps the last data, marked stale. Rules
   * come as a delta of the last snapshot unless `full` (or it is time for a
   * full read).
   */
  refresh(sections?: readonly Section[], options: {full?: boolean} = {}): Promise<boolean> {
    const connection = this.connection;
    if (!connection) return Promise.resolve(false);
    const wanted = sections && sections.length > 0 ? sections : this.watched().length > 0 ? this.watched() : CORE;
    // One load at a time; a refresh asked for during a load waits for it, then runs.
    const previous = this.inflight ?? Promise.resolve(true);
    const run = previous.then(async () => {
      this.setSnapshot({loading: true});
      try {
        const {loadSiteWithBaselines} = await siteModule();
        const full = options.full === true || this.deltaPolls >= FULL_EVERY - 1;
        const site = await loadSiteWithBaselines(connection, {
          sections: wanted,
          previous: this.snapshot.site ?? undefined,
          incremental: !full,
          onRules: (r) => (this.deltaPolls = r.mode === 'delta' ? this.deltaPolls + 1 : 0),
        });
        this.backoffMs = 0;
        this.setSnapshot({site, loadedAt: site.loadedAt, loading: false, stale: false, error: undefined});
        this.model.update({connection: {kind: 'connected'}, pendingApply: pendingApply(site)});
        return true;
      } catch (error) {
        const expired = error instanceof VergeError && error.kind === 'auth' && connection.client.auth.kind === 'token';
        // The server forgot the session (idle expiry): drop the token; `r` signs in again.
        if (expired) connection.client.auth.setToken(undefined);
        this.setSnapshot({loading: false, stale: this.snapshot.site !== null, error: errorText(error)});
        this.failed(error, 'refresh', expired ? 'expired' : undefined);
        return false;
      }
    });
    const tracked: Promise<boolean> = run.finally(() => {
      if (this.inflight === tracked) this.inflight = undefined;
    });
    this.inflight = tracked;
    return run;
  }

  // --- changes (session/plan-run.ts) -------------------------------------

  /** The next change may break contracts, for this reason (audited when used). */
  armOverride(reason: string | undefined): void {
    this.armedOverride = reason?.trim() || undefined;
  }

  /**
   * The contract gate (console-contracts.ts): null when the change may run,
   * else the refusal. Loads what a contract check needs when it is missing.
   */
  async contractGate(plan: ChangePlan, override: string | undefined): Promise<string | null> {
    const connection = this.connection;
    if (!connection) return null;
    const {gateConsoleChange, CONTRACT_SECTIONS} = await import('./console-contracts.js');
    const missing = CONTRACT_SECTIONS.filter((s) => !this.snapshot.site?.sections.has(s));
    if (missing.length > 0) await this.refresh(missing);
    const site = this.snapshot.site;
    if (!site) return null;
    const reason = override ?? this.armedOverride;
    const result = gateConsoleChange({connection, site, plan, override: reason});
    // An armed override is for one change.
    if (result.overridden && override === undefined) this.armOverride(undefined);
    return result.refuse ?? null;
  }

  /** The exact calls a plan will send, for confirmation dialogs. */
  static calls(plan: ChangePlan): Array<{method: string; path: string; body?: string}> {
    return planCalls(plan);
  }

  /** Runs a plan with progress and the audit log, then reloads what it touched (runPlanInConsole). */
  runPlan(plan: ChangePlan, options: PlanRunOptions = {}): Promise<ExecuteReport | undefined> {
    return runPlanInConsole(this, plan, options);
  }

  /** Apply Rules on these networks (all with pending changes when omitted). */
  applyRules(networks?: readonly Network[]): Promise<ExecuteReport | undefined> {
    return this.runPlan(applyRulesPlan(networks ?? this.snapshot.site?.networks.filter((n) => n.needFwApply) ?? []));
  }

  /**
   * Switches to another saved profile, even when the current site is unreachable.
   * `secret`: one just typed (sign-in screen) for when no store could keep it.
   */
  async switchProfile(name: string, options: {secret?: string} = {}): Promise<void> {
    const {openProfiles, secretAccount} = await profilesModule();
    const kind = options.secret !== undefined ? openProfiles(this.paths).get(name)?.auth : undefined;
    if (kind && options.secret) this.typedSecrets.set(secretAccount(name, kind), options.secret);
    const left = await this.disconnect();
    if (left) this.model.notify('warning', left);
    this.flags = {profile: name, 'read-only': this.options.flags['read-only']};
    this.setSnapshot({site: null, loadedAt: null, stale: false, error: undefined, loading: false});
    this.model.update({
      profile: name,
      host: '',
      version: undefined,
      pendingApply: 0,
      insecureTls: false,
      cleartext: false,
    });
    await this.start();
  }

  /** Closes the connection; resolves a line for the operator when its session could not be closed. */
  private async disconnect(): Promise<string | undefined> {
    clearTimeout(this.timer);
    this.backoffMs = 0;
    const c = this.connection;
    this.connection = null;
    return (await c?.close())?.leftOpen;
  }

  /** Ends the session; resolves the lines to tell the operator (sessions left open on the server). */
  async close(): Promise<string[]> {
    this.closed = true;
    this.model.abortAll();
    const left = await this.disconnect();
    return left ? [left] : [];
  }
}

function memoryStore(secrets: ReadonlyMap<string, string>): SecretStore {
  return {
    name: 'memory',
    describe: () => 'this console session (not saved)',
    available: () => Promise.resolve({ok: true}),
    get: (account) => Promise.resolve(secrets.get(account)),
    set: () => Promise.reject(new Error('read-only')),
    delete: () => Promise.resolve(false),
  };
}

/** Networks whose staged rules wait for Apply Rules (mirror networks carry no rules of their own). */
export function pendingApply(site: Site): number {
  return site.networks.filter((n) => n.needFwApply && n.type !== 'port_mirror').length;
}
