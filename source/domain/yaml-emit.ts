// A YAML writer for plain data (maps with string keys, arrays, strings, finite
// numbers, booleans, null) that writes the same bytes as the `yaml` library's
// Document.toString({lineWidth: 0, indentSeq: true}) after safe-serialise's
// quoting, several times faster: the library builds a node per value and a
// context object per pair, which at provider scale (50,000 rules, a million
// nodes) took 1.4 s of a 2.5 s export. The style rules below are the
// library's (yaml 2.x, stringify/stringifyString.js, stringifyPair.js,
// stringifyCollection.js), restated for the one configuration vseg prints.
//
// Strings with a line break are written as the library writes them as a map
// value or sequence item: a literal block scalar (|, |-, |+), or double quotes
// with the line breaks folded in when the string holds a control or ends in a
// line of blanks. Shapes whose output the library decides with more machinery
// (a line break in a key or inside a one-line {…} map; keys over 1,024
// characters: explicit keys; anything not plain data; a bare scalar as the
// document) are declined: emitYaml returns undefined and the caller writes that
// document with the library, so every document still reads the same. One
// deliberate difference: a top-level key starting with U+FEFF is quoted,
// which the library leaves plain and its reader then drops as a byte-order mark.
import {Document} from 'yaml';

export interface EmitOptions {
  /** Double-quote map values that YAML 1.1 readers take for booleans (y, yes, on, off, ...). */
  readonly yaml11Booleans?: boolean;
  /** Whether a map is written on one line ({ a: b }), from its keys (those with a defined value). */
  readonly flowMap?: (keys: readonly string[]) => boolean;
}

// The characters safe-serialise writes as \uXXXX: DEL, C1, bidi and line separators.
const RAW = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// A string is double-quoted when it holds a control the library double-quotes itself
// (C0 but tab and newline, DEL, C1, an unpaired surrogate) or one safe-serialise adds (bidi, separators).
const FORCE_DOUBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\u{D800}-\u{DFFF}]/u;
// Not plain in any position: a leading indicator, '-'/'?' alone or before a blank,
// ': ' or ' #' inside, a trailing blank or ':' (stringifyString.js, plainString).
const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;
// Inside a flow collection ({ ... }) these end a plain scalar.
const FLOW_INDICATOR = /[[\]{},]/;
// A line that would read as a directive or document marker.
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;
const YAML11_BOOL = /^(?:y|yes|n|no|on|off|true|false)$/i;

/**
 * Strings that would read back as another type (null, bool, int, float) under
 * the library's default schema: taken from the schema itself, so the test is
 * the one the library applies before writing a string plain.
 */
const OTHER_TYPE: RegExp = (() => {
  const sources: string[] = [];
  for (const tag of new Document().schema.tags) {
    if (!tag.default || tag.tag === 'tag:yaml.org,2002:str' || !tag.test) continue;
    if (tag.test.flags !== '') throw new Error(`yaml tag ${tag.tag} has a test with flags: ${tag.test.flags}`);
    sources.push(`(?:${tag.test.source})`);
  }
  return new RegExp(sources.join('|'));
})();

class Declined extends Error {}

const escapeRaw = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

// JSON's \u escapes as YAML's short forms where the library uses them (doubleQuotedString).
function yamlEscape(_all: string, code: string | undefined, other: string | undefined): string {
  if (code === undefined) return `\\${other}`;
  switch (code) {
    case '0000':
      return '\\0';
    case '0007':
      return '\\a';
    case '000b':
      return '\\v';
    case '001b':
      return '\\e';
    default:
      return code.startsWith('00') ? `\\x${code.slice(2)}` : `\\u${code}`;
  }
}

function doubleQuoted(s: string): string {
  let json = JSON.stringify(s);
  // Each match is one escape pair, so an escaped backslash followed by "u" stays text.
  if (json.includes('\\u')) json = json.replace(/\\(?:u([0-9a-f]{4})|([^u]))/g, yamlEscape);
  return json.replace(RAW, escapeRaw);
}

/**
 * Double quotes for a string with line breaks at `indent` (doubleQuotedString
 * in the library): a blank before a line break is escaped, and from 40
 * characters of JSON on, each line break but one at the very end is written as
 * a real one (a quoted scalar folds a single line break into a space, so one
 * break takes two), the next line indented.
 */
function doubleQuotedLines(s: string, indent: string): string {
  const json = JSON.stringify(s);
  const fold = json.length >= 40;
  let out = '';
  let from = 0;
  for (let i = 0; i < json.length; i++) {
    if (json[i] === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      out += `${json.slice(from, i)}\\ `;
      from = ++i;
    }
    if (json[i] !== '\\') continue;
    const next = json[i + 1];
    if (next === 'u') {
      out += json.slice(from, i) + yamlEscape('', json.slice(i + 2, i + 6), undefined);
      i += 5;
      from = i + 1;
    } else if (next === 'n' && fold && json[i + 2] !== '"') {
      out += `${json.slice(from, i)}\n\n`;
      while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
        out += '\n';
        i += 2;
      }
      // A blank at the start of the next line would be folded away: escaped.
      out += json[i + 2] === ' ' ? `${indent}\\` : indent;
      i++;
      from = i + 1;
    } else i++;
  }
  return (out + json.slice(from)).replace(RAW, escapeRaw);
}

// Line breaks before more blanks at the end of a block scalar, which need the indent after them.
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/**
 * A string with line breaks as a literal block scalar at `indent` (blockString
 * in the library, which picks literal over folded when lines are not limited):
 * the chomping indicator keeps the trailing line breaks exact, an indentation
 * indicator says where a first line that starts with blanks begins.
 */
function blockLiteral(s: string, indent: string): string {
  // Blanks after the last line break cannot end a block scalar.
  if (/\n[\t ]+$/.test(s)) return doubleQuotedLines(s, indent);
  let end = s.length;
  while (end > 0 && (s[end - 1] === '\n' || s[end - 1] === '\t' || s[end - 1] === ' ')) end--;
  let body = s.slice(0, end);
  let tail = s.slice(end);
  const tailBreak = tail.indexOf('\n');
  const chomp = tailBreak === -1 ? '-' : body === '' || tailBreak !== tail.length - 1 ? '+' : '';
  if (tail !== '') {
    if (tail.endsWith('\n')) tail = tail.slice(0, -1);
    tail = tail.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startsWithBlank = false;
  let lead = 0;
  let lastLeadBreak = -1;
  for (; lead < body.length; lead++) {
    if (body[lead] === ' ') startsWithBlank = true;
    else if (body[lead] === '\n') lastLeadBreak = lead;
    else break;
  }
  let head = body.substring(0, lastLeadBreak < lead ? lastLeadBreak + 1 : lead);
  if (head !== '') {
    body = body.substring(head.length);
    head = head.replace(/\n+/g, `$&${indent}`);
  }
  return `|${startsWithBlank ? '2' : ''}${chomp}\n${indent}${head}${body.replace(/\n+/g, `$&${indent}`)}${tail}`;
}

function quoted(s: string): string {
  // Single quotes only when that saves escaping a double quote (quotedString with singleQuote: null).
  return s.includes('"') && !s.includes("'") ? `'${s}'` : doubleQuoted(s);
}

const enum Role {
  Key,
  RootKey,
  Value,
  Item,
}

class Emitter {
  private readonly yaml11: boolean;
  private readonly flowMap: (keys: readonly string[]) => boolean;
  // Keys repeat on every rule: their text is worked out once per position.
  private readonly keyCache = [new Map<string, string>(), new Map<string, string>(), new Map<string, string>()];
  private readonly newlines: string[] = [];
  private readonly indents: string[] = [];
  // The text in pieces, joined a few thousand at a time into chunks, and the
  // chunks once at the end: concatenating a million small strings one by one
  // leaves a tree of as many string nodes for the collector, and one array of
  // every piece would hold millions of slots.
  private readonly out: string[] = [];
  private readonly chunks: string[] = [];

  constructor(options: EmitOptions) {
    this.yaml11 = options.yaml11Booleans ?? false;
    this.flowMap = options.flowMap ?? (() => false);
  }

  string(s: string, role: Role, inFlow: boolean, depth: number): string {
    if (s.includes('\n')) {
      // In a key or a one-line map the library quotes and folds line breaks its own way: declined.
      if (role === Role.Key || role === Role.RootKey || inFlow) throw new Declined();
      const indent = (this.indents[depth] ??= '  '.repeat(depth));
      return FORCE_DOUBLE.test(s) ? doubleQuotedLines(s, indent) : blockLiteral(s, indent);
    }
    if (FORCE_DOUBLE.test(s)) return doubleQuoted(s);
    if (role === Role.Value && this.yaml11 && YAML11_BOOL.test(s)) return doubleQuoted(s);
    if ((inFlow && FLOW_INDICATOR.test(s)) || NOT_PLAIN.test(s) || OTHER_TYPE.test(s)) return quoted(s);
    // A key of the top-level map sits at column 0, where '---' or '...' would end the document
    // and a leading U+FEFF would be read as a byte-order mark and dropped (the library writes
    // that one plain and loses it: the one place this writer differs from it on purpose).
    if (role === Role.RootKey && (DOCUMENT_MARKER.test(s) || s.startsWith('\ufeff'))) return quoted(s);
    return s;
  }

  key(k: string, role: Role.Key | Role.RootKey, inFlow: boolean): string {
    const cache = this.keyCache[inFlow ? 2 : role === Role.RootKey ? 1 : 0];
    let text = cache.get(k);
    if (text === undefined) {
      text = this.string(k, role, inFlow, 0);
      // Past 1,024 characters the library writes an explicit key (? key).
      if (!inFlow && text.length > 1024) throw new Declined();
      if (cache.size < 4096) cache.set(k, text);
    }
    return text;
  }

  /** A scalar's text; `depth` is the indent of a block scalar's lines. */
  scalar(v: unknown, role: Role, inFlow: boolean, depth: number): string {
    switch (typeof v) {
      case 'string':
        return this.string(v, role, inFlow, depth);
      case 'number':
        if (!Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v < 0 ? '-.inf' : '.inf';
        return Object.is(v, -0) ? '-0' : JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'undefined': // an array's undefined is null, as in the library (a map's is left out)
        return 'null';
      case 'object':
        if (v === null) return 'null';
        break;
    }
    throw new Declined();
  }

  /** The keys of a plain object whose value is defined, or undefined for an array. */
  entries(v: object): Array<[string, unknown]> | undefined {
    if (Array.isArray(v)) return undefined;
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new Declined();
    const out: Array<[string, unknown]> = [];
    for (const k of Object.keys(v)) {
      const value = (v as Record<string, unknown>)[k];
      if (value !== undefined) out.push([k, value]);
    }
    return out;
  }

  /** A value inside a flow collection. */
  flow(v: unknown, role: Role): void {
    if (typeof v !== 'object' || v === null) {
      this.out.push(this.scalar(v, role, true, 0));
      return;
    }
    const entries = this.entries(v);
    if (entries !== undefined) {
      this.flowPairs(entries);
      return;
    }
    const items = v as unknown[];
    if (items.length === 0) {
      this.out.push('[]');
      return;
    }
    this.out.push('[ ');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.out.push(', ');
      this.flow(items[i], Role.Item);
    }
    this.out.push(' ]');
  }

  flowPairs(entries: Array<[string, unknown]>): void {
    if (entries.length === 0) {
      this.out.push('{}');
      return;
    }
    this.out.push('{ ');
    for (let i = 0; i < entries.length; i++) {
      const [k, value] = entries[i];
      this.out.push(i > 0 ? ', ' : '', this.key(k, Role.Key, true), ': ');
      this.flow(value, Role.Value);
    }
    this.out.push(' }');
  }

  /** A line break and the indent of `depth` levels, made once per depth. */
  newline(depth: number): string {
    return (this.newlines[depth] ??= `\n${'  '.repeat(depth)}`);
  }

  /**
   * A value in block context whose own lines are `depth` levels in. A scalar
   * or a one-line collection follows its key or dash after a space; a block
   * collection's first line follows `lead` (a line break after a key, a space
   * after a sequence dash, nothing at the top of the document).
   */
  block(v: unknown, role: Role, depth: number, lead: string): void {
    const out = this.out;
    if (out.length >= 8192) {
      this.chunks.push(out.join(''));
      out.length = 0;
    }
    if (typeof v !== 'object' || v === null) {
      out.push(' ', this.scalar(v, role, false, depth));
      return;
    }
    const entries = this.entries(v);
    if (entries === undefined) {
      const items = v as unknown[];
      if (items.length === 0) {
        out.push(' ', '[]');
        return;
      }
      for (let i = 0; i < items.length; i++) {
        out.push(i === 0 ? lead : this.newline(depth), '-');
        this.block(items[i], Role.Item, depth + 1, ' ');
      }
      return;
    }
    if (entries.length === 0 || this.flowMap(entries.map((e) => e[0]))) {
      out.push(' ');
      this.flowPairs(entries);
      return;
    }
    // Only the top-level map's keys start at column 0.
    const keyRole = depth === 0 ? Role.RootKey : Role.Key;
    const inner = this.newline(depth + 1);
    for (let i = 0; i < entries.length; i++) {
      const [k, value] = entries[i];
      out.push(i === 0 ? lead : this.newline(depth), this.key(k, keyRole, false), ':');
      this.block(value, Role.Value, depth + 1, inner);
    }
  }

  /** The whole document: a collection at column 0. */
  document(v: unknown): string {
    if (typeof v !== 'object' || v === null) throw new Declined();
    this.block(v, Role.Item, 0, '');
    this.out.push('\n');
    this.chunks.push(this.out.join(''));
    const text = this.chunks.join('');
    // An empty or one-line collection comes after a space, which the top level does without
    // (a block collection starts with a key or a dash, never a space).
    return text.startsWith(' ') ? text.slice(1) : text;
  }
}

/**
 * The YAML text of plain data, as the yaml library writes it with {lineWidth: 0,
 * indentSeq: true} once safe-serialise has double-quoted (and \u-escaped) the
 * strings holding controls, or undefined for a document this writer declines
 * (see the file comment): the caller then writes it with the library.
 */
export function emitYaml(value: unknown, options: EmitOptions = {}): string | undefined {
  try {
    return new Emitter(options).document(value);
  } catch (err) {
    if (err instanceof Declined) return undefined;
    throw err;
  }
}
