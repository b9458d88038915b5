// The README's key section: the generated reference, its headings moved one
// level down to sit under "The console".
import {consoleKeyReference} from './key-reference.js';

export const KEYS_START = '<!-- keys:start -->';
export const KEYS_END = '<!-- keys:end -->';

export function readmeKeySection(): string {
  const body = consoleKeyReference()
    .split('\n')
    .map((line) => (line.startsWith('#') ? `##${line}` : line))
    .join('\n')
    .trim();
  return `${KEYS_START}\n${body}\n${KEYS_END}`;
}

export function withKeySection(readme: string): string {
  const start = readme.indexOf(KEYS_START);
  const end = readme.indexOf(KEYS_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${KEYS_START} … ${KEYS_END} section`);
  return readme.slice(0, start) + readmeKeySection() + readme.slice(end + KEYS_END.length);
}
