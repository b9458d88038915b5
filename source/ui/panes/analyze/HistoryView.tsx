// :history — the revision journal of this site, newest first: every change
// made in the console or a wizard and every `vseg apply`/rollback. Enter
// reviews undoing the selected one (its saved state, as a plan); u, from any
// view, reviews undoing the last.
import {Box} from 'ink';
import {useMemo} from 'react';
import {listJournal, type JournalSummary} from '../../../store/journal.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useSession} from '../../data/session.js';
import {NoteLine} from '../core/DataAge.js';
import type {PlanParams} from './PlanView.js';

const COLUMNS: Column<JournalSummary>[] = [
  {id: 'time', header: 'WHEN', width: 19, priority: 0, format: (e) => e.time.replace('T', ' ').slice(0, 19)},
  {id: 'title', header: 'CHANGE', width: 40, minWidth: 16, grow: true, priority: 0, format: (e) => e.title},
  {
    id: 'networks',
    header: 'NETWORKS',
    width: 24,
    minWidth: 10,
    priority: 1,
    format: (e) => e.touchedNetworks.join(', '),
  },
  {id: 'id', header: 'REVISION', width: 30, priority: 2, format: (e) => e.id},
];

/** This site's revisions, newest first (ids sort by time; the recorded time breaks ties within a second). */
export function siteRevisions(dir: string, host: string | undefined): JournalSummary[] {
  if (host === undefined) return [];
  return listJournal(dir, {host}).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}

export function HistoryView({width, height, filter, active, shell, state}: ViewProps<undefined>) {
  const session = useSession();
  const host = session.connection?.host;
  // Re-read whenever the console's state changes (a change just made is listed at once).
  const rows = useMemo(() => siteRevisions(session.paths.journalDir, host), [session, host, state]);
  const table = useTable({width, rows, columns: COLUMNS, height: Math.max(1, height - 1), filter, rowKey: (e) => e.id});
  useTableInput(table);
  useActionHandler('app.open', () => {
    if (table.selected) shell.push('analyze.plan', {revision: table.selected.id} satisfies PlanParams);
  });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Table
        table={table}
        width={width}
        height={Math.max(1, height - 1)}
        focused={active}
        emptyText={host ? 'No change recorded for this site yet' : 'Not connected: the journal is kept per site'}
      />
      <NoteLine
        width={width}
        text="Enter reviews undoing the selected change; u reviews undoing the last one (from any view)"
      />
    </Box>
  );
}
