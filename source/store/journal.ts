// The revision journal of `vseg apply`: before a change is sent, the export
// text of what it touches is saved, so `vseg rollback` can put it back. One
// JSON file per revision, named by a sortable id, written atomically, 0600.
import {randomBytes} from 'node:crypto';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {readIfExists, writeFileAtomic} from './files.js';
import {containsKnownSecret} from './secrets/known.js';

export interface JournalEntry {
  /** Sortable: "2026-11-25T10-00-00Z-ab12". */
  id: string;
  /** ISO 8601. */
  time: string;
  profile: string;
  host: string;
  title: string;
  touchedNetworks: string[];
  /** Networks the change created (not in `previous`): undoing it deletes them. */
  createdNetworks?: string[];
  /** Export text of the touched objects before the change. */
  previous: string;
}

export type JournalSummary = Omit<JournalEntry, 'previous'>;

export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

// Milliseconds in the id keep revisions made within one second in order.
const ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d{3})?Z-[0-9a-f]{4}$/;

export function journalId(date = new Date()): string {
  const stamp = date.toISOString().replace(/:/g, '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

function fileOf(dir: string, id: string): string {
  if (!ID_PATTERN.test(id))
    throw new JournalError(`"${id}" is not a revision id (they look like 2026-11-25T10-00-00.000Z-ab12).`);
  return join(dir, `${id}.json`);
}

export function saveJournalEntry(
  dir: string,
  entry: Omit<JournalEntry, 'id' | 'time'> & {time?: string},
): JournalEntry {
  const date = entry.time ? new Date(entry.time) : new Date();
  const full: JournalEntry = {...entry, id: journalId(date), time: date.toISOString()};
  if (containsKnownSecret(full)) {
    throw new JournalError(
      'Refusing to journal this change: its export text contains a password, API key or session token.',
    );
  }
  writeFileAtomic(fileOf(dir, full.id), `${JSON.stringify(full, null, 1)}\n`);
  return full;
}

export function getJournalEntry(dir: string, id: string): JournalEntry | undefined {
  const text = readIfExists(fileOf(dir, id));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as JournalEntry;
  } catch {
    throw new JournalError(`Revision ${id} is damaged (not JSON).`);
  }
}

/** Newest first, optionally for one site (host) only. */
export function listJournal(
  dir: string,
  filter: {host?: string; profile?: string; limit?: number} = {},
): JournalSummary[] {
  let ids: string[];
  try {
    ids = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -5))
      .filter((id) => ID_PATTERN.test(id));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  ids.sort().reverse();
  const out: JournalSummary[] = [];
  for (const id of ids) {
    let entry: JournalEntry | undefined;
    try {
      entry = getJournalEntry(dir, id);
    } catch {
      continue;
    }
    if (!entry) continue;
    if (filter.host && entry.host !== filter.host) continue;
    if (filter.profile && entry.profile !== filter.profile) continue;
    const {previous: _p, ...summary} = entry;
    out.push(summary);
    if (filter.limit && out.length >= filter.limit) break;
  }
  return out;
}
