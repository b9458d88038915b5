// Decides colour and glyph support from the environment. Ink's colour library
// does not read NO_COLOR, so this is where https://no-color.org is honoured.

export interface ColorInputs {
  env: NodeJS.ProcessEnv;
  argv?: readonly string[];
}

export function colorEnabled({env, argv = []}: ColorInputs): boolean {
  if (argv.includes('--no-color')) return false;
  if (argv.includes('--color')) return true;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return true;
}

/** The Linux VT font lacks most of our glyphs; VSEG_ASCII=1 forces the same. */
export function asciiOnly(env: NodeJS.ProcessEnv): boolean {
  const forced = env['VSEG_ASCII'];
  if (forced !== undefined && forced !== '' && forced !== '0') return true;
  return env['TERM'] === 'linux';
}
