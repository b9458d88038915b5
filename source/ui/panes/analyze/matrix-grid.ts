// The matrix grid without React: column and row label widths for the room
// there is, the window of rows and columns that keeps the cursor in view,
// cursor moves, and the services worth cycling through.
import type {Site} from '../../../domain/model.js';
import {compileSite, formatService, servicesMentioned, type MatrixNode} from '../../../policy/index.js';
import {shortLabels} from '../../../policy/present.js';

export interface Cursor {
  row: number;
  col: number;
}

export interface GridWindow {
  firstRow: number;
  firstCol: number;
}

export interface GridLayout {
  rowWidth: number;
  colWidth: number;
  rowLabels: string[];
  colLabels: string[];
  visibleRows: number;
  visibleCols: number;
}

/** Lines the view spends around the grid: title, header, cell line, legend, names. */
export const GRID_CHROME = 5;
/** Cursor marker and space before a row label. */
export const MARK_WIDTH = 2;

export function gridLayout(names: readonly string[], width: number, height: number): GridLayout {
  const n = names.length;
  const longest = Math.max(1, ...names.map((x) => [...x].length));
  const rowWidth = Math.min(longest, 14, Math.max(4, Math.floor(width / 4)));
  // Less the scroll marks: ‹ before the first column, " ›" after the last.
  const room = Math.max(1, width - MARK_WIDTH - rowWidth - 1 - 2);
  // Every column on screen when it can be read (3 cells at least), else a window of them.
  const colWidth = Math.max(3, Math.min(longest, 8, Math.floor(room / Math.max(1, n)) - 1));
  const visibleCols = Math.max(1, Math.min(n, Math.floor((room + 1) / (colWidth + 1))));
  const visibleRows = Math.max(1, Math.min(n, height - GRID_CHROME));
  return {
    rowWidth,
    colWidth,
    rowLabels: shortLabels(names, rowWidth),
    colLabels: shortLabels(names, colWidth),
    visibleRows,
    visibleCols,
  };
}

/** Keeps the cursor inside the window, moving the window as little as possible. */
export function follow(win: GridWindow, cursor: Cursor, layout: GridLayout, count: number): GridWindow {
  const clamp = (first: number, at: number, visible: number) =>
    Math.max(0, Math.min(Math.max(0, count - visible), Math.min(at, Math.max(first, at - visible + 1))));
  return {
    firstRow: clamp(win.firstRow, cursor.row, layout.visibleRows),
    firstCol: clamp(win.firstCol, cursor.col, layout.visibleCols),
  };
}

const MOVES: Record<string, (c: Cursor, n: number, page: number) => Cursor> = {
  h: (c) => ({...c, col: c.col - 1}),
  left: (c) => ({...c, col: c.col - 1}),
  l: (c) => ({...c, col: c.col + 1}),
  right: (c) => ({...c, col: c.col + 1}),
  k: (c) => ({...c, row: c.row - 1}),
  up: (c) => ({...c, row: c.row - 1}),
  j: (c) => ({...c, row: c.row + 1}),
  down: (c) => ({...c, row: c.row + 1}),
  pageUp: (c, _n, page) => ({...c, row: c.row - page}),
  pageDown: (c, _n, page) => ({...c, row: c.row + page}),
  g: (c) => ({...c, row: 0}),
  home: (c) => ({...c, col: 0}),
  G: (c, n) => ({...c, row: n - 1}),
  end: (c, n) => ({...c, col: n - 1}),
  '0': (c) => ({...c, col: 0}),
  $: (c, n) => ({...c, col: n - 1}),
};

/** The cursor after a key, or undefined when the key is not a grid move. */
export function moveCursor(cursor: Cursor, key: string, count: number, page: number): Cursor | undefined {
  const move = MOVES[key];
  if (!move || count === 0) return undefined;
  const next = move(cursor, count, page);
  const clamp = (v: number) => Math.max(0, Math.min(count - 1, v));
  return {row: clamp(next.row), col: clamp(next.col)};
}

/** `any`, then every service a rule mentions (protocol and destination ports), as text. */
export function serviceChoices(site: Site): string[] {
  const cs = compileSite(site);
  const mentioned = servicesMentioned(cs.index, site.rules).map(formatService);
  return [
    'any',
    ...[...new Set(mentioned)].filter((s) => s !== 'any').sort((a, b) => a.localeCompare(b, 'en', {numeric: true})),
  ];
}

/** What a matrix node stands for in a what-if. */
export function nodeRef(node: Pick<MatrixNode, 'key' | 'name'>): string {
  return node.key === null ? 'outside' : `net:${node.name}`;
}
