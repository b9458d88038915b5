import type {Tone} from '../../theme/tokens.js';

export interface Column<R> {
  id: string;
  header: string;
  /** Cell text. Called only for rows on screen (and for all rows while a filter is typed). Sanitized by the table. */
  format: (row: R) => string;
  /** Sort key; defaults to the formatted text. Numbers sort numerically. */
  sortValue?: (row: R) => string | number;
  /** Preferred width in cells. */
  width: number;
  /** Narrowest acceptable width before the column is dropped instead. */
  minWidth?: number;
  /** Takes the spare width of wide terminals. */
  grow?: boolean;
  /** 0 = never dropped; higher numbers are dropped first on narrow terminals. */
  priority?: number;
  /** Order in which columns give up width when squeezed (higher first); defaults to `priority`. */
  shrink?: number;
  align?: 'left' | 'right';
  /** 'status': the cell shows a tone glyph and is coloured by `tone`. */
  kind?: 'text' | 'status';
  tone?: (row: R) => Tone | undefined;
  sortable?: boolean;
  /** Whether `/` filtering looks at this column (default true). */
  filterable?: boolean;
}

export interface SortState {
  column: string;
  descending: boolean;
}
