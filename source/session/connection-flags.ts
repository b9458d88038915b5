// The connection flags and what can be judged of them without the network,
// the profiles store or the HTTP stack: the console checks them before its
// first frame, and loading the client for that would delay the frame.
import {statSync} from 'node:fs';
import {isAbsolute, resolve as resolvePath} from 'node:path';
import {normaliseFingerprint, type TlsTrust} from '../api/fingerprint.js';
import {parseSiteUrl, type SiteUrl} from '../api/url.js';
import {SecretFileError, readSecretFile} from '../store/secrets/resolve.js';
import {UsageError} from './io.js';

/** The parsed CONNECTION_OPTIONS of commands/flags.ts. */
export interface ConnectionFlags {
  profile?: string;
  url?: string;
  user?: string;
  ca?: string;
  fingerprint?: string;
  insecure?: boolean;
  'password-stdin'?: boolean;
  'password-file'?: string;
  'api-key-stdin'?: boolean;
  'read-only'?: boolean;
  demo?: boolean;
  timeout?: string;
  debug?: boolean;
}

/** The trust the flags ask for (--ca, --fingerprint, --insecure), if any. */
export function trustFromFlags(flags: Pick<ConnectionFlags, 'ca' | 'fingerprint' | 'insecure'>): TlsTrust | undefined {
  const given = [
    flags.ca !== undefined && '--ca',
    flags.fingerprint !== undefined && '--fingerprint',
    flags.insecure && '--insecure',
  ].filter(Boolean);
  if (given.length > 1)
    throw new UsageError(`choose one way to trust the certificate: ${given.join(', ')} were given together`);
  if (flags.ca !== undefined) {
    if (flags.ca.trim() === '') throw new UsageError('--ca needs a file name');
    return {mode: 'ca', caFile: isAbsolute(flags.ca) ? flags.ca : resolvePath(flags.ca)};
  }
  if (flags.fingerprint !== undefined) {
    try {
      return {mode: 'pin', fingerprint: normaliseFingerprint(flags.fingerprint)};
    } catch (error) {
      throw new UsageError(`--fingerprint: ${(error as Error).message}`);
    }
  }
  if (flags.insecure) return {mode: 'insecure'};
  return undefined;
}

/** --demo talks to the embedded simulator: flags that name another site are refused. */
export function checkDemoFlags(flags: ConnectionFlags): void {
  const others = (['profile', 'url', 'user', 'ca', 'fingerprint', 'password-file'] as const).filter(
    (k) => flags[k] !== undefined,
  );
  if (others.length)
    throw new UsageError(`--demo runs against the embedded simulator; it takes no --${others.join(', --')}`);
}

export function timeoutFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value.trim()))
    throw new UsageError(`--timeout is in seconds, e.g. --timeout 30 (got "${value}")`);
  const seconds = Number(value);
  if (seconds < 1 || seconds > 600) throw new UsageError(`--timeout must be between 1 and 600 seconds (got ${value})`);
  return Math.round(seconds * 1000);
}

export function siteFrom(url: string, what: string): SiteUrl {
  try {
    return parseSiteUrl(url);
  } catch (error) {
    throw new UsageError(`${what}: ${(error as Error).message}`);
  }
}

/**
 * The flag values that can be judged without the network or the profiles
 * store: numbers, the URL, the trust flags (and that a --ca file is there),
 * flag combinations, a password file (there, private, not empty). The console
 * calls this before it draws, so a typo is an exit 2 with a message, as it is
 * for the headless commands. Throws UsageError.
 */
export function checkConnectionFlags(flags: ConnectionFlags): void {
  timeoutFlag(flags.timeout);
  if (flags.demo) {
    checkDemoFlags(flags);
    return;
  }
  if (flags.url !== undefined) siteFrom(flags.url, '--url');
  const trust = trustFromFlags(flags);
  if (trust?.mode === 'ca' && trust.caFile) {
    let file: boolean;
    try {
      file = statSync(trust.caFile).isFile();
    } catch (error) {
      throw new UsageError(
        `--ca ${flags.ca}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    if (!file) throw new UsageError(`--ca ${flags.ca}: not a file`);
  }
  if (flags.user !== undefined && flags.user.trim() === '') throw new UsageError('--user needs a user name');
  if (flags.user !== undefined && flags['api-key-stdin'])
    throw new UsageError('--user is for password sign-in and --api-key-stdin for an API key; give one');
  if (flags['password-file'] !== undefined) {
    if (flags['password-stdin'] || flags['api-key-stdin'])
      throw new UsageError(
        `Give the secret one way: --password-file or ${flags['password-stdin'] ? '--password-stdin' : '--api-key-stdin'}, not both.`,
      );
    try {
      readSecretFile(flags['password-file']);
    } catch (error) {
      if (error instanceof SecretFileError) throw new UsageError(error.message);
      throw error;
    }
  }
}
