// Where a password or API key comes from, in order:
//   1. what this command line asks for explicitly: --password-file F (refused
//      unless 0600 and ours) or --password-stdin / --api-key-stdin;
//   2. the OS keyring, when the profile has a secret there and it answers;
//   3. the environment: VSEG_PASSWORD / VSEG_API_KEY;
//   4. a masked prompt, when stdin is a terminal;
//   5. otherwise an error naming every way to pass one.
// Explicit flags come first because an operator who pipes a new password in
// means that one, not a stale copy in the keyring. No source is ever argv.
import {readFileSync, statSync} from 'node:fs';
import {rememberSecret} from './known.js';
import {canPrompt, promptSecret} from './prompt.js';
import {SECRET_ENV, SecretStoreError, kindWord, type SecretKind, type SecretSource, type SecretStore} from './types.js';

export interface ResolveSecretOptions {
  kind: SecretKind;
  /** Keyring account (`<profile>:<kind>`); without one the stores are skipped. */
  account?: string;
  stores?: readonly SecretStore[];
  env: NodeJS.ProcessEnv;
  passwordFile?: string;
  /** --password-stdin or --api-key-stdin. */
  fromStdin?: boolean;
  stdin: NodeJS.ReadableStream & {isTTY?: boolean};
  stderr: NodeJS.WritableStream;
  /** Allow the masked prompt on a terminal (default true). */
  prompt?: boolean;
  /** Prompt text, e.g. "Password for admin@vergeos.lab: ". */
  promptLabel?: string;
}

export interface ResolvedSecret {
  secret: string;
  source: SecretSource;
  /** Description of the store it came from, when one did ("Secret Service keyring (D-Bus)"). */
  store?: string;
  /** Why a store was passed over (one line each), for `vseg info` and debug output. */
  notes: string[];
}

/** No source had a secret; the message lists the options. */
export class SecretMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretMissingError';
  }
}

/** The secret file exists but must not be used (mode, owner, type, empty). */
export class SecretFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretFileError';
  }
}

/** Drops one trailing newline (what `echo` and most editors add), nothing else. */
export function trimOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** Reads a secret from a file that only its owner can read. */
export function readSecretFile(
  file: string,
  owner: number | undefined = typeof process.getuid === 'function' ? process.getuid() : undefined,
): string {
  let st;
  try {
    st = statSync(file);
  } catch (error) {
    throw new SecretFileError(
      `Cannot read the password file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  if (!st.isFile()) throw new SecretFileError(`The password file ${file} is not a regular file.`);
  const mode = st.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SecretFileError(
      `Refusing the password file ${file}: its mode is ${mode.toString(8).padStart(4, '0')}, so other users can read it. ` +
        `Make it private with: chmod 600 ${file}`,
    );
  }
  if (owner !== undefined && st.uid !== owner) {
    throw new SecretFileError(
      `Refusing the password file ${file}: it belongs to another user (uid ${st.uid}); it must be yours and mode 0600.`,
    );
  }
  const secret = trimOneNewline(readFileSync(file, 'utf8'));
  if (secret === '') throw new SecretFileError(`The password file ${file} is empty.`);
  return secret;
}

const MAX_STDIN = 64 * 1024;

/** Reads all of stdin (a pipe, never a terminal) and drops one trailing newline. */
export async function readSecretStdin(stdin: NodeJS.ReadableStream & {isTTY?: boolean}, flag: string): Promise<string> {
  if (stdin.isTTY) {
    throw new SecretMissingError(
      `${flag} reads a pipe, e.g. \`pass show vergeos | vseg … ${flag}\`. On a terminal leave it out and vseg will prompt.`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.byteLength;
    if (size > MAX_STDIN)
      throw new SecretMissingError(`${flag}: stdin holds more than 64 KiB; that is not a password or an API key.`);
    chunks.push(b);
  }
  const secret = trimOneNewline(Buffer.concat(chunks).toString('utf8'));
  if (secret === '') throw new SecretMissingError(`${flag}: stdin was empty.`);
  return secret;
}

/** The ways to pass a secret, for error messages. */
export function secretHelp(kind: SecretKind): string {
  return kind === 'password'
    ? 'pass it with --password-stdin (from a pipe), --password-file F (mode 0600), the VSEG_PASSWORD environment variable, ' +
        'a saved profile (`vseg login`), or run on a terminal to be prompted'
    : 'pass it with --api-key-stdin (from a pipe), --password-file F (mode 0600), the VSEG_API_KEY environment variable, ' +
        'a saved profile (`vseg login`), or run on a terminal to be prompted';
}

export async function resolveSecret(options: ResolveSecretOptions): Promise<ResolvedSecret> {
  const notes: string[] = [];
  const word = kindWord(options.kind);
  const done = (secret: string, source: SecretSource, store?: string): ResolvedSecret => {
    rememberSecret(secret);
    return {secret, source, store, notes};
  };

  if (options.passwordFile !== undefined && options.fromStdin) {
    throw new SecretMissingError(
      `Give the ${word} one way: --password-file or ${options.kind === 'password' ? '--password-stdin' : '--api-key-stdin'}, not both.`,
    );
  }
  if (options.passwordFile !== undefined) return done(readSecretFile(options.passwordFile), 'file');
  if (options.fromStdin) {
    return done(
      await readSecretStdin(options.stdin, options.kind === 'password' ? '--password-stdin' : '--api-key-stdin'),
      'stdin',
    );
  }

  if (options.account) {
    for (const store of options.stores ?? []) {
      try {
        const secret = await store.get(options.account);
        if (secret !== undefined && secret !== '') return done(secret, 'keyring', store.describe());
        notes.push(`${store.describe()}: no ${word} saved for ${options.account.replace(/:[^:]*$/, '')}`);
      } catch (error) {
        const why = error instanceof SecretStoreError ? error.message : `unexpected error (${(error as Error).name})`;
        notes.push(`no keyring: ${why}`);
      }
    }
  }

  const fromEnv = options.env[SECRET_ENV[options.kind]];
  if (fromEnv !== undefined && fromEnv !== '') return done(fromEnv, 'env');

  if (options.prompt !== false && canPrompt(options.stdin)) {
    const secret = await promptSecret(options.promptLabel ?? `${word[0].toUpperCase()}${word.slice(1)}: `, {
      stdin: options.stdin,
      stderr: options.stderr,
    });
    if (secret === '') throw new SecretMissingError(`No ${word} entered.`);
    return done(secret, 'prompt');
  }

  const why = notes.length ? ` (${notes.join('; ')})` : '';
  throw new SecretMissingError(`No ${word} available${why}: ${secretHelp(options.kind)}.`);
}
