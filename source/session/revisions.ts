// The revision journal entry written before a site-file plan is applied, from
// the console (:plan) or the command line (apply, rollback): what the touched
// networks and the aliases looked like before, so `vseg rollback` can restore it.
import type {Site} from '../domain/model.js';
import type {Plan} from '../domain/plan/index.js';
import {exportSite, managedNetworks} from '../domain/sitefile/index.js';
import {saveJournalEntry, type JournalEntry} from '../store/journal.js';
import type {Connection} from './connection.js';

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
