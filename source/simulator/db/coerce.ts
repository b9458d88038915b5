// Turns a JSON value sent by a client into the stored value of a column, the
// way VergeOS does: numeric strings are integers ("mtu":"9000"), enums must be
// in their list, text is text.
import {notInList, validationError} from '../errors.js';
import type {FieldDef} from '../schema/types.js';

const INT = /^-?\d+$/;
const NUM = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function coerceValue(f: FieldDef, v: unknown): unknown {
  switch (f.type) {
    case 'int':
    case 'fk':
    case 'timestamp':
      return coerceInt(f, v);
    case 'number': {
      if (v === null) return null;
      const n = typeof v === 'number' ? v : typeof v === 'string' && NUM.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw validationError(f.name, 'must be a number');
      return checkRange(f, n);
    }
    case 'bool':
      return coerceBool(f, v);
    case 'text': {
      if (v === null || v === undefined) return '';
      if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
      if (typeof v !== 'string') throw validationError(f.name, 'must be a string');
      if (f.maxLength !== undefined && v.length > f.maxLength) {
        throw validationError(f.name, `longer than ${f.maxLength} characters`);
      }
      return v;
    }
    case 'enum': {
      const s = typeof v === 'number' ? String(v) : v;
      if (typeof s !== 'string' || !f.values?.includes(s)) throw notInList(f.name, v);
      return s;
    }
    case 'json':
      return v === undefined ? null : structuredClone(v);
    default:
      return v;
  }
}

function coerceInt(f: FieldDef, v: unknown): number | null {
  if (v === null || (f.type === 'fk' && v === '')) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && INT.test(v.trim())) n = Number(v.trim());
  else if (typeof v === 'boolean') n = v ? 1 : 0;
  else throw validationError(f.name, 'must be an integer');
  if (!Number.isSafeInteger(n)) throw validationError(f.name, 'must be an integer');
  if (f.type === 'fk' && n <= 0) throw validationError(f.name, 'must be a row key');
  return checkRange(f, n);
}

function checkRange(f: FieldDef, n: number): number {
  if (f.min !== undefined && n < f.min) throw validationError(f.name, `must be at least ${f.min}`);
  if (f.max !== undefined && n > f.max) throw validationError(f.name, `must be at most ${f.max}`);
  return n;
}

function coerceBool(f: FieldDef, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true' || v === 'yes') return true;
  if (v === 0 || v === '0' || v === 'false' || v === 'no') return false;
  throw validationError(f.name, 'must be true or false');
}

/** Equality of stored column values (JSON columns compared structurally). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
