// Flag parsing on node:util parseArgs, strict: an unknown flag or a missing
// value is a usage error (exit 2) with a message naming it, before anything
// is sent to a site. There is deliberately no flag that takes a secret as its
// value: secrets come from stdin, a 0600 file, the environment or a prompt.
import {parseArgs, type ParseArgsConfig} from 'node:util';

import {UsageError} from '../session/io.js';

export {UsageError};

type Options = NonNullable<ParseArgsConfig['options']>;

/** Connection flags every command that talks to a site accepts. */
export const CONNECTION_OPTIONS = {
  profile: {type: 'string', short: 'p'},
  url: {type: 'string'},
  user: {type: 'string', short: 'u'},
  ca: {type: 'string'},
  fingerprint: {type: 'string'},
  insecure: {type: 'boolean'},
  'password-stdin': {type: 'boolean'},
  'password-file': {type: 'string'},
  'api-key-stdin': {type: 'boolean'},
  'read-only': {type: 'boolean'},
  demo: {type: 'boolean'},
  timeout: {type: 'string'},
  debug: {type: 'boolean'},
} as const satisfies Options;

export const OUTPUT_OPTION = {output: {type: 'string', short: 'o'}} as const satisfies Options;

export const CONNECTION_HELP = `Connection (or a saved profile):
  -p, --profile NAME       use a saved profile (see vseg profiles)
      --url URL            VergeOS address, e.g. https://vergeos.example
  -u, --user USER          user name (password from VSEG_PASSWORD, --password-stdin,
                           --password-file F (mode 0600) or a masked prompt)
      --api-key-stdin      read an API key from stdin (or set VSEG_API_KEY)
      --ca FILE            trust this CA certificate
      --fingerprint SHA256 trust exactly this certificate (pinned)
      --insecure           do not verify the certificate (flagged everywhere)
      --read-only          refuse every change
      --demo               run against an embedded simulator of a demo site
      --timeout SECONDS    per-request timeout (default 15)
      --debug              log every request (no secrets) to the debug log (vseg info)`;

export interface Parsed<V> {
  values: V;
  positionals: string[];
}

export function parseFlags<const O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    const {values, positionals} = parseArgs({args: argv, options: {...options, help: {type: 'boolean', short: 'h'}}, allowPositionals, strict: true});
    return {values, positionals};
  } catch (error) {
    const message = (error as Error).message.replace(/^Unknown option '(.+?)'.*$/, 'unknown flag $1');
    throw new UsageError(message);
  }
}

export function outputFormat(value: unknown, allowed: readonly string[] = ['table', 'json', 'yaml']): string {
  const v = typeof value === 'string' ? value : allowed[0]!;
  if (!allowed.includes(v)) throw new UsageError(`-o must be one of ${allowed.join(', ')} (got "${v}")`);
  return v;
}

export function intFlag(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  if (!/^\d+$/.test(s)) throw new UsageError(`--${name} must be a whole number (got "${s}")`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}
