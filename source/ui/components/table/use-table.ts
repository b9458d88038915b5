// State half of the Table (the view is Table.tsx, the keys useTableInput):
// cursor, scroll offset and sort, over rows that are filtered and sorted once
// per data change, never per keystroke.
import {useMemo} from 'react';
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
  /** With rowKey: whenever this key changes, the selection moves to its row (then keys move it as usual). */
  followKey?: string;
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
  /** The followKey the selection last moved to. */
  followed?: string;
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

  // The selection follows its row (by key) through refreshes, sorts and
  // filters: derived here rather than stored, so a render never sets state.
  const current = follow(adopt(state, options.followKey), rows, rowKey);
  const win = clampWindow(current, rows.length, bodyHeight, scrollMargin);

  const commit = (next: ListWindow, sort: SortState | undefined) => {
    setState({
      ...next,
      sort,
      key: rowKey && rows[next.cursor] !== undefined ? rowKey(rows[next.cursor]) : undefined,
      followed: options.followKey,
    });
  };

  const onKey = (event: KeyEvent): boolean => {
    const now = follow(adopt(latest.current, options.followKey), rows, rowKey);
    const move = moveForKey(event.name);
    if (move) {
      const count = rows.length;
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

/** A followKey not yet followed becomes the row the selection is on. */
function adopt(state: State, followKey: string | undefined): State {
  return followKey === undefined || followKey === state.followed
    ? state
    : {...state, key: followKey, followed: followKey};
}

function follow<R>(state: State, rows: readonly R[], rowKey: ((row: R) => string) | undefined): State {
  if (!rowKey || state.key === undefined || !rows.length) return state;
  if (rowKey(rows[Math.min(state.cursor, rows.length - 1)]) === state.key) return state;
  const found = rows.findIndex((r) => rowKey(r) === state.key);
  return found >= 0 ? {...state, cursor: found} : state;
}

/** Navigation and sort keys at the pane layer, gated like every input hook. */
export function useTableInput<R>(table: TableModel<R>, options: {isActive?: boolean} = {}): void {
  useKeys('pane', table.onKey, {isActive: options.isActive});
}
