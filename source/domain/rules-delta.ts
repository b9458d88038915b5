// The console reloads its site every poll; at 200 networks the rules alone are
// megabytes, nearly all of them unchanged. vnet_rules carries `modified`
// (Unix seconds; VERGEOS-API.md §3.3, CONFIRMED), so a poll asks first for
// every rule's key, `modified` and counters — a few dozen bytes a rule — and
// then only for the rows that changed (`modified ge T`). What is not
// confirmed is that every change bumps `modified`, or that a filter on it
// works on every version (a real VergeOS answers [] to a filter on a column
// it lacks, §8.1 #4). So the delta is checked and a full list is the answer
// whenever it does not add up: rows without `modified`, changed rows missing
// from the filtered answer. Two edits in one second share a stamp, so rows
// stamped at or after the second the last read was answered in (the site's
// own clock: its Date header) are always fetched again; without that header,
// the rows carrying the newest stamp seen. Callers also ask for a full list
// now and then (see ConsoleSession).
import {z} from 'zod';
import type {VergeClient} from '../api/client.js';
import {cmp} from '../api/query.js';
import {RULE_FIELDS, ruleSchema} from '../api/rows.js';
import {toRule} from './mappers.js';
import type {Rule} from './model.js';

const stampSchema = z.object({
  $key: z.number(),
  modified: z.number().nullable().optional(),
  packets: z.number().nullable().optional(),
  bytes: z.number().nullable().optional(),
});

export interface RulesLoad {
  rules: Rule[];
  /** How they were read: every row, or the changed rows on top of the previous ones. */
  mode: 'full' | 'delta';
  /** Rows read in full (all of them for `full`). */
  fetched: number;
  /** The site's clock when it answered the first of these reads (Unix seconds), when it said. */
  at?: number;
}

type Call = {signal?: AbortSignal; operation?: string};

export async function loadAllRules(client: VergeClient, call: Call): Promise<RulesLoad> {
  let at: number | undefined;
  const rules = await client.listAs(
    'vnet_rules',
    ruleSchema,
    toRule,
    {fields: RULE_FIELDS},
    {...call, onServerTime: (s) => (at = s)},
  );
  return {rules, mode: 'full', fetched: rules.length, at};
}

/**
 * The rules now, read as a delta from `previous` where the site allows it.
 * `previousAt`: the site's clock when `previous` was read (RulesLoad.at).
 */
export async function loadRulesDelta(
  client: VergeClient,
  previous: readonly Rule[],
  previousAt: number | undefined,
  call: Call,
): Promise<RulesLoad> {
  const full = () => loadAllRules(client, call);
  if (previous.some((r) => r.modified === null)) return full();
  let at: number | undefined;
  const stamps = await client.list(
    'vnet_rules',
    stampSchema,
    {fields: ['$key', 'modified', 'packets', 'bytes']},
    {...call, onServerTime: (s) => (at = s)},
  );
  if (stamps.some((s) => typeof s.modified !== 'number')) return full();
  const before = new Map(previous.map((r) => [r.key, r]));
  // An edit after the last read carries a stamp at or after the second that read was answered in.
  const since = previousAt ?? previous.reduce((m, r) => Math.max(m, r.modified ?? 0), 0);
  const changed = stamps.filter((s) => {
    const old = before.get(s.$key);
    return !old || old.modified !== s.modified || s.modified! >= since;
  });
  let fresh = new Map<number, Rule>();
  if (changed.length > 0) {
    const oldest = changed.reduce((m, s) => Math.min(m, s.modified!), Infinity);
    const rows = await client.list(
      'vnet_rules',
      ruleSchema,
      {fields: RULE_FIELDS, filter: cmp('modified', 'ge', oldest)},
      call,
    );
    fresh = new Map(rows.map((r) => [r.$key, toRule(r)]));
    // A filter the site ignored or could not apply: the delta does not add up.
    if (changed.some((s) => !fresh.has(s.$key))) return full();
  }
  const rules: Rule[] = [];
  for (const s of stamps) {
    const rule = fresh.get(s.$key) ?? before.get(s.$key)!;
    const packets = s.packets ?? 0;
    const bytes = s.bytes ?? 0;
    // Counters move without `modified`: a new object only where they did.
    rules.push(rule.packets === packets && rule.bytes === bytes ? rule : {...rule, packets, bytes});
  }
  return {rules, mode: 'delta', fetched: fresh.size, at};
}
