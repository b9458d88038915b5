// Where vseg keeps things, following the XDG base directory spec (jump hosts are
// Linux; macOS users get the same layout, which is what CLI tools there do too):
//   config  $XDG_CONFIG_HOME/vseg  (default ~/.config/vseg)       profiles
//   state   $XDG_STATE_HOME/vseg   (default ~/.local/state/vseg)  audit log, debug log,
//                                                                drafts, baselines, journal
// Directories are created 0700 and files 0600 (see files.ts). Nothing here is a secret;
// the modes are there because rule sets and audit trails are nobody else's business.
import {homedir} from 'node:os';
import {isAbsolute, join} from 'node:path';
import {ensureDir} from './files.js';

export interface VsegPaths {
  configDir: string;
  stateDir: string;
  /** Profiles (conf): no secret is ever written to it. */
  profilesFile: string;
  /** One JSON line per change sent to a site. */
  auditLog: string;
  /** Request events when VSEG_DEBUG=1 or --debug. */
  debugLog: string;
  draftsDir: string;
  baselinesDir: string;
  journalDir: string;
  /** Rule hit counters sampled over time, per site (store/hit-history.ts). */
  hitsDir: string;
}

export const PROFILES_FILE_NAME = 'profiles.json';

function xdg(env: NodeJS.ProcessEnv, variable: string, fallback: string[]): string {
  const value = env[variable];
  // The spec says relative values are invalid and must be ignored.
  if (value && isAbsolute(value)) return join(value, 'vseg');
  const home = env['HOME'] && isAbsolute(env['HOME']) ? env['HOME'] : homedir();
  return join(home, ...fallback, 'vseg');
}

/** The paths vseg uses, for this environment. Creates nothing. */
export function vsegPaths(env: NodeJS.ProcessEnv = process.env): VsegPaths {
  const configDir = xdg(env, 'XDG_CONFIG_HOME', ['.config']);
  const stateDir = xdg(env, 'XDG_STATE_HOME', ['.local', 'state']);
  return {
    configDir,
    stateDir,
    profilesFile: join(configDir, PROFILES_FILE_NAME),
    auditLog: join(stateDir, 'audit.jsonl'),
    debugLog: join(stateDir, 'debug.log'),
    draftsDir: join(stateDir, 'drafts'),
    baselinesDir: join(stateDir, 'baselines'),
    journalDir: join(stateDir, 'journal'),
    hitsDir: join(stateDir, 'hits'),
  };
}

export function ensureConfigDir(paths: VsegPaths): string {
  return ensureDir(paths.configDir);
}

export function ensureStateDir(paths: VsegPaths): string {
  return ensureDir(paths.stateDir);
}
