// What the site commands (get, apply-rules, export, plan, apply, drift,
// history, rollback) share: flag parsing with the connection flags, reading a
// site file, opening and always closing the connection, loading only the
// sections a command needs, and one way to turn any error into a message and
// an exit code (2: usage or connection error) — so no command prints a stack
// trace and none forgets to delete its session token.
import {readFileSync, statSync} from 'node:fs';
import type {ParseArgsConfig} from 'node:util';
import {VergeError} from '../api/errors.js';
import {
  SecretError,
  SitefileError,
  parseSecretsFile,
  secretSource,
  type SecretSource,
} from '../domain/sitefile/index.js';
import type {Site} from '../domain/model.js';
import {rememberSecret, scrubKnown} from '../store/secrets/known.js';
import {openConnection, type Connection} from '../session/connection.js';
import {type ConnectionFlags} from '../session/connection-flags.js';
import {describeRestore, restoreInterruptedFlags} from '../session/flag-restore.js';
import {CONNECTION_OPTIONS, parseFlags} from '../session/flags.js';
import {UsageError} from '../session/io.js';
import {write} from './output.js';
import {EXIT} from './types.js';
import {type CommandIO} from '../session/io.js';
import {errorText} from '../session/errors.js';
import {sanitize} from '../domain/text.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseSiteFlags<const O extends Options>(argv: string[], options: O, allowPositionals = true) {
  return parseFlags(argv, {...CONNECTION_OPTIONS, ...options}, allowPositionals);
}

export function connectionFlags(values: Record<string, unknown>): ConnectionFlags {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(CONNECTION_OPTIONS)) if (values[k] !== undefined) out[k] = values[k];
  return out;
}

/** A problem the command reports with a message and an exit code, without a stack trace. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Prints "vseg <cmd>: message" and returns the exit code for any error. */
export async function reportError(io: CommandIO, command: string, error: unknown): Promise<number> {
  const code = error instanceof CommandError ? error.code : EXIT.usage;
  const known =
    error instanceof UsageError ||
    error instanceof CommandError ||
    error instanceof VergeError ||
    error instanceof SitefileError ||
    error instanceof SecretError;
  const message = known ? errorText(error) : `unexpected error: ${errorText(error)}`;
  // The last guard before stderr: no secret this process knows is ever printed.
  await write(io.stderr, `vseg ${command}: ${scrubKnown(message)}\n`);
  return code;
}

/** Opens the connection, runs `fn`, and closes the connection whatever happens. */
export async function withConnection<T>(
  values: Record<string, unknown>,
  io: CommandIO,
  fn: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await openConnection(connectionFlags(values), io, {prompt: io.stdin.isTTY === true});
  try {
    // Once per command, before anything it prints: scripts log stderr, operators read it.
    if (connection.warning) await write(io.stderr, `vseg: WARNING: ${connection.warning}\n`);
    // Flags an interrupted `why --verify` left on at this site go back first.
    for (const r of (await restoreInterruptedFlags(connection)) ?? [])
      await write(io.stderr, `vseg: ${sanitize(describeRestore(r))}\n`);
    return await fn(connection);
  } finally {
    const {leftOpen} = await connection.close();
    if (leftOpen) await write(io.stderr, `vseg: WARNING: ${leftOpen}\n`);
  }
}

/** Reads a site file from a path, or from stdin for "-". */
export async function readSitefileText(path: string, io: CommandIO): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: ${(error as Error).message}`);
  }
}

/**
 * Secret values for apply: VSEG_SECRET_<NAME> variables, then --secrets FILE
 * (0600). Every value is remembered as a secret of this process, so it is
 * masked wherever an answer, a log line or a draft could carry it.
 */
export function loadSecrets(io: CommandIO, file: string | undefined): SecretSource {
  for (const [name, value] of Object.entries(io.env))
    if (name.startsWith('VSEG_SECRET_') && value) rememberSecret(value);
  if (file === undefined) return secretSource(io.env);
  let text: string;
  let mode: number;
  try {
    mode = statSync(file).mode;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `--secrets ${file}: no such file` : `--secrets ${file}: ${(error as Error).message}`,
    );
  }
  const values = parseSecretsFile(text, {mode}, file);
  for (const value of values.values()) rememberSecret(value);
  return secretSource(io.env, values, file);
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(io: CommandIO, question: string): Promise<boolean> {
  await write(io.stderr, `${question} [y/N] `);
  const answer = await readLine(io.stdin);
  return /^\s*(y|yes)\s*$/i.test(answer ?? '');
}

function readLine(stdin: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buffer = '';
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const nl = buffer.indexOf('\n');
      if (nl >= 0) finish(buffer.slice(0, nl));
    };
    const onEnd = () => finish(buffer === '' ? undefined : buffer);
    const finish = (value: string | undefined) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause?.();
      resolve(value);
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume?.();
  });
}

/** The network of a site by name, or a not-found error (exit 1). */
export function networkNamed(site: Site, name: string) {
  const n = site.networks.find((x) => x.name === name);
  if (!n) {
    const names = site.networks.map((x) => x.name);
    throw new CommandError(
      `no network named "${name}"${names.length ? ` (networks: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''})` : ''}`,
      EXIT.negative,
    );
  }
  return n;
}
