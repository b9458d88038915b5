// Flags vseg turns on for a moment (a rule's `trace` while `why --verify`
// reads the packet trace) are written down before they change, in the
// journal directory, and the record is removed only once they are back. A
// run that dies in between leaves the record behind; the next vseg that
// connects to the same site puts the flags back (session/flag-restore.ts).
import {readdirSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {randomHex} from './crypto.js';
import {readIfExists, writeFileAtomic} from './files.js';

export interface FlagChange {
  vnet: number;
  network: string;
  rule: number;
  ruleName: string;
  field: 'trace' | 'log';
  before: boolean;
  after: boolean;
}

export interface FlagRecord {
  version: 1;
  id: string;
  host: string;
  profile: string;
  /** ISO time the record was opened. */
  time: string;
  /** What turned the flags on, for the operator ("why --verify web-01 → db-01 tcp/5432"). */
  reason: string;
  changes: FlagChange[];
  /**
   * Per network key, the newest rule `modified` (unix s) when the record was
   * opened — the network had nothing pending then. A rule other than vseg's
   * own modified later is someone else's staged change.
   */
  quietSince: Record<string, number>;
}

const ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export function flagDir(journalDir: string): string {
  return join(journalDir, 'flags');
}

function fileOf(journalDir: string, id: string): string {
  if (!ID.test(id)) throw new Error(`"${id}" is not a flag record id`);
  return join(flagDir(journalDir), `${id}.json`);
}

function write(journalDir: string, record: FlagRecord): void {
  writeFileAtomic(fileOf(journalDir, record.id), `${JSON.stringify(record, null, 1)}\n`);
}

/** Writes the record before any flag changes; `changes` lists every change about to be made. */
export function openFlagRecord(
  journalDir: string,
  init: Pick<FlagRecord, 'host' | 'profile' | 'reason' | 'changes' | 'quietSince'>,
  now = new Date(),
): FlagRecord {
  const id = `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-${randomHex(3)}`;
  const record: FlagRecord = {version: 1, id, time: now.toISOString(), ...init};
  write(journalDir, record);
  return record;
}

/** The flags are back: the record goes. */
export function closeFlagRecord(journalDir: string, id: string): void {
  rmSync(fileOf(journalDir, id), {force: true});
}

/** Records still open for a site (oldest first); unreadable files are skipped. */
export function openFlagRecords(journalDir: string, host: string): FlagRecord[] {
  let names: string[];
  try {
    names = readdirSync(flagDir(journalDir)).filter((n) => n.endsWith('.json') && ID.test(n.slice(0, -5)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: FlagRecord[] = [];
  for (const name of names.sort()) {
    const text = readIfExists(join(flagDir(journalDir), name));
    if (text === undefined) continue;
    try {
      const r = JSON.parse(text) as FlagRecord;
      if (r.version === 1 && r.host === host && Array.isArray(r.changes)) out.push(r);
    } catch {
      // a damaged record cannot be acted on; it stays for the operator to read
    }
  }
  return out;
}
