// A list answer read one row at a time. `JSON.parse` of a whole answer keeps
// every raw row alive until the last is parsed: at 50,000 rules (28 MB) that
// is ~200 MB of rows V8 promotes to its old generation before any of them can
// go, and it is what set the peak memory of every headless command at
// provider scale. Cut into rows first, each row is parsed, checked and turned
// into what the caller keeps while the next is read, so the raw rows die young.
//
// The cut works on the bytes: JSON's structural characters are ASCII, and no
// byte of a multi-byte UTF-8 sequence is ASCII, so a quote, bracket or comma
// byte is always that character. Anything the cut does not understand is left
// to JSON.parse of the whole text, which gives the error.

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function skipSpace(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c !== SPACE && c !== TAB && c !== LF && c !== CR) break;
    i++;
  }
  return i;
}

/** True when the first character that is not JSON whitespace opens an array. */
export function startsArray(bytes: Uint8Array): boolean {
  return bytes[skipSpace(bytes, 0)] === OPEN_BRACKET;
}

/**
 * The byte ranges [start, end) of the elements of the top-level JSON array in
 * `bytes`, in order; undefined when the text is not one well-formed-looking
 * array (unbalanced, unterminated, trailing text). A range may still hold an
 * element JSON.parse refuses (`[1 2]`): the caller parses each one.
 */
export function arrayElementRanges(bytes: Uint8Array): number[] | undefined {
  const n = bytes.length;
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== OPEN_BRACKET) return undefined;
  i = skipSpace(bytes, i + 1);
  const ranges: number[] = [];
  if (bytes[i] === CLOSE_BRACKET) return skipSpace(bytes, i + 1) === n ? ranges : undefined;
  for (;;) {
    const start = i;
    let depth = 0;
    for (; i < n; i++) {
      const c = bytes[i];
      if (c === QUOTE) {
        i++;
        while (i < n && bytes[i] !== QUOTE) i += bytes[i] === BACKSLASH ? 2 : 1;
        if (i >= n) return undefined;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) break;
        depth--;
      } else if (c === COMMA && depth === 0) break;
    }
    if (i >= n) return undefined;
    ranges.push(start, i);
    if (bytes[i] === COMMA) {
      i++;
      continue;
    }
    if (bytes[i] !== CLOSE_BRACKET) return undefined;
    return skipSpace(bytes, i + 1) === n ? ranges : undefined;
  }
}
