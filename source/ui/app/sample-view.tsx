// A static view to exercise the shell end to end (tests, the bench, and the
// console before the real panes exist). Not a pane: no API, no domain types.
import {useActionHandler} from '../actions/bus.js';
import {Table} from '../components/table/Table.js';
import type {Column} from '../components/table/types.js';
import {useTable, useTableInput} from '../components/table/use-table.js';
import {TextView, useTextView, useTextViewInput} from '../components/TextView.js';
import {defineView, type AnyViewDef, type ViewProps} from './views.js';

export interface SampleRow {
  id: string;
  name: string;
  cidr: string;
  rules: number;
  state: 'applied' | 'pending' | 'error';
  description: string;
}

const NAMES = ['web', 'db', 'mgmt', 'dev', 'backup', 'dmz', 'voip', 'iot'];

export function sampleRows(count = 40): SampleRow[] {
  return Array.from({length: count}, (_, i) => ({
    id: String(i + 1),
    name: `${NAMES[i % NAMES.length]}-${String(Math.floor(i / NAMES.length) + 1).padStart(2, '0')}`,
    cidr: `10.${Math.floor(i / 250)}.${i % 250}.0/24`,
    rules: (i * 7) % 23,
    state: i % 11 === 3 ? 'error' : i % 5 === 1 ? 'pending' : 'applied',
    description: `Sample network ${i + 1}`,
  }));
}

const DEFAULT_ROWS = sampleRows(200);

export const SAMPLE_COLUMNS: readonly Column<SampleRow>[] = [
  {id: 'name', header: 'NAME', format: (r) => r.name, width: 18, minWidth: 8, priority: 0},
  {
    id: 'state',
    header: 'STATE',
    format: (r) => r.state,
    width: 10,
    kind: 'status',
    tone: (r) => (r.state === 'error' ? 'danger' : r.state === 'pending' ? 'warning' : 'ok'),
    priority: 1,
  },
  {id: 'cidr', header: 'CIDR', format: (r) => r.cidr, width: 18, priority: 2},
  {
    id: 'rules',
    header: 'RULES',
    format: (r) => String(r.rules),
    sortValue: (r) => r.rules,
    width: 6,
    align: 'right',
    priority: 3,
  },
  {id: 'description', header: 'DESCRIPTION', format: (r) => r.description, width: 24, grow: true, priority: 4},
];

function SampleList({
  width,
  height,
  filter,
  shell,
  active,
  params,
}: ViewProps<{rows?: readonly SampleRow[]} | undefined>) {
  const table = useTable({
    rows: params?.rows ?? DEFAULT_ROWS,
    columns: SAMPLE_COLUMNS,
    height,
    filter,
    rowKey: (r) => r.id,
  });
  useTableInput(table);
  useActionHandler('app.open', () => {
    if (table.selected) shell.push('sample.detail', table.selected);
  });
  useActionHandler('sample.copy', () => {
    if (table.selected) shell.copy(table.selected.name, `name of ${table.selected.name}`);
  });
  useActionHandler('sample.delete', () => {
    const row = table.selected;
    if (!row) return;
    void shell
      .confirm({
        title: `Delete network ${row.name}?`,
        message: 'Its rules are deleted with it.',
        calls: [{method: 'DELETE', path: `/api/v4/vnets/${row.id}`}],
        confirmLabel: 'Delete',
        typeToConfirm: row.name,
        triggerKey: 'd',
        dangerous: true,
      })
      .then((ok) =>
        shell.notify(ok ? 'success' : 'info', ok ? `Sample: would delete ${row.name}` : 'Delete cancelled'),
      );
  });
  useActionHandler('sample.run', () => {
    void shell.run('Sample operation', async (report) => {
      for (const step of ['one', 'two', 'three']) report.step(step, `Step ${step}`);
      for (const step of ['one', 'two', 'three']) {
        report.step(step, `Step ${step}`, 'running');
        await new Promise((resolve) => setTimeout(resolve, 300));
        report.step(step, `Step ${step}`, 'done');
      }
    });
  });
  return (
    <Table
      table={table}
      width={width}
      height={height}
      focused={active}
      emptyText={filter ? `No network matches /${filter}` : 'No networks'}
      rowTone={(r) => (r.state === 'error' ? 'danger' : undefined)}
    />
  );
}

function SampleDetail({params, width, height}: ViewProps<SampleRow>) {
  const lines = Object.entries(params).map(([k, v]) => `${k.padEnd(12)} ${String(v)}`);
  const view = useTextView({lineCount: lines.length, height});
  useTextViewInput(view);
  return <TextView lines={lines} width={width} height={height} offset={view.offset} left={view.left} />;
}

export function createSampleViews(): AnyViewDef[] {
  return [
    defineView<{rows?: readonly SampleRow[]} | undefined>({
      id: 'sample',
      title: 'networks (sample)',
      command: 'sample',
      description: 'Static sample list',
      actions: [
        {
          id: 'sample.delete',
          title: 'Delete',
          description: 'Delete the selected network (sample: sends nothing)',
          keys: ['d'],
          dangerous: true,
          needsConnection: true,
          footer: 2,
          hint: 'delete',
        },
        {
          id: 'sample.copy',
          title: 'Copy name',
          description: 'Copy the selected name to the clipboard',
          keys: ['c'],
          footer: 3,
          hint: 'copy',
        },
        {
          id: 'sample.run',
          title: 'Run demo operation',
          description: 'A three-step operation with progress',
          keys: ['p'],
          mutating: true,
          footer: 4,
          hint: 'run',
        },
      ],
      render: SampleList,
    }),
    defineView<SampleRow>({id: 'sample.detail', title: (row) => `network ${row.name}`, render: SampleDetail}),
  ];
}
