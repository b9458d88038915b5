// Pure view of a windowed table: renders the header and only the rows inside
// the window, one line each, exactly `width` cells wide and never taller than
// `height`.
import {Box, Text} from 'ink';
import {memo, useContext, useMemo} from 'react';
import {useActionHandler} from '../../actions/bus.js';
import {ShellContext} from '../../app/shell-api.js';
import {sanitize} from '../../../domain/text.js';
import {useTheme} from '../../theme/context.js';
import type {Theme} from '../../theme/theme.js';
import type {Tone} from '../../theme/tokens.js';
import {displayWidth, fit} from '../../../domain/text-width.js';
import {GAP, layoutColumns, MARKER_WIDTH, type PlacedColumn} from './layout.js';
import type {TableModel} from './use-table.js';
import type {Column, SortState} from './types.js';

export interface TableProps<R> {
  table: TableModel<R>;
  width: number;
  height: number;
  emptyText?: string;
  rowTone?: (row: R) => Tone | undefined;
  /** Selection drawn in inverse only while the table has focus; the marker always shows. */
  focused?: boolean;
}

interface Span {
  text: string;
  tone?: Tone;
}

function cellSpan<R>(row: R, placed: PlacedColumn<R>, theme: Theme): Span {
  const {column, width} = placed;
  const raw = sanitize(column.format(row));
  if (column.kind !== 'status') return {text: fit(raw, width, column.align, theme.glyphs.ellipsis)};
  const tone = column.tone?.(row);
  // Tone glyphs are one cell wide; fitting the ASCII part alone keeps the fast path.
  const glyph = tone ? theme.glyphs.tone[tone] : ' ';
  if (width < 2) return {text: fit(glyph, width), tone};
  return {text: `${glyph} ${fit(raw, width - 2, column.align, theme.glyphs.ellipsis)}`, tone};
}

/** The row as text to copy: every non-empty cell, whole, separated by tabs. */
export function rowText<R>(columns: readonly Column<R>[], row: R): string {
  return columns
    .filter((c) => c.kind !== 'status' && c.filterable !== false)
    .map((c) => c.format(row).trim())
    .filter((t) => t !== '')
    .join('\t');
}

function headerText<R>(
  placed: readonly PlacedColumn<R>[],
  sort: SortState | undefined,
  theme: Theme,
  width: number,
  hidden?: string,
): string {
  const cells = placed.map(({column, width: w}) => {
    const sorted = sort?.column === column.id;
    const mark = sorted ? (sort.descending ? theme.glyphs.sortDesc : theme.glyphs.sortAsc) : '';
    const title = sanitize(column.header) + mark;
    // The sort mark survives a narrow column: the header gives way, not the mark.
    if (mark && displayWidth(title) > w && w > 1)
      return fit(fit(sanitize(column.header), w - 1, 'left', theme.glyphs.ellipsis) + mark, w, column.align);
    return fit(title, w, column.align, theme.glyphs.ellipsis);
  });
  const line = ' '.repeat(MARKER_WIDTH) + cells.join(' '.repeat(GAP));
  // Sorted by a column the width left out: say so at the end of the header.
  if (sort && !placed.some((p) => p.column.id === sort.column) && hidden) {
    const note = ` sorted by ${sanitize(hidden)}${sort.descending ? theme.glyphs.sortDesc : theme.glyphs.sortAsc}`;
    if (displayWidth(note) < width) return fit(line, width - displayWidth(note)) + note;
  }
  return fit(line, width);
}

interface RowLineProps {
  spans: Span[];
  /** Cells used by the marker, the spans and the gaps (the spans are fitted to their columns). */
  used: number;
  rowTone?: Tone;
  /** The cursor row: gets the marker glyph, which survives NO_COLOR and FORCE_COLOR=0. */
  cursor: boolean;
  /** Also drawn in the selection style (inverse + bold). */
  selected: boolean;
  width: number;
  marker: string;
}

// Memoised: a cursor move re-renders the two rows whose marker changed, not the window.
const RowLine = memo(function RowLine({spans, used, rowTone, cursor, selected, width, marker}: RowLineProps) {
  const theme = useTheme();
  const lead = cursor ? fit(marker, MARKER_WIDTH) : ' '.repeat(MARKER_WIDTH);
  const tail = ' '.repeat(Math.max(0, width - used));
  if (selected) {
    return (
      <Text wrap="truncate-end" {...theme.style('selection')}>
        {lead + spans.map((s) => s.text).join(' '.repeat(GAP)) + tail}
      </Text>
    );
  }
  // Cells of one tone share a <Text>; each tone run is its own node. Ink
  // measures every text node on every frame, and a line with one glyph in
  // it loses string-width's ASCII fast path for the whole line.
  const runs: Span[] = [{text: lead, tone: rowTone}];
  spans.forEach((s, i) => {
    const tone = rowTone ?? s.tone;
    const text = (i ? ' '.repeat(GAP) : '') + s.text;
    const last = runs[runs.length - 1];
    if (last.tone === tone) last.text += text;
    else runs.push({text, tone});
  });
  runs[runs.length - 1].text += tail;
  return (
    <Box height={1} width={width}>
      {runs.map((run, i) => (
        <Text key={i} wrap="truncate-end" {...(run.tone ? theme.style(run.tone) : {})}>
          {run.text}
        </Text>
      ))}
    </Box>
  );
});

/** The cells of each row, formatted once per row object (a memo, not state). */
class SpanCache<R> {
  private readonly cache = new WeakMap<object, Span[]>();

  constructor(
    private readonly placed: readonly PlacedColumn<R>[],
    private readonly theme: Theme,
  ) {}

  of(row: R): Span[] {
    if (typeof row !== 'object' || row === null) return this.compute(row);
    let spans = this.cache.get(row);
    if (!spans) this.cache.set(row, (spans = this.compute(row)));
    return spans;
  }

  private compute(row: R): Span[] {
    return this.placed.map((p) => cellSpan(row, p, this.theme));
  }
}

export function Table<R>({
  table,
  width,
  height,
  emptyText = 'Nothing to show',
  rowTone,
  focused = true,
}: TableProps<R>) {
  const theme = useTheme();
  const shell = useContext(ShellContext);
  const placed = useMemo(() => layoutColumns(table.columns, width), [table.columns, width]);
  // y: the selected row, every cell whole (not as cut to fit), one tab between them.
  useActionHandler(
    'app.copy',
    () => {
      const row = table.selected;
      if (!row || !shell) return;
      const text = rowText(table.columns, row);
      if (text) shell.copy(text, 'the selected row', {show: true});
    },
    {isActive: focused && table.selected !== undefined},
  );
  // A row's cells depend on the row, the columns and the theme: formatted once,
  // not on every cursor move (rows are objects rebuilt when the data changes).
  const spans = useMemo(() => new SpanCache(placed, theme), [placed, theme]);
  const sortHeader = table.columns.find((c) => c.id === table.sort?.column)?.header;
  const header = useMemo(
    () => headerText(placed, table.sort, theme, width, sortHeader),
    [placed, table.sort, theme, width, sortHeader],
  );
  if (height <= 0 || width <= 0) return null;
  const body = Math.max(0, height - 1);
  const visible = table.rows.slice(table.offset, table.offset + body);
  const used = MARKER_WIDTH + placed.reduce((n, p) => n + p.width, 0) + Math.max(0, placed.length - 1) * GAP;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style('title')}>
        {header}
      </Text>
      {table.rows.length === 0 && body > 0 ? (
        <Text wrap="truncate-end" {...theme.style('muted')}>
          {fit(' '.repeat(MARKER_WIDTH) + sanitize(emptyText), width)}
        </Text>
      ) : (
        visible.map((row, i) => (
          <RowLine
            key={table.offset + i}
            spans={spans.of(row)}
            used={used}
            rowTone={rowTone?.(row)}
            cursor={table.offset + i === table.cursor}
            selected={focused && table.offset + i === table.cursor}
            width={width}
            marker={theme.glyphs.marker}
          />
        ))
      )}
    </Box>
  );
}
