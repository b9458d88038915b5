// Splits a list at top-level separators, leaving quoted text ('…' or "…",
// with backslash escapes), (…) and […] groups intact, so
// `upper(name),datetime(created,'%Y, %m'),machine[most,nics[most]]` yields three items.
import {invalidArgument} from '../errors.js';

export function splitTopLevel(text: string, separator = ','): string[] {
  const out: string[] = [];
  const closers: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') closers.push(')');
    else if (ch === '[') closers.push(']');
    else if (ch === ')' || ch === ']') {
      if (closers.pop() !== ch) throw invalidArgument(`unbalanced '${ch}'`);
    } else if (ch === separator && closers.length === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) throw invalidArgument('unterminated quote');
  if (closers.length > 0) throw invalidArgument(`missing '${closers[closers.length - 1]}'`);
  out.push(text.slice(start));
  return out;
}

/** Index of the last top-level occurrence of `word` surrounded by spaces, or -1. */
export function lastTopLevelWord(text: string, word: string): number {
  let depth = 0;
  let quote: string | null = null;
  let found = -1;
  const lower = text.toLowerCase();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (
      depth === 0 &&
      /\s/.test(ch) &&
      lower.startsWith(word, i + 1) &&
      /\s/.test(text[i + 1 + word.length] ?? '')
    ) {
      found = i;
    }
  }
  return found;
}
