// Signing in to a site, as plain async steps the console's sign-in screen and
// `vseg login` share:
//   probeSite        URL → GET /version.json with the trust in force; an untrusted
//                    certificate comes back with what the operator needs to decide
//                    (fingerprint, subject, issuer, validity, names)
//   testCredentials  proves the password (token created, then deleted) or API key
//                    (one authenticated GET); a 401 is reported once, never retried
//   saveSignIn       profile + secret in the best store there is, saying where
import type {CertificateInfo} from '../api/tls.js';
import type {TlsTrust} from '../api/fingerprint.js';
import {probeCertificate} from '../api/tls.js';
import {formatFingerprint} from '../api/fingerprint.js';
import {VergeClient} from '../api/client.js';
import {VergeError} from '../api/errors.js';
import type {VersionInfo} from '../api/rows.js';
import {parseSiteUrl, type SiteUrl} from '../api/url.js';
import {z} from 'zod';
import {openProfiles, secretAccount, type Profile, type ProfileInput} from '../store/profiles.js';
import type {VsegPaths} from '../store/paths.js';
import {rememberSecret} from '../store/secrets/known.js';
import {SECRET_ENV, SecretStoreError, kindWord, type SecretStore} from '../store/secrets/types.js';
import {sanitize, textOf} from '../domain/text.js';
import {isLostSignIn, leftOpenText, withLostSignInNote} from './sessions-left.js';

export interface StepOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type ProbeResult =
  | {status: 'ok'; site: SiteUrl; version: VersionInfo; trust: TlsTrust}
  /** The certificate is not vouched for by the trust in force: show it, ask, pin it. */
  | {status: 'untrusted'; site: SiteUrl; certificate: CertificateInfo; error: VergeError}
  /** A pinned certificate was replaced by another: refused; error.message names both fingerprints. */
  | {
      status: 'mismatch';
      site: SiteUrl;
      expected: string;
      presented: string;
      certificate?: CertificateInfo;
      error: VergeError;
    };

export function parseSite(url: string): SiteUrl {
  try {
    return parseSiteUrl(url);
  } catch (error) {
    throw new VergeError({kind: 'invalid-input', message: (error as Error).message});
  }
}

/** Asks the site for its version with the given trust; network failures throw VergeError. */
export async function probeSite(
  url: string | SiteUrl,
  trust: TlsTrust = {mode: 'system'},
  options: StepOptions = {},
): Promise<ProbeResult> {
  const site = typeof url === 'string' ? parseSite(url) : url;
  const client = new VergeClient({url: site, auth: {kind: 'none'}, trust, timeoutMs: options.timeoutMs, retries: 0});
  try {
    const version = await client.version({signal: options.signal, operation: `reach ${site.host}`});
    return {status: 'ok', site, version, trust};
  } catch (error) {
    if (!(error instanceof VergeError)) throw error;
    if (error.kind === 'tls') {
      const certificate = await probeCertificate(site, {timeoutMs: options.timeoutMs});
      return {status: 'untrusted', site, certificate, error};
    }
    if (error.kind === 'tls-mismatch') {
      const d = error.details ?? {};
      return {
        status: 'mismatch',
        site,
        expected: textOf(d['expected']),
        presented: textOf(d['presented']),
        certificate: d['certificate'] as CertificateInfo | undefined,
        error,
      };
    }
    throw error;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Lines describing a certificate for the operator to check (API text sanitised). */
export function describeCertificate(cert: CertificateInfo): string[] {
  return [
    `SHA-256   ${formatFingerprint(cert.fingerprint)}`,
    `Subject   ${sanitize(cert.subject) || '(none)'}`,
    `Issuer    ${sanitize(cert.issuer) || '(none)'}`,
    `Valid     ${sanitize(cert.validFrom)} → ${sanitize(cert.validTo)}${certificateExpired(cert) ? '  (EXPIRED or not yet valid)' : ''}`,
    `Names     ${sanitize(cert.altNames) || '(none)'}`,
  ];
}

export function certificateExpired(cert: CertificateInfo, now = Date.now()): boolean {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return (Number.isFinite(from) && now < from) || (Number.isFinite(to) && now > to);
}

export type Credentials = {kind: 'password'; user: string; password: string} | {kind: 'apiKey'; key: string};

export interface CredentialCheck {
  /** `system.cloud_name`, when the site told it. */
  cloudName?: string;
  /** The proving session could not be closed: one line for the operator (see sessions-left.ts). */
  leftOpen?: string;
}

const systemSchema = z.object({cloud_name: z.string().optional()}).passthrough();

/**
 * Proves the credentials: a password by creating a session token and deleting
 * it again, an API key by one authenticated GET. A refusal is a VergeError of
 * kind 'auth' whose message warns about the account lockout; it is never retried.
 */
export async function testCredentials(
  url: string | SiteUrl,
  trust: TlsTrust,
  credentials: Credentials,
  options: StepOptions = {},
): Promise<CredentialCheck> {
  const site = typeof url === 'string' ? parseSite(url) : url;
  rememberSecret(credentials.kind === 'password' ? credentials.password : credentials.key);
  const auth =
    credentials.kind === 'password'
      ? {kind: 'token' as const, user: credentials.user, password: credentials.password}
      : {kind: 'apiKey' as const, key: credentials.key};
  const client = await VergeClient.connect(
    {url: site, auth, trust, timeoutMs: options.timeoutMs},
    {
      signal: options.signal,
      operation:
        credentials.kind === 'password' ? `sign in to ${site.host} as ${credentials.user}` : `sign in to ${site.host}`,
    },
  ).catch((error: unknown) => {
    throw isLostSignIn(error) ? withLostSignInNote(error) : error;
  });
  const check: CredentialCheck = {};
  try {
    let cloudName: string | undefined;
    try {
      const rows = await client.list(
        'system',
        systemSchema,
        {fields: ['cloud_name']},
        {signal: options.signal, operation: 'read the system name'},
      );
      cloudName = rows[0]?.cloud_name;
    } catch (error) {
      // For an API key this GET is the proof: a refusal must surface. For a
      // password the token already proved it; the name is a nicety.
      if (credentials.kind === 'apiKey' || (error instanceof VergeError && error.kind === 'auth')) throw error;
    }
    check.cloudName = cloudName === undefined ? undefined : sanitize(cloudName);
    return check;
  } finally {
    if (client.auth.token()) {
      const out = await client.logout({signal: AbortSignal.timeout(3000)});
      if (!out.removed) check.leftOpen = leftOpenText(client.site.host, out);
    }
    await client.close().catch(() => undefined);
  }
}

export interface SaveSignInInput {
  paths: VsegPaths;
  profile: ProfileInput;
  secret: string;
  stores: readonly SecretStore[];
  /** Make this the default profile (the first profile always is). */
  makeDefault?: boolean;
}

export interface SaveSignInResult {
  profile: Profile;
  profilesFile: string;
  /** Where the secret went: a store description, or undefined when nowhere. */
  storedIn?: string;
  /** One sentence for the operator about the secret. */
  message: string;
  notes: string[];
}

/** Saves the profile, then the secret in the first store that works, and says where. */
export async function saveSignIn(input: SaveSignInInput): Promise<SaveSignInResult> {
  const store = openProfiles(input.paths);
  const previous = store.get(input.profile.name);
  const profile = store.save(input.profile);
  if (input.makeDefault) store.setDefault(profile.name);
  const word = kindWord(profile.auth);
  const account = secretAccount(profile.name, profile.auth);
  const notes: string[] = [];

  // A profile that switched between password and API key drops the old secret.
  if (previous && previous.auth !== profile.auth) {
    for (const s of input.stores) await s.delete(secretAccount(profile.name, previous.auth)).catch(() => false);
  }

  for (const s of input.stores) {
    const a = await s.available();
    if (!a.ok) {
      notes.push(a.reason ?? `${s.describe()} is not available`);
      continue;
    }
    try {
      await s.set(account, input.secret);
      return {
        profile,
        profilesFile: store.path,
        storedIn: s.describe(),
        message: `${capital(word)} saved in the ${s.describe()}.`,
        notes,
      };
    } catch (error) {
      notes.push(error instanceof SecretStoreError ? error.message : `${s.describe()}: ${(error as Error).name}`);
    }
  }
  const why = notes.length ? ` (${notes.join('; ')})` : '';
  return {
    profile,
    profilesFile: store.path,
    message:
      `No keyring here${why}: the ${word} was not saved. Next time set ${SECRET_ENV[profile.auth]}, ` +
      `use --password-file F (mode 0600)${profile.auth === 'apiKey' ? ' or --api-key-stdin' : ' or --password-stdin'}, or run on a terminal to be prompted.`,
    notes,
  };
}

export interface ForgetResult {
  deleted: boolean;
  message: string;
}

/** Deletes a profile's saved secrets (password and API key) from every store. */
export async function forgetSignIn(profileName: string, stores: readonly SecretStore[]): Promise<ForgetResult> {
  let deleted = false;
  const problems: string[] = [];
  for (const s of stores) {
    for (const kind of ['password', 'apiKey'] as const) {
      try {
        if (await s.delete(secretAccount(profileName, kind))) deleted = true;
      } catch (error) {
        problems.push(error instanceof SecretStoreError ? error.message : (error as Error).name);
      }
    }
  }
  const unique = [...new Set(problems)];
  if (deleted) return {deleted, message: `Forgot the saved secret of profile "${profileName}".`};
  if (unique.length)
    return {
      deleted,
      message: `No keyring here (${unique.join('; ')}): nothing was saved for "${profileName}", so nothing to forget.`,
    };
  return {deleted, message: `No secret was saved for profile "${profileName}".`};
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
