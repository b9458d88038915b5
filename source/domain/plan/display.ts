// How planned values read in a diff: one line each, API text sanitised,
// empty shown as "(none)", secrets only ever by reference.
import {formatAliasValue} from '../mappers.js';
import type {AliasEntry} from '../model.js';
import type {RuleSpec, SecretRef} from '../sitefile/schema.js';
import {sanitize} from '../text.js';

export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (typeof value === 'string') return sanitize(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    if (value.every((v) => typeof v === 'object' && v !== null && 'value' in v))
      return sanitize(formatAliasValue(value as AliasEntry[]));
    return sanitize(value.map((v) => displayValue(v)).join(', '));
  }
  if (typeof value === 'object' && 'secret' in value) return `{secret: ${sanitize((value as SecretRef).secret)}}`;
  return sanitize(JSON.stringify(value));
}

/** "accept incoming tcp 10.0.0.0/24 → alias:db:3306". */
export function ruleSummary(r: RuleSpec): string {
  const end = (addr: string, ports: string) => `${addr || 'any'}${ports ? `:${ports}` : ''}`;
  let s = `${r.action} ${r.direction} ${r.protocol} ${end(r.source, r.sourcePorts)} → ${end(r.destination, r.destinationPorts)}`;
  if (r.target || r.targetPorts) s += ` ⇒ ${end(r.target, r.targetPorts)}`;
  if (r.pin !== 'no') s += ` (pin ${r.pin})`;
  if (!r.enabled) s += ' (disabled)';
  return sanitize(s);
}
