// A site's saved contracts: the file `vseg check`, plan, apply and the console
// use when none is given, and where the wizards write the intent they set up.
// One stand-alone contract file per profile (or per host when connected by
// flags alone) under the config directory.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {writeFileAtomic} from './files.js';
import type {VsegPaths} from './paths.js';

/** `prod` → `<config>/contracts/prod.yaml`; anything but letters, digits, `.`, `_`, `-` becomes `_`. */
export function contractsFile(paths: VsegPaths, site: string): string {
  const safe = site.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
  return join(paths.configDir, 'contracts', `${safe}.yaml`);
}

/** The saved text, or null when the site has none. */
export function readSavedContracts(paths: VsegPaths, site: string): {file: string; text: string} | null {
  const file = contractsFile(paths, site);
  if (!existsSync(file)) return null;
  return {file, text: readFileSync(file, 'utf8')};
}

export function saveContracts(paths: VsegPaths, site: string, text: string): string {
  const file = contractsFile(paths, site);
  writeFileAtomic(file, text);
  return file;
}
