// Site files for the console without React: where :export writes (and
// whether it would overwrite), and what :plan reads and proposes — the plan
// against the live site, the executor's steps with secrets from VSEG_SECRET_*,
// and the lockout guard (would the console lose its own path to the API).
import {readFileSync} from 'node:fs';
import {basename, resolve} from 'node:path';
import type {ChangePlan} from '../../../domain/changes/types.js';
import type {Site} from '../../../domain/model.js';
import {planFromFile, planToChangePlan, type Plan} from '../../../domain/plan/index.js';
import {exportSite, secretSource} from '../../../domain/sitefile/index.js';
import {verdictChanges} from '../../../policy/index.js';
import type {Connection} from '../../../session/connection.js';
import {lockoutCheck} from '../../../session/lockout.js';

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

/** The plan to make the site match the file, with the flows whose verdict changes. Throws SitefileError. */
export function planSitefile(site: Site, text: string, source: string, prune: boolean): Plan {
  return planFromFile(site, text, {
    prune,
    source: basename(source),
    verdicts: (before, after) => verdictChanges(before, after),
  });
}

/** The executor's steps; throws SecretError naming every secret that is missing. */
export function changePlanOf(plan: Plan, env: NodeJS.ProcessEnv): ChangePlan {
  return planToChangePlan(plan, {secrets: secretSource(env)});
}

/**
 * Whether the plan would cut the console's own path to the API: the live
 * rules as "applied", the planned ones as "pending", so only what the plan
 * introduces counts. A refusal is a sentence naming the rule; notes do not block.
 */
/** The lockout guard of vseg apply: the sentence naming the rule that would cut the console off, or null. */
export async function lockoutRefusal(
  connection: Pick<Connection, 'client'>,
  live: Site,
  plan: Plan,
): Promise<string | null> {
  return (await lockoutCheck(connection, live, plan.after)).refuse;
}
