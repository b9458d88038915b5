// State half of the Table (the view is Table.tsx, the keys useTableInput):
// cursor, scroll offset and sort, over rows that are filtered and sorted once
// per data change, never per keystroke.
import {useMemo, useRef} from 'react';
import {useKeys} from '../../keys/context.js';
import type {KeyEvent} from '../../keys/names.js';
import {layoutColumns} from './layout.js';
import {filterRows, sortRows} from './rows.js';
import type {Column, SortState} from './types.js';
import {clampWindow, moveForKey, moveWindow, type ListWindow} from './window.js';
import {useSyncState} from '../use-sync-state.js';

export interface UseTableOptions<R> {
  rows: readonly R[];
  columns: readonly Column<R>[];
  /** Height of the whole table including its header line. */
  height: number;
  filter?: string;
  initialSort?: SortState;
  /** Keeps the selection on the same row across refreshes, sorts and filters. */
  rowKey?: (row: R) => string;
  scrollMargin?: number;
  /** The table's width: `o` then cycles through the columns on screen only (a hidden one would sort invisibly). */
  width?: number;
}

export interface TableModel<R> {
  columns: readonly Column<R>[];
  /** Rows after filter and sort, in display order. */
  rows: readonly R[];
  /** Row count before the filter. */
  total: number;
  cursor: number;
  offset: number;
  sort: SortState | undefined;
  selected: R | undefined;
  /** Rows the body can show (height minus the header). */
  bodyHeight: number;
  onKey: (event: KeyEvent) => boolean;
  select: (index: number) => void;
}

interface State extends ListWindow {
  sort: SortState | undefined;
  key?: string;
}

export function useTable<R>(options: UseTableOptions<R>): TableModel<R> {
  const {columns, rowKey, scrollMargin = 2} = options;
  const bodyHeight = Math.max(0, options.height - 1);
  const [state, setState, latest] = useSyncState<State>({cursor: 0, offset: 0, sort: options.initialSort});
  const filtered = useMemo(
    () => filterRows(options.rows, columns, options.filter ?? ''),
    [options.rows, columns, options.filter],
  );
  const rows = useMemo(() => sortRows(filtered, columns, state.sort), [filtered, columns, state.sort]);

  let current: State = state;
  if (
    rowKey &&
    state.key !== undefined &&
    rows.length &&
    rowKey(rows[Math.min(state.cursor, rows.length - 1)]) !== state.key
  ) {
    const found = rows.findIndex((r) => rowKey(r) === state.key);
    if (found >= 0) {
      current = {...state, cursor: found};
      setState(current);
    }
  }
  const win = clampWindow(current, rows.length, bodyHeight, scrollMargin);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const commit = (next: ListWindow, sort: SortState | undefined) => {
    const shown = rowsRef.current;
    setState({
      ...next,
      sort,
      key: rowKey && shown[next.cursor] !== undefined ? rowKey(shown[next.cursor]) : undefined,
    });
  };

  const onKey = (event: KeyEvent): boolean => {
    const now = latest.current;
    const move = moveForKey(event.name);
    if (move) {
      const count = rowsRef.current.length;
      commit(
        moveWindow(clampWindow(now, count, bodyHeight, scrollMargin), move, count, bodyHeight, scrollMargin),
        now.sort,
      );
      return true;
    }
    const shown =
      options.width === undefined ? undefined : new Set(layoutColumns(columns, options.width).map((p) => p.column.id));
    const sortable = columns.filter((c) => c.sortable !== false && (!shown || shown.has(c.id)));
    if (event.name === 'o' && sortable.length) {
      const at = sortable.findIndex((c) => c.id === now.sort?.column);
      const next = sortable[(at + 1) % sortable.length];
      // With a row key the selection follows its row into the new order.
      commit(rowKey ? now : {cursor: 0, offset: 0}, {column: next.id, descending: false});
      return true;
    }
    if (event.name === 'O' && now.sort) {
      commit(rowKey ? now : {cursor: 0, offset: 0}, {...now.sort, descending: !now.sort.descending});
      return true;
    }
    return false;
  };

  return {
    columns,
    rows,
    total: options.rows.length,
    cursor: win.cursor,
    offset: win.offset,
    sort: current.sort,
    selected: rows[win.cursor],
    bodyHeight,
    onKey,
    select: (index) =>
      commit(clampWindow({cursor: index, offset: win.offset}, rows.length, bodyHeight, scrollMargin), current.sort),
  };
}

/** Navigation and sort keys at the pane layer, gated like every input hook. */
export function useTableInput<R>(table: TableModel<R>, options: {isActive?: boolean} = {}): void {
  useKeys('pane', table.onKey, {isActive: options.isActive});
}
