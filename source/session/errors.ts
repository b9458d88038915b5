// Any thrown value as the text an operator reads, in one place for the
// console, the headless commands and the entry point: a VergeError describes
// the failed operation and the server's message; control characters in it
// (server text is untrusted) are made visible, line by line, newlines kept.
import {VergeError} from '../api/errors.js';
import {sanitize, textOf} from '../domain/text.js';

export function errorText(error: unknown): string {
  const text = error instanceof VergeError ? error.describe() : error instanceof Error ? error.message : textOf(error);
  return text.split('\n').map(sanitize).join('\n');
}
