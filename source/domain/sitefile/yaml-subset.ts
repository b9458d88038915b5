// A reader for the plain subset of YAML that site files are written in —
// what `vseg export` writes and what people write by hand: block maps and
// sequences, one-line scalars (plain, single- or double-quoted), one-line
// flow maps and sequences of scalars, comments. The `yaml` library reads
// everything (it is the reference, see yaml-read.ts) but builds a full
// document model first: 3 s and hundreds of MB for an exported site of
// 50,000 rules. This reads the same 8.7 MB in a tenth of the time.
//
// It is strict in one direction: anything it does not fully understand —
// block scalars, multi-line scalars, anchors, aliases, tags, directives,
// document markers, tabs, complex or typed keys, nested flow collections,
// duplicate keys, anything the reference would refuse — makes it decline
// (undefined), and the reference reads the text instead. So it never accepts
// a text the reference refuses, and what it accepts reads as the reference
// reads it (test/sitefile/yaml-read.test.ts holds it to both).

/** Deepest nesting read here; deeper documents go to the reference. */
const MAX_DEPTH = 64;

class Decline extends Error {}
const decline = (): never => {
  throw new Decline();
};

// The YAML 1.2 core schema's plain scalars, as the reference resolves them.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
// Starts a number or a special float: only then are the patterns above tried.
const MAYBE_NUMBER = /^[-+.0-9]/;

function resolvePlain(text: string): unknown {
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (!MAYBE_NUMBER.test(text)) return text;
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_SPECIAL.test(text))
    return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

// Characters that cannot start a plain scalar here (some could, followed by a non-space; declined alike).
const PLAIN_START_REFUSED = /^[-?:,[\]{}#&*!|>'"%@`]/;
// Raw characters declined anywhere: controls (tab included), DEL, C1, BOM, and the non-characters.

// (Line feeds and the carriage returns of CRLF line ends are the line breaks.)
const RAW_REFUSED = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ufffe\uffff]/;
const LONE_CR = /\r(?!\n)/;

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\x0b',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = {x: 2, u: 4, U: 8};

/** A double-quoted scalar starting at s[at]; returns its value and the index after the closing quote. */
function doubleQuoted(s: string, at: number): [string, number] {
  let out = '';
  let i = at + 1;
  for (;;) {
    const close = s.indexOf('"', i);
    const slash = s.indexOf('\\', i);
    if (close < 0) decline(); // continues on the next line: folded, declined
    if (slash >= 0 && slash < close) {
      out += s.slice(i, slash);
      const c = s[slash + 1];
      const hex = HEX_LENGTH[c];
      if (hex !== undefined) {
        const digits = s.slice(slash + 2, slash + 2 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) decline();
        const code = parseInt(digits, 16);
        if (code > 0x10ffff) decline();
        out += String.fromCodePoint(code);
        i = slash + 2 + hex;
      } else {
        const e = ESCAPES[c];
        if (e === undefined) decline();
        out += e;
        i = slash + 2;
      }
      continue;
    }
    out += s.slice(i, close);
    return [out, close + 1];
  }
}

/** A single-quoted scalar starting at s[at] ('' is a quote). */
function singleQuoted(s: string, at: number): [string, number] {
  let out = '';
  let i = at + 1;
  for (;;) {
    const q = s.indexOf("'", i);
    if (q < 0) decline();
    out += s.slice(i, q);
    if (s[q + 1] === "'") {
      out += "'";
      i = q + 2;
      continue;
    }
    return [out, q + 1];
  }
}

/** Only spaces, or spaces and a comment, from `at` to the end. */
function restIsEmpty(s: string, at: number): boolean {
  let i = at;
  while (s[i] === ' ') i++;
  return i === s.length || (s[i] === '#' && i > at);
}

/** A plain scalar's text in block context: up to a comment, trimmed; declined where YAML would read more. */
function blockPlain(s: string): string {
  const hash = s.indexOf(' #');
  const text = trimSpaces(hash >= 0 ? s.slice(0, hash) : s);
  if (text === '' || PLAIN_START_REFUSED.test(text) || text.includes(': ') || text.endsWith(':')) decline();
  return text;
}

/** One flow item or key: a quoted or plain scalar, ending at `,`, `}` or `]` (or `: ` for a key). */
function flowScalar(s: string, at: number, key: boolean): [unknown, number] {
  let i = at;
  while (s[i] === ' ') i++;
  if (s[i] === '"' || s[i] === "'") {
    const [v, end] = s[i] === '"' ? doubleQuoted(s, i) : singleQuoted(s, i);
    return [v, end];
  }
  let j = i;
  while (j < s.length && !',[]{}#'.includes(s[j]) && !(s[j] === ':' && (s[j + 1] === ' ' || s[j + 1] === undefined)))
    j++;
  if (s[j] === '#') decline();
  if (s[j] === ':' && !key) decline();
  const text = trimSpaces(s.slice(i, j));
  if (text === '' || PLAIN_START_REFUSED.test(text) || text.includes(': ')) decline();
  const value = resolvePlain(text);
  if (key && typeof value !== 'string') decline();
  return [value, j];
}

/** A one-line flow map or sequence of scalars starting at s[at]; the index after it. */
function flowCollection(s: string, at: number): [unknown, number] {
  const isMap = s[at] === '{';
  const close = isMap ? '}' : ']';
  let i = at + 1;
  while (s[i] === ' ') i++;
  if (s[i] === close) return [isMap ? {} : [], i + 1];
  const map: Record<string, unknown> = {};
  const list: unknown[] = [];
  for (;;) {
    if (isMap) {
      const [k, afterKey] = flowScalar(s, i, true);
      let j = afterKey;
      while (s[j] === ' ') j++;
      if (s[j] !== ':' || (s[j + 1] !== ' ' && s[j + 1] !== undefined)) decline();
      const key = k as string;
      if (Object.hasOwn(map, key) || key === '__proto__') decline();
      const [v, afterValue] = flowScalar(s, j + 1, false);
      map[key] = v;
      i = afterValue;
    } else {
      const [v, after] = flowScalar(s, i, false);
      list.push(v);
      i = after;
    }
    while (s[i] === ' ') i++;
    if (s[i] === close) return [isMap ? map : list, i + 1];
    if (s[i] !== ',') decline();
    i++;
    while (s[i] === ' ') i++;
    if (s[i] === close) decline(); // a trailing comma: declined
  }
}

/** A value written on the same line as its key or dash. */
function inlineValue(s: string): unknown {
  const c = s[0];
  let value: unknown;
  let end: number;
  if (c === '"') [value, end] = doubleQuoted(s, 0);
  else if (c === "'") [value, end] = singleQuoted(s, 0);
  else if (c === '{' || c === '[') [value, end] = flowCollection(s, 0);
  else return resolvePlain(blockPlain(s));
  if (!restIsEmpty(s, end)) decline();
  return value;
}

interface Line {
  indent: number;
  text: string;
}

class Reader {
  /** Where the next unread line starts. */
  private pos = 0;
  /** The current content line, once read (lines are read one at a time: 8.7 MB hold 700,000 of them). */
  private current: Line | null = null;
  constructor(private readonly text: string) {}

  /** The current content line (blank and comment lines skipped); undefined at the end. */
  private line(): Line | undefined {
    if (this.current) return this.current;
    const text = this.text;
    while (this.pos < text.length) {
      let end = text.indexOf('\n', this.pos);
      if (end < 0) end = text.length;
      const start = this.pos;
      this.pos = end + 1;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      let i = start;
      while (i < stop && text.charCodeAt(i) === 32) i++;
      if (i === stop || text.charCodeAt(i) === 35) continue; // blank, or a comment
      let last = stop;
      while (last > i && text.charCodeAt(last - 1) === 32) last--;
      const body = text.slice(i, last);
      if (i === start && (body.startsWith('---') || body.startsWith('...') || body[0] === '%')) decline();
      this.current = {indent: i - start, text: body};
      return this.current;
    }
    return undefined;
  }

  private advance(): void {
    this.current = null;
  }

  done(): boolean {
    return this.line() === undefined;
  }

  /** The first content line, for the checks on where a document starts. */
  first(): Line | undefined {
    return this.line();
  }

  /** The block whose first line is the current one, at exactly `indent`. */
  block(indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) decline();
    const line = this.line()!;
    return isDash(line.text) ? this.sequence(indent, depth) : this.map(indent, depth);
  }

  private sequence(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    while (!this.done()) {
      const line = this.line()!;
      if (line.indent < indent) break;
      if (line.indent > indent) decline();
      if (!isDash(line.text)) break; // the parent map's next key (a sequence not indented under its key)
      let rest = line.text.slice(1);
      const pad = leadingSpaces(rest);
      rest = rest.slice(pad);
      if (rest === '' || rest[0] === '#' || isDash(rest)) decline();
      const column = indent + 1 + pad;
      if (startsMapEntry(rest)) {
        // `- key: value`: a map whose first key is on the dash's line.
        this.current = {indent: column, text: rest};
        out.push(this.map(column, depth + 1));
      } else {
        out.push(inlineValue(rest));
        this.advance();
        this.noContinuation(indent);
      }
    }
    return out;
  }

  private map(indent: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (!this.done()) {
      const line = this.line()!;
      if (line.indent < indent) break;
      if (line.indent > indent || isDash(line.text)) decline();
      const [key, afterKey] = mapKey(line.text);
      if (Object.hasOwn(out, key)) decline();
      const rest = line.text.slice(afterKey + leadingSpaces(line.text.slice(afterKey)));
      this.advance();
      if (rest === '' || rest[0] === '#') {
        out[key] = this.nested(indent, depth);
      } else {
        out[key] = inlineValue(rest);
        this.noContinuation(indent);
      }
    }
    return out;
  }

  /** The value of a key written on the lines below it: a deeper block, a sequence at the key's indent, or null. */
  private nested(indent: number, depth: number): unknown {
    if (this.done()) return null;
    const next = this.line()!;
    if (next.indent > indent) return this.block(next.indent, depth + 1);
    if (next.indent === indent && isDash(next.text)) return this.sequence(indent, depth + 1);
    return null;
  }

  /** A line more indented than its scalar's line would continue it (a multi-line scalar): declined. */
  private noContinuation(indent: number): void {
    const next = this.line();
    if (next && next.indent > indent) decline();
  }
}

// YAML's white space is the space (tabs are declined): String's trim would also eat U+00A0, U+2028…
function trimSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return s.slice(0, end);
}

function leadingSpaces(s: string): number {
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

function isDash(text: string): boolean {
  return text[0] === '-' && (text.length === 1 || text[1] === ' ');
}

/** The key of a block map entry and the index after its `:`. */
function mapKey(text: string): [string, number] {
  let key: string;
  let i: number;
  if (text[0] === '"' || text[0] === "'") {
    [key, i] = text[0] === '"' ? doubleQuoted(text, 0) : singleQuoted(text, 0);
  } else {
    i = text.indexOf(':');
    while (i >= 0 && text[i + 1] !== ' ' && text[i + 1] !== undefined) i = text.indexOf(':', i + 1);
    if (i < 0) decline();
    key = text.slice(0, i);
    if (key === '' || key !== trimSpaces(key) || key[0] === ' ' || PLAIN_START_REFUSED.test(key) || key.includes(' #'))
      decline();
    // A key the schema would read as null, a boolean or a number becomes another string there: declined.
    if (typeof resolvePlain(key) !== 'string') decline();
  }
  if (text[i] !== ':' || (text[i + 1] !== ' ' && text[i + 1] !== undefined)) decline();
  if (key === '__proto__' || key.length > 1024) decline();
  return [key, i + 1];
}

function startsMapEntry(text: string): boolean {
  if (text[0] === '"' || text[0] === "'" || text[0] === '{' || text[0] === '[') {
    // A quoted key is followed by `: `; a quoted or flow value is not (declined below if it is odd).
    try {
      const end = text[0] === '"' ? doubleQuoted(text, 0)[1] : text[0] === "'" ? singleQuoted(text, 0)[1] : -1;
      return end > 0 && text[end] === ':' && (text[end + 1] === ' ' || text[end + 1] === undefined);
    } catch {
      return false;
    }
  }
  const hash = text.indexOf(' #');
  const body = hash >= 0 ? text.slice(0, hash) : text;
  return /:(?: |$)/.test(body);
}

/** The data of a text in the subset; undefined when the text is not in it (then ask the reference). */
export function readYamlSubset(text: string): {value: unknown} | undefined {
  if (RAW_REFUSED.test(text) || LONE_CR.test(text)) return undefined;
  const reader = new Reader(text);
  try {
    const first = reader.first();
    if (!first || first.indent !== 0 || isDash(first.text)) return undefined;
    const value = reader.block(0, 0);
    return reader.done() ? {value} : undefined;
  } catch (error) {
    if (error instanceof Decline) return undefined;
    throw error;
  }
}
