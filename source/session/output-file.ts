// A file vseg is asked to write (`vseg export --file`, the console's
// :export): checked before the site is asked anything — a missing folder or a
// read-only path is the operator's typo, not worth a sign-in and a whole site
// load — and written with a clear error instead of a stack trace when the disk
// says no at the end anyway. One implementation for the console and the
// commands, which turn the messages into their own errors.
import {accessSync, constants, existsSync, statSync, writeFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';

export class OutputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFileError';
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** Why `path` cannot be written (a sentence starting with `label path`), or undefined when it can. */
export function outputFileProblem(path: string, label: string, cwd = process.cwd()): string | undefined {
  if (path.trim() === '') return `${label} needs a file name`;
  const full = resolve(cwd, path);
  let exists = true;
  try {
    if (statSync(full).isDirectory()) return `${label} ${path}: that is a folder; give a file name`;
  } catch (error) {
    if (code(error) !== 'ENOENT' && code(error) !== 'ENOTDIR')
      return `${label} ${path}: cannot be written (${code(error)})`;
    exists = false;
  }
  if (exists) {
    try {
      accessSync(full, constants.W_OK);
      return undefined;
    } catch (error) {
      return `${label} ${path}: cannot be written (${code(error)})`;
    }
  }
  const folder = dirname(full);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (error) {
    return code(error) === 'ENOENT'
      ? `${label} ${path}: the folder ${folder} does not exist`
      : `${label} ${path}: cannot be written (${code(error)})`;
  }
  if (!isFolder) return `${label} ${path}: ${folder} is not a folder`;
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    return `${label} ${path}: the folder ${folder} cannot be written (${code(error)})`;
  }
  return undefined;
}

/** The size of the file already at `path`, if there is one (the console asks before replacing it). */
export function existingSize(path: string, cwd = process.cwd()): number | undefined {
  const full = resolve(cwd, path);
  return existsSync(full) ? statSync(full).size : undefined;
}

/** Writes the file (mode 0644: a site file holds no secret); a failure is an OutputFileError naming it. */
export function writeOutputFile(path: string, text: string, label: string, cwd = process.cwd()): string {
  const problem = outputFileProblem(path, label, cwd);
  if (problem) throw new OutputFileError(problem);
  const full = resolve(cwd, path);
  try {
    writeFileSync(full, text, {mode: 0o644});
  } catch (error) {
    throw new OutputFileError(`${label} ${path}: could not write it (${code(error)})`);
  }
  return full;
}
