// Single-line text editing shared by the filter, the command line, forms and
// dialogs: readline-style keys, grapheme-aware cursor.
import type {KeyEvent} from '../keys/names.js';

export interface LineState {
  value: string;
  /** Cursor position in UTF-16 units, always on a grapheme boundary. */
  cursor: number;
}

// Created on first use: building one costs milliseconds at start-up.
let segmenter: Intl.Segmenter | undefined;

export const lineAt = (value: string): LineState => ({value, cursor: value.length});

function boundaries(value: string): number[] {
  const out = [...(segmenter ??= new Intl.Segmenter()).segment(value)].map((s) => s.index);
  out.push(value.length);
  return out;
}

const prevBoundary = (value: string, at: number) =>
  boundaries(value)
    .filter((b) => b < at)
    .pop() ?? 0;
const nextBoundary = (value: string, at: number) => boundaries(value).find((b) => b > at) ?? value.length;

/** Typed or pasted text: control characters never enter a field; line breaks become spaces. */
export function cleanInput(text: string): string {
  return text.replace(/\r\n|[\r\n\t]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

export function insertText(state: LineState, text: string): LineState {
  const clean = cleanInput(text);
  return {
    value: state.value.slice(0, state.cursor) + clean + state.value.slice(state.cursor),
    cursor: state.cursor + clean.length,
  };
}

/** Applies an editing key; undefined when the key is not an editing key. */
export function editLine(state: LineState, event: KeyEvent): LineState | undefined {
  const {value, cursor} = state;
  switch (event.name) {
    case 'left':
      return {value, cursor: prevBoundary(value, cursor)};
    case 'right':
      return {value, cursor: nextBoundary(value, cursor)};
    case 'home':
    case 'ctrl+a':
      return {value, cursor: 0};
    case 'end':
    case 'ctrl+e':
      return {value, cursor: value.length};
    case 'backspace':
    case 'ctrl+h': {
      const from = prevBoundary(value, cursor);
      return {value: value.slice(0, from) + value.slice(cursor), cursor: from};
    }
    case 'delete':
    case 'ctrl+d':
      return {value: value.slice(0, cursor) + value.slice(nextBoundary(value, cursor)), cursor};
    case 'ctrl+u':
      return {value: value.slice(cursor), cursor: 0};
    case 'ctrl+k':
      return {value: value.slice(0, cursor), cursor};
    case 'ctrl+w': {
      const before = value.slice(0, cursor).replace(/\S+\s*$/, '');
      return {value: before + value.slice(cursor), cursor: before.length};
    }
    default:
      if (event.text && !event.ctrl && !event.meta) return insertText(state, event.text);
      return undefined;
  }
}
