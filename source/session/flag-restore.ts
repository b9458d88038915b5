// Putting back rule flags vseg turned on for a moment (store/flag-journal.ts):
// each flag is reset only if it still has the value vseg gave it, and the
// network gets Apply Rules only when no other rule changed there since
// vseg's own apply — otherwise the flag is reset in the staged rules and the
// operator is told to apply (vseg never makes someone else's staged change
// live; a rule deleted by someone else in between is the one change it
// cannot see). Used at the end of `why --verify` and, for runs that died half-way,
// when vseg next connects to the same site.
import {z} from 'zod';
import {applyRules} from '../api/apply-rules.js';
import type {VergeClient} from '../api/client.js';
import {VergeError} from '../api/errors.js';
import {closeFlagRecord, openFlagRecords, type FlagRecord} from '../store/flag-journal.js';

const flagRow = z.object({
  vnet: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number), z.null()]).optional(),
  trace: z
    .union([z.boolean(), z.number(), z.null()])
    .optional()
    .transform((v) => v === true || v === 1),
  log: z
    .union([z.boolean(), z.number(), z.null()])
    .optional()
    .transform((v) => v === true || v === 1),
});
const stampRow = z.object({
  $key: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
  modified: z
    .union([z.number(), z.string(), z.null()])
    .optional()
    .transform((v) => (v === null || v === undefined ? 0 : Number(v))),
});

export interface RestoreReport {
  record: string;
  reason: string;
  /** "trace off on rule "Allow PostgreSQL from web" (db)" … */
  restored: string[];
  /** Networks whose live rules were re-applied. */
  applied: string[];
  /** Networks where the flag is back in the staged rules only (someone else changed rules there). */
  stagedOnly: string[];
  /** Problems that keep the record open for the next try. */
  failed: string[];
}

export interface RestoreOptions {
  signal?: AbortSignal;
  /** Wait for each Apply Rules (default 30 s). */
  applyTimeoutMs?: number;
}

async function read(client: VergeClient, rule: number, signal?: AbortSignal) {
  try {
    return await client.get('vnet_rules', rule, flagRow, ['vnet', 'trace', 'log'], {
      signal,
      operation: `read rule ${rule}`,
    });
  } catch (error) {
    if (error instanceof VergeError && error.status === 404) return null;
    throw error;
  }
}

/** Puts one record's flags back; closes the record when nothing failed. */
export async function restoreFlags(
  client: VergeClient,
  journalDir: string,
  record: FlagRecord,
  options: RestoreOptions = {},
): Promise<RestoreReport> {
  const report: RestoreReport = {
    record: record.id,
    reason: record.reason,
    restored: [],
    applied: [],
    stagedOnly: [],
    failed: [],
  };
  const touched = new Map<number, string>();
  for (const c of record.changes) {
    try {
      const row = await read(client, c.rule, options.signal);
      if (!row) continue; // deleted since: nothing left to put back
      if (row[c.field] !== c.after) continue; // never changed, or changed since by someone else
      await client.update(
        'vnet_rules',
        c.rule,
        {[c.field]: c.before},
        {
          signal: options.signal,
          operation: `turn ${c.field} ${c.before ? 'on' : 'off'} again on rule "${c.ruleName}" (${c.network})`,
        },
      );
      report.restored.push(`${c.field} ${c.before ? 'on' : 'off'} on rule "${c.ruleName}" (${c.network})`);
      touched.set(c.vnet, c.network);
    } catch (error) {
      report.failed.push(
        `rule "${c.ruleName}" (${c.network}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  for (const [vnet, name] of touched) {
    const ours = new Set(record.changes.filter((c) => c.vnet === vnet).map((c) => c.rule));
    const since = record.quietSince[String(vnet)];
    try {
      const rules = await client.list(
        'vnet_rules',
        stampRow,
        {fields: ['$key', 'modified'], filter: `vnet eq ${vnet}`},
        {
          signal: options.signal,
          operation: `check ${name} for rule changes by others`,
        },
      );
      const others = since === undefined || rules.some((r) => !ours.has(r.$key) && r.modified > since);
      if (others) {
        report.stagedOnly.push(name);
        continue;
      }
      await applyRules(client, vnet, {
        signal: options.signal,
        timeoutMs: options.applyTimeoutMs,
        operation: `apply rules on ${name}`,
      });
      report.applied.push(name);
    } catch (error) {
      report.failed.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (report.failed.length === 0) closeFlagRecord(journalDir, record.id);
  return report;
}

/** Everything an earlier, interrupted run left on at this site; null when there was nothing. */
export async function restoreInterruptedFlags(
  target: {client: VergeClient; host: string; readOnly: boolean; paths: {journalDir: string}},
  options: RestoreOptions = {},
): Promise<RestoreReport[] | null> {
  let records: FlagRecord[];
  try {
    records = openFlagRecords(target.paths.journalDir, target.host);
  } catch {
    return null;
  }
  if (records.length === 0 || target.readOnly) return null;
  const out: RestoreReport[] = [];
  for (const r of records) out.push(await restoreFlags(target.client, target.paths.journalDir, r, options));
  return out;
}

/** One line per report for stderr or the status line. */
export function describeRestore(r: RestoreReport): string {
  const parts: string[] = [];
  if (r.restored.length) parts.push(`put back ${r.restored.join('; ')}`);
  if (r.applied.length) parts.push(`applied rules on ${r.applied.join(', ')}`);
  if (r.stagedOnly.length)
    parts.push(
      `${r.stagedOnly.join(', ')} ha${r.stagedOnly.length === 1 ? 's' : 've'} other rule changes pending: apply rules there to make the reset live`,
    );
  if (r.failed.length) parts.push(`not done yet (retried next time): ${r.failed.join('; ')}`);
  return `flags left on by an interrupted ${r.reason}: ${parts.join('; ') || 'nothing left to put back'}`;
}
