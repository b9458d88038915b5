// Shared pieces of the edit builders: reading form values, name checks, and
// the smallest update body. The builders are pure (form values + site →
// ChangePlan); nothing here talks to a site or knows about the terminal.
import type {Body, BodyValue} from '../changes/types.js';
import {isClean} from '../text.js';

/** What a form hands over: field name → value (the UI's FormValues has this shape). */
export type EditValues = Readonly<Record<string, string | number | boolean | undefined>>;

/** VergeOS limits names to 128 characters (networks, rules, aliases). */
export const NAME_MAX = 128;

export function text(values: EditValues, name: string): string {
  const v = values[name];
  return v === undefined || v === null ? '' : String(v).trim();
}

export function flag(values: EditValues, name: string): boolean {
  return values[name] === true;
}

/** A key chosen in a picker (as text) → number, or null for none. */
export function keyValue(values: EditValues, name: string): number | null {
  const t = text(values, name);
  return /^\d+$/.test(t) ? Number(t) : null;
}

export function checkName(value: string, what: string): string | undefined {
  const name = value.trim();
  if (name === '') return `a ${what} name is required`;
  if (name.length > NAME_MAX) return `at most ${NAME_MAX} characters (${name.length} given)`;
  if (!isClean(name)) return 'control characters are not allowed';
  return undefined;
}

/** `base-copy`, then `base-copy-2`, … not in `taken` (compared case-insensitively), within NAME_MAX. */
export function uniqueCopyName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const name = base.slice(0, NAME_MAX - suffix.length) + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

function comparable(v: BodyValue | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Only the fields of `next` that differ from `current`: the smallest PUT. */
export function changedFields(current: Body, next: Body): Body {
  const out: Body = {};
  for (const [k, v] of Object.entries(next)) if (comparable(v) !== comparable(current[k])) out[k] = v;
  return out;
}

/** "a, b and c" for messages. */
export function listText(items: readonly string[], limit = 5): string {
  const shown = items.slice(0, limit);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** Trims every entry of a comma list and drops the spaces around commas. */
export function normaliseList(value: string): string {
  return value
    .split(',')
    .map((p) => p.trim())
    .join(',');
}
