// Cursor and scroll offset of a windowed list: the cursor stays inside the
// window with `margin` rows of context above and below it where possible.

export interface ListWindow {
  cursor: number;
  offset: number;
}

export function clampWindow(win: ListWindow, count: number, height: number, margin: number): ListWindow {
  if (count <= 0 || height <= 0) return {cursor: 0, offset: 0};
  const cursor = Math.min(Math.max(0, win.cursor), count - 1);
  const maxOffset = Math.max(0, count - height);
  const m = Math.max(0, Math.min(margin, Math.floor((height - 1) / 2)));
  let offset = Math.min(Math.max(0, win.offset), maxOffset);
  if (cursor < offset + m) offset = cursor - m;
  if (cursor > offset + height - 1 - m) offset = cursor - height + 1 + m;
  return {cursor, offset: Math.min(Math.max(0, offset), maxOffset)};
}

export type Move = 'down' | 'up' | 'pageDown' | 'pageUp' | 'first' | 'last';

export function moveWindow(win: ListWindow, move: Move, count: number, height: number, margin: number): ListWindow {
  const page = Math.max(1, height - 1);
  const target = {
    down: win.cursor + 1,
    up: win.cursor - 1,
    pageDown: win.cursor + page,
    pageUp: win.cursor - page,
    first: 0,
    last: count - 1,
  }[move];
  // A page move scrolls the window along with the cursor, like less(1).
  const offset = move === 'pageDown' ? win.offset + page : move === 'pageUp' ? win.offset - page : win.offset;
  return clampWindow({cursor: target, offset}, count, height, margin);
}

const MOVES: Record<string, Move> = {
  j: 'down',
  down: 'down',
  k: 'up',
  up: 'up',
  pageDown: 'pageDown',
  pageUp: 'pageUp',
  g: 'first',
  home: 'first',
  G: 'last',
  end: 'last',
};

export function moveForKey(name: string): Move | undefined {
  return MOVES[name];
}
