// Flag parsing shared by the console and the headless commands (which must not
// import each other): node:util parseArgs, strict, so an unknown flag or a
// missing value is a usage error (exit 2) naming it, before anything is sent
// to a site. There is deliberately no flag that takes a secret as its value:
// secrets come from stdin, a 0600 file, the environment or a prompt.
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {UsageError} from './io.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

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

export function parseFlags<const O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    const {values, positionals} = parseArgs({
      args: argv,
      options: {...options, help: {type: 'boolean', short: 'h'}},
      allowPositionals,
      strict: true,
    });
    return {values, positionals};
  } catch (error) {
    const message = (error as Error).message.replace(/^Unknown option '(.+?)'.*$/, 'unknown flag $1');
    throw new UsageError(message);
  }
}
