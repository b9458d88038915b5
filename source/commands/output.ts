// Headless output: JSON and YAML are stable (keys in the order the command
// builds them, documented in the README); tables fit the terminal width by
// dropping low-priority columns, then truncating the widest. Text from the API
// is sanitised in every format meant for a terminal.
import {safeJson, safeYamlOf} from '../domain/safe-serialise.js';
import {sanitize, textOf} from '../domain/text.js';
import {displayWidth, truncate} from '../domain/text-width.js';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
  /** Lower survives longer on narrow terminals; 0 never drops. */
  priority?: number;
  align?: 'left' | 'right';
  /** Never truncated below this. */
  minWidth?: number;
}

export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], width: number): string {
  return [...tableChunks(rows, columns, width, Number.POSITIVE_INFINITY)].join('');
}

/**
 * The table's text in pieces of up to `linesPerChunk` lines (their
 * concatenation is renderTable's text): a 40,000-row table is written
 * without ever being one 10 MB string, and its lines die a slice at a time.
 */
function* tableChunks<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  width: number,
  linesPerChunk: number,
): Generator<string> {
  const cells = rows.map((row) => columns.map((c) => sanitize(String(c.value(row) ?? ''))));
  let visible = columns.map((_, i) => i);
  // Measured once per column, in a loop: a spread of 100,000 rows overflows the stack.
  const widths_ = columns.map((c, i) =>
    cells.reduce((w, r) => Math.max(w, displayWidth(r[i])), displayWidth(c.header)),
  );
  const widthOf = (i: number) => widths_[i];
  const total = (idx: number[]) => idx.reduce((sum, i) => sum + widthOf(i), 0) + 2 * Math.max(0, idx.length - 1);
  // Drop the highest-priority-number columns first while too wide.
  while (total(visible) > width && visible.length > 1) {
    const droppable = visible.filter((i) => (columns[i].priority ?? 0) > 0);
    if (droppable.length === 0) break;
    const drop = droppable.reduce((a, b) => ((columns[b].priority ?? 0) >= (columns[a].priority ?? 0) ? b : a));
    visible = visible.filter((i) => i !== drop);
  }
  const widths = new Map(visible.map((i) => [i, widthOf(i)]));
  // Still too wide: shrink the widest column, never below its minimum.
  let over = total(visible) - width;
  while (over > 0) {
    const widest = [...widths.entries()].sort((a, b) => b[1] - a[1])[0];
    const floor = Math.max(columns[widest[0]].minWidth ?? 4, 4);
    if (widest[1] <= floor) break;
    const take = Math.min(over, widest[1] - floor);
    widths.set(widest[0], widest[1] - take);
    over -= take;
  }
  const line = (values: string[]) =>
    visible
      .map((i, pos) => {
        const w = widths.get(i)!;
        const v = truncate(values[i], w);
        const pad = ' '.repeat(Math.max(0, w - displayWidth(v)));
        const last = pos === visible.length - 1;
        return columns[i].align === 'right' ? pad + v : last ? v : v + pad;
      })
      .join('  ');
  let chunk: string[] = [line(columns.map((c) => c.header))];
  for (const values of cells) {
    if (chunk.length >= linesPerChunk) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
    chunk.push(line(values));
  }
  yield chunk.join('\n') + '\n';
}

/** Formats of the commands that print a table: `wide` never cuts a cell, `csv` is for spreadsheets and scripts. */
export const TABLE_FORMATS = ['table', 'wide', 'csv', 'json', 'yaml'] as const;

/**
 * The width a table may use: the terminal's, or none at all when stdout is a
 * file or a pipe (a cut value in a file is a lost value) or with -o wide.
 */
export function tableWidth(io: {isTTY: boolean; columns: number}, format: string): number {
  return format === 'wide' || !io.isTTY ? Number.POSITIVE_INFINITY : io.columns;
}

/** RFC 4180: a header line, then one line per row; a field with a comma, quote or line break is quoted. */
export function renderCsv<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const field = (v: unknown) => {
    const s = sanitize(textOf(v));
    return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.map((c) => field(c.header)), ...rows.map((r) => columns.map((c) => field(c.value(r))))]
    .map((l) => l.join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** A table in the format asked for (table, wide or csv). */
export function renderRows<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  io: {isTTY: boolean; columns: number},
  format: string,
): string {
  return format === 'csv' ? renderCsv(rows, columns) : renderTable(rows, columns, tableWidth(io, format));
}

/** Lines per write of writeRows. */
const WRITE_LINES = 2000;

/** renderRows written to the stream a slice of lines at a time (the same text). */
export async function writeRows<Row>(
  stream: NodeJS.WritableStream,
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  io: {isTTY: boolean; columns: number},
  format: string,
): Promise<void> {
  if (format === 'csv') return write(stream, renderCsv(rows, columns));
  for (const chunk of tableChunks(rows, columns, tableWidth(io, format), WRITE_LINES)) await write(stream, chunk);
}

export function renderJson(value: unknown): string {
  return `${safeJson(value)}\n`;
}

export function renderYaml(value: unknown): string {
  return safeYamlOf(value, {lineWidth: 0});
}

/** Text made in pieces, written a bounded amount at a time (what is written can go; nothing holds it all). */
export async function writePieces(
  stream: NodeJS.WritableStream,
  pieces: Iterable<string>,
  chunkChars = 1 << 20,
): Promise<void> {
  let held: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    held.push(piece);
    size += piece.length;
    if (size >= chunkChars) {
      await write(stream, held.join(''));
      held = [];
      size = 0;
    }
  }
  if (held.length > 0) await write(stream, held.join(''));
}

export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', resolve);
  });
}
