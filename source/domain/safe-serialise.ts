// JSON and YAML meant for stdout carry API text, and both writers leave some
// controls raw: JSON.stringify escapes C0 only, the YAML writer neither C1 nor
// bidi controls. U+009B is CSI on terminals that take 8-bit controls, so a
// network description could still move the cursor or clear the screen of
// whoever runs `vseg get -o json`. Every serialised document vseg prints goes
// through here: the same characters, escaped the way each format allows, so
// the data reads back unchanged.
import {Document, Scalar, visit, type ToStringOptions} from 'yaml';

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

/**
 * A YAML document as text, with every string that holds a control or bidi
 * character written double-quoted, where \uXXXX escapes are read back as the
 * character (in plain or block scalars they would be literal text).
 */
export function safeYaml(doc: Document, options: ToStringOptions = {}): string {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && NEEDS_QUOTES.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString(options).replace(RAW, escape);
}

/** safeYaml of a plain value. */
export function safeYamlOf(value: unknown, options: ToStringOptions = {}): string {
  return safeYaml(new Document(value, {aliasDuplicateObjects: false}), options);
}
