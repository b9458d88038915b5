import type {Column} from './types.js';

export const MARKER_WIDTH = 2;
export const GAP = 1;

export interface PlacedColumn<R> {
  column: Column<R>;
  width: number;
}

// A column shrinks only if it says how far; otherwise it is dropped whole
// rather than squeezed into something unreadable.
const minOf = <R>(c: Column<R>) => Math.min(c.width, Math.max(1, c.minWidth ?? c.width));

/**
 * Chooses which columns fit `width` (dropping the highest `priority` numbers
 * first) and how wide each is. Display order is the declaration order.
 */
export function layoutColumns<R>(columns: readonly Column<R>[], width: number): PlacedColumn<R>[] {
  const room = Math.max(0, width - MARKER_WIDTH);
  const byPriority = columns
    .map((column, index) => ({column, index}))
    .sort((a, b) => (a.column.priority ?? 0) - (b.column.priority ?? 0) || a.index - b.index);
  const chosen: {column: Column<R>; index: number}[] = [];
  let needed = 0;
  for (const entry of byPriority) {
    const cost = minOf(entry.column) + (chosen.length ? GAP : 0);
    // Strictly by priority: once one does not fit, the less important ones go too.
    if (chosen.length && needed + cost > room) break;
    chosen.push(entry);
    needed += cost;
  }
  chosen.sort((a, b) => a.index - b.index);
  const placed = chosen.map(({column}) => ({column, width: column.width}));
  const gaps = Math.max(0, placed.length - 1) * GAP;
  let excess = placed.reduce((sum, p) => sum + p.width, 0) + gaps - room;
  // Too wide: shrink the least important columns first, down to their minimum.
  const order = (c: Column<R>) => c.shrink ?? c.priority ?? 0;
  const shrinkOrder = [...placed].sort((a, b) => order(b.column) - order(a.column));
  for (const p of shrinkOrder) {
    if (excess <= 0) break;
    const give = Math.min(excess, p.width - minOf(p.column));
    p.width -= give;
    excess -= give;
  }
  // Still too wide (a single essential column on a tiny terminal): cut the last ones.
  for (let i = placed.length - 1; i >= 0 && excess > 0; i--) {
    const give = Math.min(excess, placed[i].width);
    placed[i].width -= give;
    excess -= give;
  }
  // Spare room goes to the growing columns.
  const growers = placed.filter((p) => p.column.grow);
  if (excess < 0 && growers.length) {
    const spare = -excess;
    growers.forEach((p, i) => {
      p.width += Math.floor(spare / growers.length) + (i < spare % growers.length ? 1 : 0);
    });
  }
  return placed.filter((p) => p.width > 0);
}
