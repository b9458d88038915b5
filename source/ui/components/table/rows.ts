import {sanitize} from '../../../domain/text.js';
import type {Column, SortState} from './types.js';

// Created on first sort, not at start-up.
let collator: Intl.Collator | undefined;

export function sortRows<R>(
  rows: readonly R[],
  columns: readonly Column<R>[],
  sort: SortState | undefined,
): readonly R[] {
  const column = sort && columns.find((c) => c.id === sort.column);
  if (!sort || !column) return rows;
  const key = column.sortValue ?? column.format;
  const keyed = rows.map((row, index) => ({row, index, value: key(row)}));
  const dir = sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    const x = a.value;
    const y = b.value;
    const c =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : (collator ??= new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'})).compare(
            String(x),
            String(y),
          );
    return c * dir || a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

/** Case-insensitive substring match over the filterable columns' text. */
export function filterRows<R>(rows: readonly R[], columns: readonly Column<R>[], filter: string): readonly R[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return rows;
  const searched = columns.filter((c) => c.filterable !== false);
  return rows.filter((row) => searched.some((c) => sanitize(c.format(row)).toLowerCase().includes(needle)));
}
