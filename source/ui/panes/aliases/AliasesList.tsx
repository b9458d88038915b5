// The aliases pane: rule aliases (named groups of addresses and ports) with
// their entry count and where each is used; n/e/d create, edit and delete
// (refused while a rule uses the alias, naming the rules).
import {Box} from 'ink';
import {useMemo} from 'react';
import {aliasDeleteRefusal, aliasUsage, deleteAliasPlan, type AliasUse} from '../../../domain/edits/aliases.js';
import type {Alias, Site} from '../../../domain/model.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useReadOnly, useSession, useSite} from '../../data/session.js';
import {NoteLine, PaneTitle} from '../core/DataAge.js';
import {buildPlan, confirmAndRun} from '../core/run-plan.js';
import {notLoadedText} from '../../app/loading.js';

export interface AliasRow {
  alias: Alias;
  uses: AliasUse[];
}

export const ALIAS_SECTIONS = ['aliases', 'rules', 'networks'] as const;

export function aliasRows(site: Site | null): AliasRow[] {
  if (!site) return [];
  return site.aliases.map((alias) => ({alias, uses: aliasUsage(site, alias)}));
}

export function usedByText(uses: readonly AliasUse[]): string {
  if (uses.length === 0) return 'unused';
  const networks = [...new Set(uses.map((u) => u.network))];
  return `${uses.length} rule${uses.length === 1 ? '' : 's'} on ${networks.join(', ')}`;
}

const COLUMNS: readonly Column<AliasRow>[] = [
  {id: 'name', header: 'NAME', format: (r) => r.alias.name, width: 16, minWidth: 8, priority: 0},
  {
    id: 'entries',
    header: 'ENTRIES',
    format: (r) => String(r.alias.entries.length),
    sortValue: (r) => r.alias.entries.length,
    width: 7,
    align: 'right',
    priority: 1,
  },
  {
    id: 'used',
    header: 'USED BY',
    format: (r) => usedByText(r.uses),
    sortValue: (r) => r.uses.length,
    width: 28,
    minWidth: 14,
    priority: 1,
    kind: 'status',
    tone: (r) => (r.uses.length ? 'ok' : 'muted'),
  },
  {
    id: 'value',
    header: 'VALUE',
    format: (r) => r.alias.entries.map((e) => (e.label ? `${e.value} (${e.label})` : e.value)).join(', '),
    width: 24,
    minWidth: 10,
    grow: true,
    priority: 2,
  },
  {id: 'scope', header: 'SCOPE', format: (r) => r.alias.publishingScope, width: 7, priority: 5},
];

export function AliasesList({width, height, filter, active, shell, state}: ViewProps<undefined>) {
  const snapshot = useSite(ALIAS_SECTIONS);
  const session = useSession();
  const readOnly = useReadOnly();
  const site = snapshot.site;
  const rows = useMemo(() => aliasRows(site), [site]);
  const table = useTable({
    width,
    rows,
    columns: COLUMNS,
    height: Math.max(1, height - 2),
    filter,
    rowKey: (r) => String(r.alias.key),
  });
  useTableInput(table);
  const row = table.selected;

  useActionHandler('app.open', () => {
    if (row) shell.push('aliases.detail', {key: row.alias.key});
  });
  useActionHandler('aliases.create', () => shell.push('aliases.form', {}));
  useActionHandler('aliases.edit', () => {
    if (row) shell.push('aliases.form', {key: row.alias.key});
  });
  useActionHandler('aliases.delete', () => {
    if (!row || !site) return;
    if (row.uses.length) return shell.notify('error', aliasDeleteRefusal(row.alias, row.uses));
    const plan = buildPlan(shell, () => deleteAliasPlan(row.alias, site));
    void confirmAndRun(shell, session, plan, {
      title: `Delete alias ${row.alias.name}?`,
      message: `${row.alias.entries.length} entries; no rule uses it.`,
      confirmLabel: 'Delete',
      typeToConfirm: row.alias.name,
      triggerKey: 'd',
      dangerous: true,
    });
  });

  const note = row
    ? [
        row.alias.description,
        row.uses.length
          ? `used by ${row.uses.map((u) => `${u.network}/${u.rule.name}`).join(', ')}`
          : 'not used by any rule',
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  const empty = site
    ? filter
      ? `No alias matches /${filter}`
      : readOnly
        ? 'No aliases on this site'
        : 'No aliases yet (n creates one)'
    : notLoadedText(state, snapshot.error, 'aliases');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle
        width={width}
        active={active}
        snapshot={snapshot}
        parts={[{text: 'aliases', tone: 'title'}, {text: site ? `${site.aliases.length} aliases` : ''}]}
      />
      <Table table={table} width={width} height={Math.max(1, height - 2)} focused={active} emptyText={empty} />
      <NoteLine width={width} text={note} />
    </Box>
  );
}
