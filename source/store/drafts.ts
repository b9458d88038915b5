// Drafts: work in progress the operator can come back to — a wizard's answers,
// or the RunState of a change that stopped halfway (domain/changes) so it can
// resume without repeating what was done. One JSON file per draft, written
// atomically, mode 0600. Callers pass data already stripped of secrets; the
// guard here refuses anything that still contains a secret this process knows.
import {readdirSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import type {RunState} from '../domain/changes/types.js';
import {sha256Hex} from './crypto.js';
import {readIfExists, safeFileName, writeFileAtomic} from './files.js';
import {containsKnownSecret} from './secrets/known.js';

export interface Draft<T = unknown> {
  name: string;
  /** What kind of draft: "wizard:topology", "run", … */
  kind: string;
  /** Profile or host it belongs to, when it belongs to one. */
  site?: string;
  savedAt: string;
  data: T;
  /** For interrupted runs: what to resume from. */
  run?: RunState;
}

export interface DraftSummary {
  name: string;
  kind: string;
  site?: string;
  savedAt: string;
}

export class DraftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DraftError';
  }
}

function fileOf(dir: string, name: string): string {
  if (name.trim() === '') throw new DraftError('A draft needs a name.');
  const safe = safeFileName(name);
  // Names that had to be changed get a hash so "a/b" and "a_b" stay two drafts.
  const suffix = safe === name ? '' : `-${sha256Hex(name).slice(0, 8)}`;
  return join(dir, `${safe}${suffix}.json`);
}

export function saveDraft<T>(dir: string, draft: Omit<Draft<T>, 'savedAt'> & {savedAt?: string}): Draft<T> {
  const full: Draft<T> = {...draft, savedAt: draft.savedAt ?? new Date().toISOString()};
  if (containsKnownSecret(full)) {
    throw new DraftError(
      `Refusing to save draft "${draft.name}": it contains a password, API key or session token. Drafts never hold secrets.`,
    );
  }
  writeFileAtomic(fileOf(dir, draft.name), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

/**
 * False when no file in `dir` can be the draft of a name that needs a hash:
 * hashing loads node:crypto, and the console reads the setup chain's draft
 * ("wizard-setup on <site>") before its first frame.
 */
function mayExist(dir: string, name: string): boolean {
  const safe = safeFileName(name);
  if (safe === name || name.trim() === '') return true;
  try {
    return readdirSync(dir).some((f) => f.startsWith(`${safe}-`));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export function loadDraft<T = unknown>(dir: string, name: string): Draft<T> | undefined {
  if (!mayExist(dir, name)) return undefined;
  const text = readIfExists(fileOf(dir, name));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Draft<T>;
  } catch {
    throw new DraftError(`The draft "${name}" (${fileOf(dir, name)}) is damaged: not JSON.`);
  }
}

/** Newest first. Damaged files are listed by file name with kind "damaged". */
export function listDrafts(dir: string): DraftSummary[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: DraftSummary[] = [];
  for (const n of names) {
    const text = readIfExists(join(dir, n));
    try {
      const d = JSON.parse(text ?? '') as Draft;
      out.push({name: d.name, kind: d.kind, site: d.site, savedAt: d.savedAt});
    } catch {
      out.push({name: n.replace(/\.json$/, ''), kind: 'damaged', savedAt: ''});
    }
  }
  return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.name.localeCompare(b.name));
}

export function deleteDraft(dir: string, name: string): boolean {
  const file = fileOf(dir, name);
  if (readIfExists(file) === undefined) return false;
  rmSync(file, {force: true});
  return true;
}
