// The audit log: one JSON line per call that changed (or tried to change) a
// site, in the state directory, mode 0600. Bodies arrive as summaries with
// secret fields already masked (domain/changes/describe.ts); every text field
// is scrubbed again against the secrets this process knows, so a password that
// slipped into an error message still never reaches the file.
import {closeSync, fstatSync, openSync, readSync, renameSync, statSync} from 'node:fs';
import type {AuditEntry} from '../domain/changes/execute.js';
import {appendPrivate} from './files.js';
import {scrubKnown} from './secrets/known.js';

/** One line of the log: a call the executor reported (AuditEntry), where and when. */
export interface AuditRecord extends AuditEntry {
  /** ISO 8601. */
  time: string;
  /** Profile name, or "" when connected by flags alone. */
  profile: string;
  host: string;
}

/** What a caller passes; time is filled in. */
export type AuditInput = Omit<AuditRecord, 'time'> & {time?: string};

/**
 * Past this size the log moves to `<file>.1` (replacing the one before) and a
 * new one starts: a jump host used for years keeps at most twice this much.
 */
export const AUDIT_ROTATE_BYTES = 8 * 1024 * 1024;

function rotateIfFull(file: string, limit: number): void {
  try {
    if (statSync(file).size < limit) return;
    // rename keeps the 0600 mode; two consoles rotating at once: one rename wins, the other finds no file.
    renameSync(file, `${file}.1`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export function appendAudit(
  file: string,
  input: AuditInput,
  extraSecrets: readonly string[] = [],
  rotateBytes = AUDIT_ROTATE_BYTES,
): AuditRecord {
  const clean = (s: string | undefined) => (s === undefined ? undefined : scrubKnown(s, extraSecrets));
  const record: AuditRecord = {
    time: input.time ?? new Date().toISOString(),
    profile: clean(input.profile) ?? '',
    host: clean(input.host) ?? '',
    method: input.method,
    path: clean(input.path) ?? '',
    body: clean(input.body),
    outcome: input.outcome,
    note: clean(input.note),
    error: clean(input.error),
  };
  rotateIfFull(file, rotateBytes);
  // JSON.stringify drops the undefined fields; one line, no embedded newline possible.
  appendPrivate(file, `${JSON.stringify(record)}\n`);
  return record;
}

/** The last `count` records, oldest first, from the log and (when it holds fewer) the rotated one before it. */
export function readAuditTail(file: string, count: number): AuditRecord[] {
  const recent = readTail(file, count);
  if (recent.length >= count) return recent;
  return [...readTail(`${file}.1`, count - recent.length), ...recent];
}

/** The last `count` records of one file, oldest first. Reads the file from its end; unparsable lines are skipped. */
function readTail(file: string, count: number): AuditRecord[] {
  if (count <= 0) return [];
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const chunk = 64 * 1024;
    let position = fstatSync(fd).size;
    const buffers: Buffer[] = [];
    let records: AuditRecord[] = [];
    // Read backwards a chunk at a time until enough whole records are in hand.
    // Bytes are joined before decoding so a character cut by a chunk edge stays whole.
    while (position > 0) {
      const length = Math.min(chunk, position);
      position -= length;
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, position);
      buffers.unshift(buffer);
      const lines = Buffer.concat(buffers).toString('utf8').split('\n');
      // The first line may be cut in the middle unless we reached the start.
      if (position > 0) lines.shift();
      records = parseRecords(lines);
      if (records.length >= count) break;
    }
    return records.slice(-count);
  } finally {
    closeSync(fd);
  }
}

function parseRecords(lines: string[]): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as AuditRecord;
      if (r && typeof r === 'object' && typeof r.method === 'string') records.push(r);
    } catch {
      // a torn line from a crash: skip it
    }
  }
  return records;
}
