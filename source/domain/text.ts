// Text that came from the API is untrusted: a network named "\x1b]52;c;…\x07"
// could rewrite the operator's clipboard or screen. Everything shown in a
// terminal goes through sanitize(), which makes control characters visible
// instead of letting them act.

// C0 controls (except none), DEL, C1 controls, and Unicode format/bidi controls
// that can reorder what the operator reads (Trojan Source).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function visible(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␛, ␀, ␊ …
  if (code === 0x7f) return '\u2421'; // ␡
  return '\ufffd';
}

/**
 * Any value as text: what String() gives, except that a plain object (an API
 * field that held JSON where text was expected) reads as its JSON rather than
 * "[object Object]", and null/undefined read as nothing.
 */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'symbol')
    return String(value);
  if (typeof value === 'object') {
    const own = value as {toString(): string};
    if (own.toString !== Object.prototype.toString) return own.toString();
    try {
      return JSON.stringify(value);
    } catch {
      return '[object]'; // a cycle or a bigint: no JSON form
    }
  }
  return typeof value;
}

/** Replaces every control character with a visible stand-in. */
export function sanitize(text: unknown): string {
  return textOf(text).replace(CONTROL, visible);
}

/** True when the text holds no character sanitize() would replace. */
export function isClean(text: string): boolean {
  CONTROL.lastIndex = 0;
  return !CONTROL.test(text);
}
