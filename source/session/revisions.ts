// The revision journal entry written before a site-file plan is applied, from
// the console (:plan) or the command line (apply, rollback): what the touched
// networks and the aliases looked like before, so `vseg rollback` can restore it.
import type {ChangePlan, KeyOrRef} from '../domain/changes/types.js';
import {deleteNetworkPlan, networkDeleteBlockers} from '../domain/edits/networks.js';
import type {Network, Site} from '../domain/model.js';
import {diffSite, planToChangePlan, type DiffOptions, type Plan} from '../domain/plan/index.js';
import {
  EXPORT_SECTIONS,
  exportSite,
  managedNetworks,
  parseSitefile,
  type SecretSource,
} from '../domain/sitefile/index.js';
import {saveJournalEntry, type JournalEntry} from '../store/journal.js';
import type {Connection} from './connection.js';

/** What a journal entry's export needs loaded. */
export const JOURNAL_SECTIONS = EXPORT_SECTIONS;

/** Networks whose state the plan changes and that exist now: what the journal saves. */
export function journalNetworks(site: Site, plan: Plan): string[] {
  const live = new Set(managedNetworks(site).map((n) => n.name));
  const out = new Set<string>();
  for (const e of plan.entries) {
    const name = e.network ?? (e.kind === 'network' ? e.label.replace(/^network /, '') : undefined);
    if (name !== undefined && live.has(name)) out.add(name);
  }
  for (const t of plan.touched) if (live.has(t)) out.add(t);
  return [...out].sort();
}

export function recordRevision(connection: Connection, site: Site, plan: Plan, title: string): JournalEntry {
  const networks = journalNetworks(site, plan);
  return saveJournalEntry(connection.paths.journalDir, {
    profile: connection.profile?.name ?? '',
    host: connection.host,
    title,
    touchedNetworks: networks,
    previous: exportSite(site, {networks}),
  });
}

/**
 * What a change made in the console touches: the existing networks whose
 * state it changes (rules, settings, VPN) and the networks it creates. Apply
 * Rules and power actions change no state the journal keeps.
 */
export function changeScope(site: Site, plan: ChangePlan): {touched: string[]; created: string[]; changes: boolean} {
  const live = new Map(managedNetworks(site).map((n) => [n.key, n.name]));
  const names = new Set(live.values());
  const touched = new Set<string>();
  const created = new Set<string>();
  let changes = false;
  const note = (ref: KeyOrRef | undefined) => {
    if (typeof ref === 'number') {
      const name = live.get(ref);
      if (name) touched.add(name);
    } else if (ref && /^network:/.test(ref.ref) && !names.has(ref.ref.slice(8))) created.add(ref.ref.slice(8));
  };
  for (const step of plan.steps) {
    if (step.kind !== 'create' && step.kind !== 'update' && step.kind !== 'delete') continue;
    changes = true;
    note(step.touchesNetwork);
    if (step.table === 'vnets') {
      if (step.kind === 'create' && typeof step.body['name'] === 'string' && !names.has(step.body['name']))
        created.add(step.body['name']);
      if (step.kind !== 'create') note(step.key);
    }
  }
  return {touched: [...touched].sort(), created: [...created].sort(), changes};
}

/**
 * The journal entry for a change made in the console (a form, a key, a
 * wizard), like the one `vseg apply` writes; undefined when the plan changes
 * no state the journal keeps (Apply Rules, power).
 */
export function recordChange(connection: Connection, site: Site, plan: ChangePlan): JournalEntry | undefined {
  const scope = changeScope(site, plan);
  if (!scope.changes) return undefined;
  return saveJournalEntry(connection.paths.journalDir, {
    profile: connection.profile?.name ?? '',
    host: connection.host,
    title: `console: ${plan.title}`,
    touchedNetworks: scope.touched,
    ...(scope.created.length ? {createdNetworks: scope.created} : {}),
    previous: exportSite(site, {networks: scope.touched}),
  });
}

export interface Revert {
  /** Putting back the saved state of the touched networks (and the aliases). */
  plan: Plan;
  /** Networks the change created that are still there: the undo deletes them too. */
  created: Network[];
  /** Those it cannot delete, and why. */
  kept: string[];
}

/** The plan that undoes a revision: its saved export, pruned within the networks it touched, as `vseg rollback` does. */
export function planRevert(site: Site, entry: JournalEntry, verdicts?: DiffOptions['verdicts']): Revert {
  const doc = parseSitefile(entry.previous, `revision ${entry.id}`);
  const plan = diffSite(site, {...doc, partial: true}, {prune: true, source: `revision ${entry.id}`, verdicts});
  const created: Network[] = [];
  const kept: string[] = [];
  for (const name of entry.createdNetworks ?? []) {
    const n = site.networks.find((x) => x.name === name);
    if (!n) continue;
    const blockers = networkDeleteBlockers(n, site);
    if (blockers.length) kept.push(`network ${name} stays: ${blockers.join('; ')}`);
    else created.push(n);
  }
  return {plan, created, kept};
}

/** The calls of a revert: the plan's, then deleting the networks the change created. */
export function revertChangePlan(revert: Revert, secrets: SecretSource, site: Site): ChangePlan {
  const base = planToChangePlan(revert.plan, {secrets});
  return {...base, steps: [...base.steps, ...revert.created.flatMap((n) => deleteNetworkPlan(n, site).steps)]};
}
