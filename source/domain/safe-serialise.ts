// JSON and YAML meant for stdout carry API text, and both writers leave some
// controls raw: JSON.stringify escapes C0 only, the YAML writer neither C1 nor
// bidi controls. U+009B is CSI on terminals that take 8-bit controls, so a
// network description could still move the cursor or clear the screen of
// whoever runs `vseg get -o json`. Every serialised document vseg prints goes
// through here: the same characters, escaped the way each format allows, so
// the data reads back unchanged.
import {Document, Scalar, isMap, isPair, isScalar, isSeq, type ToStringOptions} from 'yaml';
import {emitYaml} from './yaml-emit.js';

// DEL, C1 controls, bidi and line/paragraph separators: what neither writer escapes.
const RAW = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Plus the C0 controls the YAML writer handles only in a double-quoted scalar.
const NEEDS_QUOTES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON.stringify, with every control and bidi character escaped as \uXXXX (valid JSON, same value). */
export function safeJson(value: unknown, space: number | undefined = 2): string {
  // Outside strings JSON is ASCII: every match is inside a string, where \uXXXX is the same character.
  return JSON.stringify(value, null, space).replace(RAW, escape);
}

/** Where a scalar sits: a map's key, a map's value, or a sequence item (or the document itself). */
export type ScalarRole = 'key' | 'value' | 'item';

/**
 * Every scalar of a YAML tree, with its role. A plain walk, not yaml's
 * visit(): that one copies the path at every level, which costs seconds on a
 * document of 50,000 rules.
 */
export function eachScalar(node: unknown, fn: (scalar: Scalar, role: ScalarRole) => void): void {
  const stack: Array<{node: unknown; role: ScalarRole}> = [{node, role: 'item'}];
  while (stack.length > 0) {
    const {node: n, role} = stack.pop()!;
    if (isScalar(n)) fn(n, role);
    else if (isMap(n) || isSeq(n)) for (const item of n.items) stack.push({node: item, role: 'item'});
    else if (isPair(n)) {
      stack.push({node: n.value, role: 'value'});
      stack.push({node: n.key, role: 'key'});
    }
  }
}

/** Writes a string scalar double-quoted when it holds a control or bidi character (see safeYaml). */
export function quoteControls(scalar: Scalar): void {
  if (typeof scalar.value === 'string' && NEEDS_QUOTES.test(scalar.value)) scalar.type = Scalar.QUOTE_DOUBLE;
}

/** The text of a document whose control-holding scalars are already double-quoted: the escapes only. */
export function escapedYamlText(doc: Document, options: ToStringOptions = {}): string {
  return doc.toString(options).replace(RAW, escape);
}

/**
 * A YAML document as text, with every string that holds a control or bidi
 * character written double-quoted, where \uXXXX escapes are read back as the
 * character (in plain or block scalars they would be literal text).
 */
export function safeYaml(doc: Document, options: ToStringOptions = {}): string {
  eachScalar(doc.contents, quoteControls);
  return escapedYamlText(doc, options);
}

/** safeYaml of a plain value, written by the yaml library. */
export function safeYamlOfWithLibrary(value: unknown, options: ToStringOptions = {}): string {
  return safeYaml(new Document(value, {aliasDuplicateObjects: false}), options);
}

/**
 * safeYaml of a plain value. With {lineWidth: 0} (what vseg prints) the fast
 * writer in yaml-emit.ts gives the same text; other options, and documents
 * it declines, go through the library.
 */
export function safeYamlOf(value: unknown, options: ToStringOptions = {}): string {
  const keys = Object.keys(options);
  const fast =
    options.lineWidth === 0 && keys.every((k) => k === 'lineWidth' || (k === 'indentSeq' && options.indentSeq));
  return (fast ? emitYaml(value) : undefined) ?? safeYamlOfWithLibrary(value, options);
}
