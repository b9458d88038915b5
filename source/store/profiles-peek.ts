// What the console needs from the profiles file before its first frame — the
// default profile's name and a profile's key overrides — read without conf
// and its schema validator, which cost more start-up time than the whole first
// frame. Anything unexpected reads as "nothing saved"; the full, validated
// read happens when the session connects and reports problems then.
import {readFileSync} from 'node:fs';
import type {VsegPaths} from './paths.js';

/** How often the console reloads a site when its profile does not say (and for a console opened with --url). */
export const DEFAULT_REFRESH_SECONDS = 30;

interface Peeked {
  defaultProfile?: string;
  profiles: Record<string, {keys?: Record<string, string[]>}>;
}

function peek(paths: VsegPaths): Peeked {
  try {
    const data = JSON.parse(readFileSync(paths.profilesFile, 'utf8')) as Partial<Peeked>;
    const profiles = data.profiles && typeof data.profiles === 'object' ? data.profiles : {};
    return {defaultProfile: typeof data.defaultProfile === 'string' ? data.defaultProfile : undefined, profiles};
  } catch {
    return {profiles: {}};
  }
}

/** The profile a console without --profile opens (the default, or the only one). */
export function peekDefaultProfile(paths: VsegPaths): string | undefined {
  const p = peek(paths);
  if (p.defaultProfile && p.profiles[p.defaultProfile]) return p.defaultProfile;
  const names = Object.keys(p.profiles);
  return names.length === 1 ? names[0] : undefined;
}

export function peekProfileKeys(paths: VsegPaths, name: string): Record<string, string[]> {
  const keys = peek(paths).profiles[name]?.keys;
  return keys && typeof keys === 'object' ? keys : {};
}
