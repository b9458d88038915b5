// Names the wizards create or derive. Networks and aliases are referred to by
// name in rule helpers (vnet:<name>, alias:<name>) and VergeOS derives
// "<NAME>_mirror" from a network's name, so their names keep to a plain
// character set; rule names derived from a flow are deterministic so that a
// second run finds the rules of the first.
import {isClean} from '../text.js';

const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Error text for an object name, or undefined. */
export function nameError(what: string, value: string, max = 128): string | undefined {
  if (value.trim() === '') return `a ${what} name is required`;
  if (value.trim() !== value) return 'must not start or end with spaces';
  if (value.length > max) return `at most ${max} characters`;
  if (!isClean(value)) return 'control characters are not allowed';
  if (!PLAIN.test(value)) return 'use letters, digits, ".", "_" or "-" (starting with a letter or digit)';
  return undefined;
}

/** Free text (descriptions): anything printable. */
export function textError(value: string, max = 2048): string | undefined {
  if (value.length > max) return `at most ${max} characters`;
  if (!isClean(value)) return 'control characters are not allowed';
  return undefined;
}

/** "10.10.1.0/24" → "10-10-1-0-24", "web-01.nic0" → "web-01-nic0". */
export function slug(text: string, max = 40): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (s || 'x').slice(0, max).replace(/-+$/, '');
}

/** Duplicated values of a list, for "listed twice" messages. */
export function duplicatesOf(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) out.add(v);
    seen.add(v);
  }
  return [...out];
}

/** "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Comma (or space) separated list → trimmed non-empty entries. */
export function splitWords(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
