// Site files, for the console and the headless commands alike: the name
// :export writes by default, the text of an export, reading a file, the plan
// that makes the site match it (with the flows whose verdict changes), the
// executor's steps with secrets from VSEG_SECRET_*, and the lockout guard
// (would the console lose its own path to the API).
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import type {ChangePlan} from '../domain/changes/types.js';
import type {Site} from '../domain/model.js';
import {diffSite, planToChangePlan, type Plan} from '../domain/plan/index.js';
import {exportSite, secretSource, type Sitefile} from '../domain/sitefile/index.js';
import {getJournalEntry, type JournalEntry} from '../store/journal.js';
import type {Connection} from './connection.js';
import {lockoutCheck, verdictsFor} from './lockout.js';

/** `<profile>-segmentation.yaml`, with the profile name made safe for a file name. */
export function defaultExportName(profile: string): string {
  const safe = profile.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'site';
  return `${safe}-segmentation.yaml`;
}

export function exportText(site: Site, warnings: string[]): string {
  return exportSite(site, {onWarning: (w) => warnings.push(w)});
}

export interface LoadedFile {
  path: string;
  text?: string;
  error?: string;
}

export function readSitefile(file: string, cwd = process.cwd()): LoadedFile {
  const path = resolve(cwd, file);
  try {
    return {path, text: readFileSync(path, 'utf8')};
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {path, error: code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`};
  }
}

export interface PlanRequest {
  /** File name (or "revision <id>") for messages. */
  source: string;
  prune: boolean;
  title?: string;
  /** Work out the flows whose verdict changes (the policy evaluator); on unless false. */
  verdicts?: boolean;
}

/** A journal revision as the plan view reads it: its saved export and the entry. */
export function readRevision(dir: string, id: string): LoadedFile & {entry?: JournalEntry} {
  try {
    const entry = getJournalEntry(dir, id);
    if (!entry) return {path: `revision ${id}`, error: `there is no revision ${id} (:history lists them)`};
    return {path: `revision ${id}`, text: entry.previous, entry};
  } catch (error) {
    return {path: `revision ${id}`, error: (error as Error).message};
  }
}

/** The plan to make the site match the file, with the flows whose verdict changes (vseg plan/apply, :plan). */
export function planSitefile(site: Site, doc: Sitefile, request: PlanRequest): Plan {
  return diffSite(site, doc, {
    prune: request.prune,
    source: request.source,
    title: request.title,
    verdicts: request.verdicts === false ? undefined : verdictsFor,
  });
}

/** The executor's steps; throws SecretError naming every secret that is missing. */
export function changePlanOf(plan: Plan, env: NodeJS.ProcessEnv): ChangePlan {
  return planToChangePlan(plan, {secrets: secretSource(env)});
}

/** The lockout guard of vseg apply: the sentence naming the rule that would cut the console off, or null. */
export async function lockoutRefusal(
  connection: Pick<Connection, 'client'>,
  live: Site,
  plan: Plan,
): Promise<string | null> {
  return (await lockoutCheck(connection, live, plan.after)).refuse;
}
