// Runs a ChangePlan against a site, one step at a time, so that:
//  - running the same plan twice changes nothing the second time (creates look
//    for the object by its identity first and only update what differs);
//  - a create whose answer was lost is reconciled by identity, never re-sent
//    blindly;
//  - after a failure the run state says exactly what was done, and passing it
//    back resumes from the failed step without repeating anything.
import {z} from 'zod';
import {applyRules, STAGED_UNTIL_START} from '../../api/apply-rules.js';
import type {VergeClient} from '../../api/client.js';
import {VergeError} from '../../api/errors.js';
import {eq, type FilterValue} from '../../api/query.js';
import {createReconciled, findByIdentity} from '../../api/reconcile.js';
import {sameValue} from '../../api/values.js';
import {formatAliasValue, parseAliasValue} from '../mappers.js';
import {listHolds, mergeList, type ListMerge} from '../merge.js';
import type {AliasEntry} from '../model.js';
import {pollUntil} from '../../api/poll.js';
import {scrub} from '../../api/auth.js';
import {bodySummary, describeCall} from './describe.js';
import {ORDER_FIELDS, orderRowSchema, untieOrder} from './rule-order.js';
import {
  isRef,
  isTemplate,
  type Body,
  type BodyValue,
  type ChangePlan,
  type KeyOrRef,
  type RunState,
  type Step,
  type StepResult,
  type UpdateStep,
} from './types.js';
import {textOf} from '../text.js';

/** A call that changed (or tried to change) the site, as the audit log records it. */
export interface AuditEntry {
  method: string;
  path: string;
  /** Summary, secrets masked. */
  body?: string;
  outcome: 'ok' | 'failed';
  note?: string;
  error?: string;
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  /** The state of an earlier, interrupted run of the same plan. */
  resume?: RunState;
  onProgress?: (step: Step, result: StepResult) => void;
  /** Called after every step with the state to persist (contains no secrets). */
  onCheckpoint?: (state: RunState) => void | Promise<void>;
  /** Every call that changed (or tried to change) the site, for the audit log. */
  onAudit?: (entry: AuditEntry) => void;
  applyTimeoutMs?: number;
  actionTimeoutMs?: number;
  pollMs?: number;
}

export interface ExecuteReport {
  ok: boolean;
  state: RunState;
  results: StepResult[];
  failedStep?: Step;
  error?: VergeError;
}

const anyRow = z.record(z.string(), z.unknown());

export async function executePlan(
  client: VergeClient,
  plan: ChangePlan,
  options: ExecuteOptions = {},
): Promise<ExecuteReport> {
  const now = () => new Date().toISOString();
  const state: RunState = options.resume
    ? {...options.resume, refs: {...options.resume.refs}, results: {...options.resume.results}}
    : {planTitle: plan.title, refs: {}, results: {}, startedAt: now(), updatedAt: now()};
  Object.assign(state.refs, plan.known ?? {}, options.resume?.refs ?? {});
  const results: StepResult[] = [];
  // List merges done in this run, checked once more before Apply Rules makes them live.
  const merges: MergedWrite[] = [];

  for (const step of plan.steps) {
    if (step.kind === 'apply-rules' && merges.some((m) => !m.rechecked)) {
      const failed = await recheckMerges(client, merges, options);
      if (failed) {
        const {merge, error} = failed;
        const result: StepResult = {id: merge.step.id, status: 'failed', error: error.describe()};
        state.results[merge.step.id] = result;
        state.updatedAt = now();
        results.push(result);
        options.onProgress?.(merge.step, result);
        await options.onCheckpoint?.(state);
        return {ok: false, state, results, failedStep: merge.step, error};
      }
    }
    const previous = state.results[step.id];
    // Apply Rules is checked again even when an earlier run did it: steps that
    // ran since (a later round, someone else) may have staged rules again, and
    // the step costs one read when nothing is pending.
    if (previous && (previous.status === 'done' || previous.status === 'skipped') && step.kind !== 'apply-rules') {
      results.push(previous);
      options.onProgress?.(step, previous);
      continue;
    }
    options.onProgress?.(step, {id: step.id, status: 'running'});
    let result: StepResult;
    try {
      result = await runStep(client, step, state, options, merges);
    } catch (error) {
      const e =
        error instanceof VergeError
          ? error
          : new VergeError({kind: 'response', message: (error as Error).message, cause: error});
      const call = describeCall(step);
      // The step's own secrets, should an answer have quoted them back: never in the audit log, the draft or on screen.
      const text = scrub(e.describe(), stepSecrets(step));
      options.onAudit?.({
        method: call.method,
        path: call.path,
        body: call.body,
        outcome: 'failed',
        error: text,
      });
      result = {id: step.id, status: 'failed', error: text};
      state.results[step.id] = result;
      state.updatedAt = now();
      results.push(result);
      options.onProgress?.(step, result);
      await options.onCheckpoint?.(state);
      return {ok: false, state, results, failedStep: step, error: e};
    }
    state.results[step.id] = result;
    state.updatedAt = now();
    results.push(result);
    options.onProgress?.(step, result);
    await options.onCheckpoint?.(state);
  }
  return {ok: true, state, results};
}

function resolveKey(key: KeyOrRef, refs: Record<string, number>): number {
  if (!isRef(key)) return key;
  const value = refs[key.ref];
  if (value === undefined) {
    throw new VergeError({kind: 'invalid-input', message: `internal: "${key.ref}" is not known yet (plan order)`});
  }
  return value;
}

export function resolveValue(value: BodyValue, refs: Record<string, number>): unknown {
  if (isRef(value))
    return value.prefix === undefined ? resolveKey(value, refs) : `${value.prefix}${resolveKey(value, refs)}`;
  if (isTemplate(value))
    return value.template.map((part) => (typeof part === 'string' ? part : String(resolveKey(part, refs)))).join('');
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, refs));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, refs)]));
  }
  return value;
}

function resolveBody(body: Body, refs: Record<string, number>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, resolveValue(v, refs)]));
}

export {sameValue};

async function runStep(
  client: VergeClient,
  step: Step,
  state: RunState,
  options: ExecuteOptions,
  merges: MergedWrite[],
): Promise<StepResult> {
  const refs = state.refs;
  const call = {
    signal: options.signal,
    operation: step.title.charAt(0).toLowerCase() + step.title.slice(1),
    secrets: stepSecrets(step),
  };
  const audit = (entry: Omit<AuditEntry, 'outcome'>) => options.onAudit?.({...entry, outcome: 'ok'});
  switch (step.kind) {
    case 'create': {
      const body = resolveBody(step.body, refs);
      const identity = resolveBody(step.identity, refs);
      // never "absent" from an empty filtered list alone: see api/reconcile.ts (VERGEOS-API.md §8.1 #4)
      const match = {match: identity as Record<string, FilterValue>, describe: describeIdentity(identity)};
      const compareFields =
        step.compare ?? Object.keys(body).filter((k) => !(k in identity) && !(step.secretFields ?? []).includes(k));
      const lookFirst = !step.knownNew || state.results[step.id] !== undefined;
      const existing = lookFirst ? await findByIdentity(client, step.table, match, compareFields, call) : [];
      if (existing.length > 1) {
        throw new VergeError({
          kind: 'invalid-input',
          message: `${existing.length} existing ${step.table} rows match ${describeIdentity(identity)}; refusing to guess which one to use`,
          operation: call.operation,
        });
      }
      const found = existing[0];
      if (found) {
        const key = Number(found['$key']);
        if (step.provides) refs[step.provides] = key;
        // a column this VergeOS does not return cannot be compared (and a write of it would be dropped)
        const diff = Object.fromEntries(
          compareFields
            .filter((f) => Object.hasOwn(found, f) && !sameValue(body[f], found[f]))
            .map((f) => [f, body[f]]),
        );
        if (Object.keys(diff).length === 0)
          return {id: step.id, status: 'skipped', key, note: 'already exists, unchanged'};
        await client.update(step.table, key, diff, call);
        audit({
          method: 'PUT',
          path: `/api/v4/${step.table}/${key}`,
          body: bodySummary(diff as Body, step.secretFields),
        });
        return {id: step.id, status: 'done', key, note: `already existed; updated ${Object.keys(diff).join(', ')}`};
      }
      const created = await createReconciled(client, step.table, body, match, call);
      if (step.provides) refs[step.provides] = created.key;
      audit({
        method: 'POST',
        path: `/api/v4/${step.table}`,
        body: bodySummary(step.body, step.secretFields),
        note: created.reconciled ? 'answer lost; found by identity' : undefined,
      });
      return {
        id: step.id,
        status: 'done',
        key: created.key,
        note: created.reconciled ? 'created (answer lost, found afterwards)' : 'created',
      };
    }
    case 'update': {
      const key = resolveKey(step.key, refs);
      const body = resolveBody(step.body, refs);
      if (step.mergeList) {
        const merged = await mergeWrite(client, step, key, body, call, audit, 1);
        merges.push(merged);
        return {id: step.id, status: 'done', key, note: merged.note};
      }
      await client.update(step.table, key, body, call);
      audit({method: 'PUT', path: `/api/v4/${step.table}/${key}`, body: bodySummary(step.body, step.secretFields)});
      return {id: step.id, status: 'done', key, note: 'updated'};
    }
    case 'delete': {
      const key = resolveKey(step.key, refs);
      try {
        const r = await client.remove(step.table, key, call);
        audit({method: 'DELETE', path: `/api/v4/${step.table}/${key}`});
        return {id: step.id, status: 'done', key, note: r.alreadyGone ? 'deleted (answer lost)' : 'deleted'};
      } catch (error) {
        if (error instanceof VergeError && error.status === 404)
          return {id: step.id, status: 'skipped', key, note: 'already gone'};
        throw error;
      }
    }
    case 'action': {
      const body = resolveBody(step.body, refs);
      const wait = step.waitFor;
      const effectVisible = async (signal = call.signal) => {
        if (!wait) return false;
        const row = await client.get(wait.table, resolveKey(wait.key, refs), anyRow, [`${wait.field} as v`], {
          ...call,
          signal,
        });
        return sameValue(wait.equals, row['v']);
      };
      const waitFor = (limitMs: number) =>
        pollUntil(effectVisible, (seen) => seen, {
          limitMs,
          everyMs: options.pollMs ?? 250,
          signal: options.signal,
          what: `${wait?.field} to become ${String(wait?.equals)}`,
          method: 'GET',
          path: wait ? `/api/v4/${wait.table}/${String(resolveKey(wait.key, refs))}` : '',
          operation: call.operation,
        });
      if (wait && (await effectVisible())) return {id: step.id, status: 'skipped', note: 'already in the wanted state'};
      try {
        await client.action(step.table, body, call);
      } catch (error) {
        if (!(error instanceof VergeError) || error.outcome === 'not-applied' || !wait) throw error;
        // Answer lost: if the effect does not show up, the action is sent once more.
        if (!(await waitFor(options.actionTimeoutMs ?? 5_000)).met) await client.action(step.table, body, call);
      }
      audit({method: 'POST', path: `/api/v4/${step.table}`, body: bodySummary(step.body)});
      if (wait) {
        const seen = await waitFor(wait.timeoutMs ?? options.actionTimeoutMs ?? 60_000);
        if (!seen.met) throw seen.error;
      }
      return {id: step.id, status: 'done', note: textOf(body['action'] ?? 'done')};
    }
    case 'apply-rules': {
      const vnet = resolveKey(step.vnet, refs);
      const untied = await untieRules(client, vnet, call, audit);
      const outcome = await applyRules(client, vnet, {
        signal: options.signal,
        timeoutMs: options.applyTimeoutMs,
        pollMs: options.pollMs,
        operation: `apply rules on ${step.network}`,
      });
      if (outcome.status !== 'nothing-pending')
        audit({method: 'POST', path: '/api/v4/vnet_actions', body: `vnet=${vnet} action="refresh"`});
      const note =
        {
          applied: `applied in ${outcome.ms} ms`,
          'nothing-pending': 'nothing was pending',
          'staged-until-start': STAGED_UNTIL_START,
        }[outcome.status] + (untied > 0 ? `; ${untied} tied rule order${untied === 1 ? '' : 's'} made unique` : '');
      return {id: step.id, status: outcome.status === 'nothing-pending' ? 'skipped' : 'done', key: vnet, note};
    }
  }
}

// --- list fields merged at write time (alias entries) ----------------------------

interface MergedWrite {
  step: UpdateStep;
  key: number;
  body: Record<string, unknown>;
  plan: ListMerge<AliasEntry>;
  note: string;
  rechecked: boolean;
}

export type CallContext = {signal?: AbortSignal; operation: string};
export type Audit = (entry: Omit<AuditEntry, 'outcome'>) => void;

const entryKey = (e: AliasEntry) => e.value.trim().toLowerCase();
const entriesOf = (value: unknown) => parseAliasValue(typeof value === 'string' ? value : '');

/**
 * Reads the list, merges this step's additions and removals into what the
 * server holds now, writes, reads back. When the read-back lacks what was
 * planned (someone wrote in between), merges again up to `retries` times;
 * then stops with a conflict that names what is missing.
 */
async function mergeWrite(
  client: VergeClient,
  step: UpdateStep,
  key: number,
  body: Record<string, unknown>,
  call: CallContext,
  audit: Audit,
  retries: number,
): Promise<MergedWrite> {
  const field = step.mergeList!.field;
  const base = entriesOf(step.mergeList!.base);
  const mine = entriesOf(body[field]);
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => k !== field));
  for (let attempt = 0; ; attempt++) {
    const row = await client.get(step.table, key, anyRow, [field], call);
    const plan = mergeList(base, mine, entriesOf(row[field]), entryKey);
    const value = formatAliasValue(plan.items);
    const write = sameValue(value, row[field]) ? rest : {...rest, [field]: value};
    if (Object.keys(write).length > 0) {
      await client.update(step.table, key, write, call);
      audit({method: 'PUT', path: `/api/v4/${step.table}/${key}`, body: bodySummary(write as Body, step.secretFields)});
    }
    const check = await client.get(step.table, key, anyRow, [field], call);
    const now = entriesOf(check[field]);
    if (listHolds(now, plan, entryKey)) {
      const kept = now.filter((e) => !mine.some((m) => entryKey(m) === entryKey(e))).length;
      const note =
        Object.keys(write).length === 0
          ? 'already as planned'
          : `merged with the server's list${kept > 0 ? ` (kept ${kept} entr${kept === 1 ? 'y' : 'ies'} added elsewhere)` : ''}`;
      return {step, key, body, plan, note, rechecked: false};
    }
    if (attempt >= retries) throw listConflict(step, plan, now, call.operation);
  }
}

function listConflict(step: UpdateStep, plan: ListMerge<AliasEntry>, now: AliasEntry[], operation: string): VergeError {
  const keys = new Set(now.map(entryKey));
  const missing = plan.added.filter((a) => !keys.has(entryKey(a))).map((a) => a.value);
  const back = plan.removed.filter((r) => keys.has(r));
  const what = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    back.length > 0 ? `still holding ${back.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return new VergeError({
    kind: 'conflict',
    message:
      `${step.title}: someone else is changing the same list right now; after merging with their change ` +
      `twice it is still not what was planned (${what}). Nothing else was overwritten: look at it, then run the same command again`,
    operation,
  });
}

/** Before Apply Rules: the lists merged in this run still hold what was planned (a writer that read before ours may have written after). */
async function recheckMerges(
  client: VergeClient,
  merges: MergedWrite[],
  options: ExecuteOptions,
): Promise<{merge: MergedWrite; error: VergeError} | undefined> {
  for (const m of merges) {
    if (m.rechecked) continue;
    m.rechecked = true;
    const call = {
      signal: options.signal,
      operation: `check ${m.step.title.charAt(0).toLowerCase()}${m.step.title.slice(1)}`,
    };
    try {
      const row = await client.get(m.step.table, m.key, anyRow, [m.step.mergeList!.field], call);
      if (listHolds(entriesOf(row[m.step.mergeList!.field]), m.plan, entryKey)) continue;
      const again = await mergeWrite(
        client,
        m.step,
        m.key,
        m.body,
        call,
        (e) => options.onAudit?.({...e, outcome: 'ok'}),
        0,
      );
      Object.assign(m, {plan: again.plan, rechecked: true});
    } catch (error) {
      const e =
        error instanceof VergeError ? error : new VergeError({kind: 'response', message: (error as Error).message});
      return {merge: m, error: e};
    }
  }
  return undefined;
}

// --- rule order without ties -----------------------------------------------------

/**
 * Gives tied rules of the network orderids of their own (see rule-order.ts); returns how many were written.
 * Every Apply Rules vseg sends goes after it: the executor's steps and `vseg apply-rules`.
 */
export async function untieRules(client: VergeClient, vnet: number, call: CallContext, audit: Audit): Promise<number> {
  const rows = await client.list(
    'vnet_rules',
    orderRowSchema,
    {fields: ORDER_FIELDS, filter: eq('vnet', vnet)},
    {...call, operation: `read the rule order of network ${vnet}`},
  );
  const changes = untieOrder(rows);
  for (const [key, orderid] of changes) {
    await client.update('vnet_rules', key, {orderid}, call);
    audit({method: 'PUT', path: `/api/v4/vnet_rules/${key}`, body: `orderid=${orderid}`});
  }
  return changes.size;
}

/** The values of a step's secret fields (a PSK, a private key), as sent. */
function stepSecrets(step: Step): string[] {
  if ((step.kind !== 'create' && step.kind !== 'update') || !step.secretFields) return [];
  const out: string[] = [];
  for (const field of step.secretFields) {
    const value = step.body[field];
    if (typeof value === 'string' && value !== '') out.push(value);
  }
  return out;
}

function describeIdentity(identity: Record<string, unknown>): string {
  return Object.entries(identity)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
}
