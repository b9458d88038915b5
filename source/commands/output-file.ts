// A file a command is asked to write (export --file): checked before the site
// is asked anything — a missing folder or a read-only path is the operator's
// typo, not worth a sign-in and a whole site load — and written with a clear
// error instead of a stack trace when the disk says no at the end anyway.
import {accessSync, constants, statSync, writeFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {CommandError} from './common.js';
import {UsageError} from '../session/io.js';

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** Throws a usage error (exit 2) naming the flag and the path unless `path` can be written. */
export function checkOutputFile(path: string, flag = '--file'): void {
  if (path.trim() === '') throw new UsageError(`${flag} needs a file name`);
  const full = resolve(path);
  let exists = true;
  try {
    if (statSync(full).isDirectory()) throw new UsageError(`${flag} ${path}: that is a folder; give a file name`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (code(error) !== 'ENOENT' && code(error) !== 'ENOTDIR')
      throw new UsageError(`${flag} ${path}: cannot be written (${code(error)})`);
    exists = false;
  }
  if (exists) {
    try {
      accessSync(full, constants.W_OK);
    } catch (error) {
      throw new UsageError(`${flag} ${path}: cannot be written (${code(error)})`);
    }
    return;
  }
  const folder = dirname(full);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (error) {
    throw new UsageError(
      code(error) === 'ENOENT'
        ? `${flag} ${path}: the folder ${folder} does not exist`
        : `${flag} ${path}: cannot be written (${code(error)})`,
    );
  }
  if (!isFolder) throw new UsageError(`${flag} ${path}: ${folder} is not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${flag} ${path}: the folder ${folder} cannot be written (${code(error)})`);
  }
}

/** Writes the file; a failure (disk full, a race with the check) is a command error, not a crash. */
export function writeOutputFile(path: string, text: string, flag = '--file'): void {
  try {
    writeFileSync(path, text, {mode: 0o644});
  } catch (error) {
    throw new CommandError(`${flag} ${path}: could not write it (${code(error)})`);
  }
}
