import {Text} from 'ink';
import {describe, expect, test} from 'vitest';
import {KeyRouterProvider} from '../../source/ui/keys/context.js';
import {layoutColumns} from '../../source/ui/components/table/layout.js';
import {filterRows, sortRows} from '../../source/ui/components/table/rows.js';
import {Table} from '../../source/ui/components/table/Table.js';
import type {Column} from '../../source/ui/components/table/types.js';
import {useTable, useTableInput} from '../../source/ui/components/table/use-table.js';
import {clampWindow, moveWindow} from '../../source/ui/components/table/window.js';
import {frameSize, renderTui, stripAnsi} from './harness.js';

interface Row {
  id: number;
  name: string;
  cidr: string;
  note: string;
}

const rows = (n: number): Row[] =>
  Array.from({length: n}, (_, i) => ({
    id: i,
    name: `net-${String(i).padStart(6, '0')}`,
    cidr: `10.${i % 250}.0.0/16`,
    note: `note ${i}`,
  }));

const columns = (count = {n: 0}): Column<Row>[] => [
  {id: 'name', header: 'NAME', format: (r) => (count.n++, r.name), width: 14, priority: 0},
  {id: 'cidr', header: 'CIDR', format: (r) => (count.n++, r.cidr), width: 16, priority: 1},
  {
    id: 'id',
    header: 'ID',
    format: (r) => (count.n++, String(r.id)),
    sortValue: (r) => r.id,
    width: 8,
    align: 'right',
    priority: 2,
  },
  {id: 'note', header: 'NOTE', format: (r) => (count.n++, r.note), width: 40, minWidth: 12, grow: true, priority: 5},
];

function TableHarness({
  data,
  cols,
  height,
  width,
  filter,
}: {
  data: readonly Row[];
  cols: Column<Row>[];
  height: number;
  width: number;
  filter?: string;
}) {
  const table = useTable({rows: data, columns: cols, height, filter});
  useTableInput(table);
  return (
    <>
      <Table table={table} width={width} height={height} />
      <Text>{`cursor=${table.cursor} offset=${table.offset} selected=${table.selected?.name ?? '-'}`}</Text>
    </>
  );
}

const mount = (
  data: readonly Row[],
  opts: {cols?: Column<Row>[]; height?: number; width?: number; filter?: string} = {},
) =>
  renderTui(
    <KeyRouterProvider>
      <TableHarness
        data={data}
        cols={opts.cols ?? columns()}
        height={opts.height ?? 10}
        width={opts.width ?? 80}
        filter={opts.filter}
      />
    </KeyRouterProvider>,
    {columns: opts.width ?? 80, rows: 40},
  );

describe('window math', () => {
  test('keeps a scroll margin around the cursor', () => {
    let w = {cursor: 0, offset: 0};
    for (let i = 0; i < 8; i++) w = moveWindow(w, 'down', 100, 10, 2);
    expect(w).toEqual({cursor: 8, offset: 1});
    w = moveWindow(w, 'last', 100, 10, 2);
    expect(w).toEqual({cursor: 99, offset: 90});
    for (let i = 0; i < 8; i++) w = moveWindow(w, 'up', 100, 10, 2);
    expect(w).toEqual({cursor: 91, offset: 89});
    expect(clampWindow({cursor: 50, offset: 0}, 5, 10, 2)).toEqual({cursor: 4, offset: 0});
    expect(clampWindow({cursor: 3, offset: 0}, 0, 10, 2)).toEqual({cursor: 0, offset: 0});
  });
});

describe('columns', () => {
  test('drop by priority on narrow terminals and fill the width exactly', () => {
    const at80 = layoutColumns(columns(), 80);
    expect(at80.map((p) => p.column.id)).toEqual(['name', 'cidr', 'id', 'note']);
    expect(at80.reduce((n, p) => n + p.width, 0) + (at80.length - 1) + 2).toBe(80);
    expect(layoutColumns(columns(), 42).map((p) => p.column.id)).toEqual(['name', 'cidr', 'id']);
    expect(layoutColumns(columns(), 41).map((p) => p.column.id)).toEqual(['name', 'cidr']);
    expect(layoutColumns(columns(), 30).map((p) => p.column.id)).toEqual(['name']);
    // A column that declares a minimum shrinks before anything is dropped.
    const shrinking = columns().map((c) => (c.id === 'cidr' ? {...c, minWidth: 10} : c));
    const at36 = layoutColumns(shrinking, 36);
    expect(at36.map((p) => [p.column.id, p.width])).toEqual([
      ['name', 14],
      ['cidr', 10],
      ['id', 8],
    ]);
    // The one essential column is cut to fit a tiny terminal.
    expect(layoutColumns(columns(), 10)).toEqual([{column: expect.objectContaining({id: 'name'}), width: 8}]);
  });

  test('at 80 columns a low-priority column is dropped and the frame stays 80 wide', async () => {
    const wide: Column<Row>[] = [
      {id: 'name', header: 'NAME', format: (r) => r.name, width: 20, priority: 0},
      {id: 'cidr', header: 'CIDR', format: (r) => r.cidr, width: 20, priority: 1},
      {id: 'note', header: 'NOTE', format: (r) => r.note, width: 30, priority: 2},
      {id: 'extra', header: 'EXTRA', format: () => 'x', width: 20, priority: 9},
    ];
    const tui = mount(rows(5), {cols: wide, height: 6});
    const frame = await tui.waitFor('NAME');
    expect(frame).not.toContain('EXTRA');
    expect(frame).toContain('NOTE');
    expect(frameSize(frame).widest).toBeLessThanOrEqual(80);
    tui.unmount();
  });
});

describe('sort and filter', () => {
  test('sorts numerically and stably, either way', () => {
    const data = [
      {...rows(1)[0], id: 10, name: 'b'},
      {...rows(1)[0], id: 9, name: 'a'},
      {...rows(1)[0], id: 10, name: 'c'},
    ];
    expect(sortRows(data, columns(), {column: 'id', descending: false}).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(sortRows(data, columns(), {column: 'id', descending: true}).map((r) => r.name)).toEqual(['b', 'c', 'a']);
    expect(sortRows(data, columns(), undefined)).toBe(data);
  });

  test('filters case-insensitively over filterable columns', () => {
    const data = rows(30);
    expect(filterRows(data, columns(), 'NET-000012').map((r) => r.id)).toEqual([12]);
    expect(filterRows(data, columns(), '10.3.').map((r) => r.id)).toEqual([3]);
    const noNote = columns().map((c) => (c.id === 'note' ? {...c, filterable: false} : c));
    expect(filterRows(data, noNote, 'note 5')).toEqual([]);
  });

  test('o cycles the sort column, O reverses, the header shows the direction', async () => {
    const tui = mount(rows(30), {height: 8});
    await tui.waitFor('NAME');
    tui.press('o');
    await tui.waitFor('NAME▲');
    tui.press('o', 'o');
    await tui.waitFor((f) => /ID▲/.test(stripAnsi(f)));
    tui.press('O');
    const frame = await tui.waitFor((f) => stripAnsi(f).includes('ID▼'));
    expect(stripAnsi(frame)).toMatch(/› net-000029/);
    tui.unmount();
  });
});

describe('windowed rendering', () => {
  test('100 000 rows: only the visible rows are formatted, on mount and on every move', async () => {
    const count = {n: 0};
    const cols = columns(count);
    const tui = mount(rows(100_000), {cols, height: 12});
    await tui.waitFor('net-000000');
    const perFrame = 11 * cols.length;
    expect(count.n).toBeGreaterThan(0);
    expect(count.n).toBeLessThanOrEqual(perFrame * 2);
    count.n = 0;
    tui.press('G');
    await tui.waitFor('net-099999');
    tui.press('pageUp');
    await tui.waitFor('cursor=99989');
    expect(count.n).toBeLessThanOrEqual(perFrame * 2);
    tui.unmount();
  });

  test('never taller than its height, one line per row, never wider than its width', async () => {
    const tui = mount(rows(50), {height: 7, width: 60});
    const frame = await tui.waitFor('cursor=0');
    const lines = stripAnsi(frame).split('\n');
    expect(lines.indexOf('cursor=0 offset=0 selected=net-000000')).toBe(7);
    expect(lines.slice(1, 7).map((l) => l.slice(2, 12))).toEqual([
      'net-000000',
      'net-000001',
      'net-000002',
      'net-000003',
      'net-000004',
      'net-000005',
    ]);
    for (const line of lines.slice(0, 7)) expect(line.length).toBeLessThanOrEqual(60);
    tui.unmount();
  });

  test('j/k, PgDn/PgUp, g/G and Home/End move the cursor inside the window', async () => {
    const tui = mount(rows(100), {height: 11});
    await tui.waitFor('cursor=0');
    tui.press('j', 'j', 'down');
    await tui.waitFor('cursor=3 offset=0');
    tui.press('pageDown');
    await tui.waitFor('cursor=12 offset=9');
    tui.press('k', 'up');
    // Two rows of margin above the cursor scroll the window back by one.
    await tui.waitFor('cursor=10 offset=8');
    tui.press('G');
    await tui.waitFor('cursor=99 offset=90');
    tui.press('g');
    await tui.waitFor('cursor=0 offset=0');
    tui.press('end');
    await tui.waitFor('cursor=99');
    tui.press('home');
    const frame = await tui.waitFor('cursor=0 offset=0');
    expect(stripAnsi(frame)).toContain('› net-000000');
    tui.unmount();
  });

  test('wide and emoji characters are truncated to the column', async () => {
    const data = [{id: 1, name: '网络网络网络网络网络', cidr: '🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥', note: 'x'}];
    const tui = mount(data, {height: 3, width: 60});
    const frame = await tui.waitFor('cursor=0');
    const lines = stripAnsi(frame).split('\n').slice(0, 3);
    const stringWidth = (await import('string-width')).default;
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    expect(lines[1]).toContain('…');
    tui.unmount();
  });

  test('an empty list shows its empty text', async () => {
    const tui = mount(rows(10), {height: 5, filter: 'nothing-matches'});
    const frame = await tui.waitFor('Nothing to show');
    expect(stripAnsi(frame)).toContain('selected=-');
    tui.unmount();
  });
});
