// One open connection to a site, as both the console and the headless commands
// use it: which site (profile, or flags alone), how its certificate is trusted,
// where the secret came from, and the session around the client — audit log,
// debug log, and a close() that deletes the session token on the server.
//
// Resolution: --demo starts the embedded simulator; otherwise a profile
// (--profile, or the default one unless --url is given) merged with the flags,
// flags winning; or the flags alone. A stored secret is only used for the
// profile's own site and user: flags that point elsewhere never receive it.
import type {AuthConfig} from '../api/auth.js';
import {VergeClient, type ClientOptions} from '../api/client.js';
import {VergeError} from '../api/errors.js';
import type {RequestEvent} from '../api/http.js';
import {normaliseFingerprint, type TlsTrust} from '../api/fingerprint.js';
import {parseSiteUrl, type SiteUrl} from '../api/url.js';
import {UsageError} from './io.js';
import {checkDemoFlags, siteFrom, timeoutFlag, trustFromFlags, type ConnectionFlags} from './connection-flags.js';

import type {CommandIO} from './io.js';
import type {AuditEntry} from '../domain/changes/execute.js';
import {appendAudit} from '../store/audit.js';
import {debugEnabled, openDebugLog, type DebugLog} from '../store/debug-log.js';
import {openProfiles, secretAccount, type Profile, type TlsSetting} from '../store/profiles.js';
import {vsegPaths, type VsegPaths} from '../store/paths.js';
import {KeyringStore} from '../store/secrets/keyring.js';
import {addSecretProvider, knownSecrets, rememberSecret} from '../store/secrets/known.js';
import {SecretFileError, SecretMissingError, resolveSecret} from '../store/secrets/resolve.js';
import {SECRET_ENV, type SecretKind, type SecretSource, type SecretStore} from '../store/secrets/types.js';
import type {DemoSite} from './demo.js';
import {transportWarning} from './transport.js';
import {isLostSignIn, leftOpenText, withLostSignInNote} from './sessions-left.js';

export type ConnectionIO = Pick<CommandIO, 'stdin' | 'stderr' | 'env'>;

export type ConnectionSecretSource = SecretSource | 'demo' | 'none';

export interface ConnectionOptions {
  paths?: VsegPaths;
  /** Where stored secrets are looked up (default: the OS keyring). */
  stores?: readonly SecretStore[];
  /** --debug; VSEG_DEBUG=1 turns it on as well. */
  debug?: boolean;
  /** Allow a masked prompt when stdin is a terminal (default true; the console passes false). */
  prompt?: boolean;
  /** Every request event, e.g. for the console's activity line (the debug log gets them anyway). */
  onEvent?: (event: RequestEvent) => void;
  signal?: AbortSignal;
  userAgent?: string;
  retries?: number;
  /** Response size limits (defaults in api/http.ts: 96 MB per answer, 192 MB for all answers read at once). */
  maxBodyBytes?: ClientOptions['maxBodyBytes'];
  maxInFlightBytes?: ClientOptions['maxInFlightBytes'];
}

/** Everything decided before the network is touched; connect() may be retried with it. */
export interface ConnectionPlan {
  profile: Profile | null;
  label: string;
  site: SiteUrl;
  trust: TlsTrust;
  auth: AuthConfig;
  user?: string;
  readOnly: boolean;
  timeoutMs?: number;
  secretSource: ConnectionSecretSource;
  /** Which store the secret came from ("Secret Service keyring (D-Bus)"), when one did. */
  secretStore?: string;
  /** Why stored secrets were not used (one line each). */
  notes: string[];
  demo?: DemoSite;
}

export interface Connection {
  client: VergeClient;
  profile: Profile | null;
  /** Profile name, else host. */
  label: string;
  host: string;
  readOnly: boolean;
  insecure: boolean;
  /** Plain http: nothing is encrypted. */
  cleartext: boolean;
  /** How the site is reached is unsafe (--insecure, http): one line to show the operator. */
  warning?: string;
  trust: TlsTrust;
  secretSource: ConnectionSecretSource;
  secretStore?: string;
  notes: string[];
  paths: VsegPaths;
  debugLog: DebugLog;
  /** Writes the audit log with profile and host filled in. */
  audit(entry: AuditEntry): void;
  /** Live rulesets known outright (the embedded demo simulator only). */
  knownApplied?: DemoSite['knownApplied'];
  /**
   * Deletes the session token, closes the pool, stops the demo simulator.
   * Safe to call twice (the same report). The report says when the token
   * could not be deleted: the caller tells the operator.
   */
  close(): Promise<CloseReport>;
}

export interface CloseReport {
  /** One line for the operator when the session token is still valid on the server; undefined when all is well. */
  leftOpen?: string;
}

const open = new Set<Connection>();

/** How long close() keeps trying to make the server forget the token (every try, every pause). */
const LOGOUT_TIMEOUT_MS = 3000;

export function trustFromSetting(tls: TlsSetting): TlsTrust {
  switch (tls.mode) {
    case 'system':
      return {mode: 'system'};
    case 'ca':
      return {mode: 'ca', caFile: tls.caFile};
    case 'pin':
      return {mode: 'pin', fingerprint: tls.fingerprint};
    case 'insecure':
      return {mode: 'insecure'};
  }
}

export function settingFromTrust(trust: TlsTrust): TlsSetting {
  switch (trust.mode) {
    case 'system':
      return {mode: 'system'};
    case 'ca':
      if (!trust.caFile) throw new UsageError('a CA given as text cannot be saved in a profile; pass --ca FILE');
      return {mode: 'ca', caFile: trust.caFile};
    case 'pin':
      return {mode: 'pin', fingerprint: normaliseFingerprint(trust.fingerprint)};
    case 'insecure':
      return {mode: 'insecure'};
  }
}

/** Decides site, trust, user and secret. Prompts (masked) when allowed and needed; sends nothing. */
export async function planConnection(
  flags: ConnectionFlags,
  io: ConnectionIO,
  options: ConnectionOptions = {},
): Promise<ConnectionPlan> {
  const timeoutMs = timeoutFlag(flags.timeout);
  if (flags.demo) {
    checkDemoFlags(flags);
    const {startDemo} = await import('./demo.js');
    const demo = await startDemo();
    const o = demo.clientOptions;
    const site = typeof o.url === 'string' ? parseSiteUrl(o.url) : o.url;
    return {
      profile: null,
      label: 'demo',
      site,
      trust: o.trust ?? {mode: 'system'},
      auth: o.auth,
      user: o.auth.kind === 'token' || o.auth.kind === 'basic' ? o.auth.user : undefined,
      readOnly: Boolean(flags['read-only']),
      timeoutMs,
      secretSource: 'demo',
      notes: [],
      demo,
    };
  }

  const paths = options.paths ?? vsegPaths(io.env);
  let profile: Profile | null = null;
  if (flags.profile !== undefined) {
    const store = openProfiles(paths);
    profile = store.get(flags.profile) ?? null;
    if (!profile) {
      const names = store.list().map((p) => p.name);
      throw new UsageError(
        `there is no profile "${flags.profile}"` +
          (names.length ? ` (saved: ${names.join(', ')})` : ' (none saved yet: create one with `vseg login`)'),
      );
    }
  } else if (flags.url === undefined) {
    profile = openProfiles(paths).resolveDefault() ?? null;
    if (!profile) {
      throw new UsageError(
        'no site given: pass --url URL with --user USER (or an API key), --profile NAME, or --demo. ' +
          'Save a site once with `vseg login --url URL --user USER`.',
      );
    }
  }

  const site = siteFrom(flags.url ?? profile!.url, flags.url !== undefined ? '--url' : `profile "${profile!.name}"`);
  const trust = trustFromFlags(flags) ?? (profile ? trustFromSetting(profile.tls) : {mode: 'system'});

  if (flags.user !== undefined && flags['api-key-stdin'])
    throw new UsageError('--user is for password sign-in and --api-key-stdin for an API key; give one');
  let kind: SecretKind;
  let user: string | undefined;
  if (flags['api-key-stdin']) kind = 'apiKey';
  else if (flags.user !== undefined) {
    if (flags.user.trim() === '') throw new UsageError('--user needs a user name');
    kind = 'password';
    user = flags.user;
  } else if (profile) {
    kind = profile.auth;
    user = profile.user;
  } else if (io.env[SECRET_ENV.apiKey]) kind = 'apiKey';
  else {
    throw new UsageError(
      '--url needs --user USER (password sign-in) or an API key (--api-key-stdin, or the VSEG_API_KEY environment variable)',
    );
  }
  if (kind === 'apiKey' && flags['password-stdin'])
    throw new UsageError('--password-stdin is for password sign-in; an API key comes from --api-key-stdin');
  if (kind === 'password' && !user)
    throw new UsageError(`profile "${profile?.name}" has no user name; pass --user USER`);

  // The saved secret belongs to the profile's site and user; flags that point
  // anywhere else must not receive it.
  const sameSite = profile !== null && site.origin === parseSiteUrl(profile.url).origin;
  const sameIdentity = profile !== null && profile.auth === kind && (kind === 'apiKey' || profile.user === user);
  const account = profile && sameSite && sameIdentity ? secretAccount(profile.name, kind) : undefined;

  let resolved;
  try {
    resolved = await resolveSecret({
      kind,
      account,
      stores: options.stores ?? [new KeyringStore({env: io.env})],
      env: io.env,
      passwordFile: flags['password-file'],
      fromStdin: kind === 'password' ? Boolean(flags['password-stdin']) : Boolean(flags['api-key-stdin']),
      stdin: io.stdin,
      stderr: io.stderr,
      prompt: options.prompt,
      promptLabel: kind === 'password' ? `Password for ${user}@${site.host}: ` : `API key for ${site.host}: `,
    });
  } catch (error) {
    if (error instanceof SecretMissingError || error instanceof SecretFileError) throw new UsageError(error.message);
    throw error;
  }

  return {
    profile,
    label: profile?.name ?? site.host,
    site,
    trust,
    auth:
      kind === 'password'
        ? {kind: 'token', user: user!, password: resolved.secret}
        : {kind: 'apiKey', key: resolved.secret},
    user,
    readOnly: Boolean(flags['read-only']) || Boolean(profile?.readOnly),
    timeoutMs,
    secretSource: resolved.source,
    secretStore: resolved.store,
    notes: resolved.notes,
  };
}

function sourceHint(plan: ConnectionPlan): string {
  const what = plan.auth.kind === 'apiKey' ? 'API key' : 'password';
  switch (plan.secretSource) {
    case 'keyring':
      return ` The ${what} saved for profile "${plan.profile?.name}" may be out of date: run \`vseg login --profile ${plan.profile?.name}\` to replace it.`;
    case 'env':
      return ` (The ${what} came from ${plan.auth.kind === 'apiKey' ? 'VSEG_API_KEY' : 'VSEG_PASSWORD'}.)`;
    case 'file':
      return ` (The ${what} came from --password-file.)`;
    default:
      return '';
  }
}

/** Re-words a failed sign-in for the operator; every other error passes through. */
function signInError(error: unknown, plan: ConnectionPlan): unknown {
  if (isLostSignIn(error)) return withLostSignInNote(error);
  if (!(error instanceof VergeError) || error.kind !== 'auth') return error;
  const who = plan.user ? ` as ${plan.user}` : ' with the API key';
  return new VergeError({
    kind: 'auth',
    status: error.status,
    method: error.method,
    path: error.path,
    serverMessage: error.serverMessage,
    outcome: error.outcome,
    details: error.details,
    message: `sign-in to ${plan.site.host}${who} failed: ${error.message}${sourceHint(plan)}`,
  });
}

/** Opens the session planned by planConnection (token for password sign-in). */
export async function connectPlan(
  plan: ConnectionPlan,
  options: ConnectionOptions = {},
  io?: Pick<ConnectionIO, 'env'>,
): Promise<Connection> {
  const env = io?.env ?? process.env;
  const paths = options.paths ?? vsegPaths(env);
  let client: VergeClient | undefined;
  const unregister = addSecretProvider(() => [...(client?.auth.secrets() ?? []), ...authSecrets(plan.auth)]);
  const debugLog = openDebugLog({file: paths.debugLog, enabled: debugEnabled(env, options.debug), label: plan.label});
  const clientOptions: ClientOptions = {
    url: plan.site,
    auth: plan.auth,
    trust: plan.trust,
    timeoutMs: plan.timeoutMs,
    retries: options.retries,
    userAgent: options.userAgent,
    maxBodyBytes: options.maxBodyBytes,
    maxInFlightBytes: options.maxInFlightBytes,
    // Every secret this process holds (site-file secrets, generated keys, PSKs…), not only the sign-in's.
    secrets: knownSecrets,
    onEvent: (event) => {
      debugLog.event(event);
      options.onEvent?.(event);
    },
  };
  try {
    client = await VergeClient.connect(clientOptions, {signal: options.signal});
  } catch (error) {
    unregister();
    await plan.demo?.stop().catch(() => undefined);
    debugLog.note(`connect failed: ${(error as Error).message}`);
    throw signInError(error, plan);
  }
  const connected = client;
  debugLog.note(
    `connected to ${plan.site.host} (${plan.auth.kind}, secret from ${plan.secretSource}, trust ${plan.trust.mode})`,
  );

  let closing: Promise<CloseReport> | undefined;
  const connection: Connection = {
    client: connected,
    profile: plan.profile,
    label: plan.label,
    host: plan.site.host,
    readOnly: plan.readOnly,
    insecure: plan.trust.mode === 'insecure',
    cleartext: !plan.site.secure,
    warning: transportWarning(plan.site, plan.trust),
    trust: plan.trust,
    secretSource: plan.secretSource,
    secretStore: plan.secretStore,
    notes: plan.notes,
    paths,
    debugLog,
    knownApplied: plan.demo ? (vnet) => plan.demo?.knownApplied(vnet) : undefined,
    audit(entry) {
      appendAudit(
        paths.auditLog,
        {...entry, profile: plan.profile?.name ?? '', host: plan.site.host},
        connected.auth.secrets(),
      );
    },
    close() {
      closing ??= (async () => {
        const token = connected.auth.token();
        // Keep masking the token in anything written after it is forgotten.
        if (token) rememberSecret(token);
        const out = await connected.logout({signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS)});
        const report: CloseReport = {};
        if (!out.removed) {
          debugLog.note(`sign-out failed after ${out.attempts} tries: ${out.reason ?? 'no answer'}`);
          report.leftOpen = leftOpenText(plan.site.host, out);
        }
        await connected.close().catch(() => undefined);
        await plan.demo?.stop().catch(() => undefined);
        unregister();
        open.delete(connection);
        return report;
      })();
      return closing;
    },
  };
  open.add(connection);
  return connection;
}

function authSecrets(auth: AuthConfig): string[] {
  if (auth.kind === 'token' || auth.kind === 'basic') return [auth.password];
  if (auth.kind === 'apiKey') return [auth.key];
  return [];
}

/** planConnection + connectPlan. On failure nothing stays open. */
export async function openConnection(
  flags: ConnectionFlags,
  io: ConnectionIO,
  options: ConnectionOptions = {},
): Promise<Connection> {
  const merged = {...options, debug: options.debug ?? flags.debug};
  const plan = await planConnection(flags, io, merged);
  return connectPlan(plan, merged, io);
}

/**
 * Closes every connection still open (deletes their session tokens), bounded
 * in time. For exit paths. Resolves the lines to tell the operator about
 * sessions left open (see CloseReport).
 */
export async function closeOpenConnections(timeoutMs = LOGOUT_TIMEOUT_MS + 1000): Promise<string[]> {
  const all = [...open].map((c) => c.close());
  if (all.length === 0) return [];
  const settled = await Promise.race([
    Promise.allSettled(all),
    new Promise<null>((r) => setTimeout(() => r(null), timeoutMs).unref()),
  ]);
  if (!settled) return ['vseg could not finish closing its sessions in time; their tokens expire after inactivity'];
  return settled.flatMap((r) => (r.status === 'fulfilled' && r.value.leftOpen ? [r.value.leftOpen] : []));
}

/** How many connections are open (for tests and the exit path). */
export function openConnectionCount(): number {
  return open.size;
}

/**
 * On SIGINT, SIGTERM and SIGHUP (an SSH session that drops), deletes the
 * session tokens, then exits with 128+signal. Returns the uninstaller.
 */
export function installSignalCleanup(exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const codes: Record<string, number> = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129};
  let running = false;
  const handler = (signal: NodeJS.Signals) => {
    if (running) return;
    running = true;
    void closeOpenConnections()
      .then((left) => {
        for (const line of left) process.stderr.write(`vseg: WARNING: ${line}\n`);
      })
      .finally(() => exit(codes[signal] ?? 1));
  };
  for (const s of Object.keys(codes)) process.on(s, handler);
  return () => {
    for (const s of Object.keys(codes)) process.off(s, handler);
  };
}
