// Shared by the store and session tests: a private HOME with XDG dirs per test.
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {vsegPaths, type VsegPaths} from '../../source/store/paths.js';

export interface TempHome {
  dir: string;
  env: NodeJS.ProcessEnv;
  paths: VsegPaths;
  cleanup(): void;
}

export function tempHome(extraEnv: NodeJS.ProcessEnv = {}): TempHome {
  const dir = mkdtempSync(join(tmpdir(), 'vseg-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, '.config'),
    XDG_STATE_HOME: join(dir, '.local', 'state'),
    // No keyring in these tests unless a test asks for one: deterministic everywhere.
    VSEG_KEYRING: 'off',
    ...extraEnv,
  };
  return {dir, env, paths: vsegPaths(env), cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

export function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
}
