// Everything vseg writes to disk goes through here: directories 0700, files
// 0600 whatever the umask says, whole-file writes atomic (temp file + rename)
// so a crash never leaves half a draft or half a profile behind.
import {
  appendFileSync,
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {randomHex} from './crypto.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates the directory (and parents) and makes sure it is 0700. */
export function ensureDir(dir: string): string {
  mkdirSync(dir, {recursive: true, mode: DIR_MODE});
  try {
    if ((statSync(dir).mode & 0o777) !== DIR_MODE) chmodSync(dir, DIR_MODE);
  } catch {
    // A directory we cannot chmod (not ours) still works for reading; writes will say why they fail.
  }
  return dir;
}

/**
 * Replaces the file's content in one step: a reader sees the old or the new
 * bytes, never a mix. `durable: false` skips the flush to disk, for caches
 * that are checked when read (a crash may then leave the old content or an
 * empty file, never a mix).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: {durable?: boolean} = {}): void {
  ensureDir(dirname(file));
  const temp = join(dirname(file), `.${basename(file)}.${randomHex(4)}.tmp`);
  const fd = openSync(temp, 'wx', FILE_MODE);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    if (options.durable !== false) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, {force: true});
    throw error;
  }
  closeSync(fd);
  try {
    chmodSync(temp, FILE_MODE);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, {force: true});
    throw error;
  }
}

/** Appends text to a 0600 file (created if missing; an existing looser mode is tightened). */
export function appendPrivate(file: string, text: string): void {
  ensureDir(dirname(file));
  appendFileSync(file, text, {mode: FILE_MODE});
  tighten(file);
}

/** Makes an existing file 0600 if it is not already. */
export function tighten(file: string): void {
  try {
    if ((statSync(file).mode & 0o777) !== FILE_MODE) chmodSync(file, FILE_MODE);
  } catch {
    // missing or not ours: nothing to tighten
  }
}

export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** File names made from operator input (draft names, host names): no separators, no dots first. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return cleaned.slice(0, 120) || '_';
}
