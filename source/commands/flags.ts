// The headless commands' own flags: output formats, numbers, and the
// connection help text (the shared parsing and connection flags are in
// session/flags.ts).
import type {Options} from '../session/flags.js';
import {UsageError} from '../session/io.js';
import {textOf} from '../domain/text.js';

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
      --timeout SECONDS    limit for each request, retries and the whole answer included (default 15)
      --debug              log every request (no secrets) to the debug log (vseg info)`;

export interface Parsed<V> {
  values: V;
  positionals: string[];
}

export function outputFormat(value: unknown, allowed: readonly string[] = ['table', 'json', 'yaml']): string {
  const v = typeof value === 'string' ? value : allowed[0];
  if (!allowed.includes(v)) throw new UsageError(`-o must be one of ${allowed.join(', ')} (got "${v}")`);
  return v;
}

export function intFlag(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const s = textOf(value);
  if (!/^\d+$/.test(s)) throw new UsageError(`--${name} must be a whole number (got "${s}")`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}
