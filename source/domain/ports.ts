// Port specs as VergeOS rules and aliases write them: "22", "80,443",
// "1024-65535"; empty means any port. Parsing is tolerant enough to read what
// the API holds (port 0 included), validation is strict enough for forms.
import {IntervalSet, type Parsed} from './ip.js';

export const PORT_MAX = 65535;
export const ALL_PORTS = IntervalSet.range(0, PORT_MAX);

const ok = <T>(value: T): Parsed<T> => ({ok: true, value});
const fail = <T>(error: string): Parsed<T> => ({ok: false, error});

function portNumber(text: string, min: number): Parsed<number> {
  const t = text.trim();
  if (t === '') return fail('a port number is required');
  if (!/^\d+$/.test(t)) return fail(`"${t}" is not a port number`);
  const n = Number(t);
  if (n < min || n > PORT_MAX) return fail(`port ${t} is out of range (${min}–${PORT_MAX})`);
  return ok(n);
}

export interface PortSpec {
  lo: number;
  hi: number;
  text: string;
}

/** "22" or "1024-65535". `min` is 0 when reading the API, 1 for forms. */
export function parsePortSpec(text: string, min = 0): Parsed<PortSpec> {
  const t = text.trim();
  const dash = t.indexOf('-');
  if (dash < 0) {
    const p = portNumber(t, min);
    return p.ok ? ok({lo: p.value, hi: p.value, text: String(p.value)}) : p;
  }
  const a = portNumber(t.slice(0, dash), min);
  if (!a.ok) return a;
  const b = portNumber(t.slice(dash + 1), min);
  if (!b.ok) return b;
  if (a.value > b.value) return fail(`"${t}": the port range starts after it ends`);
  return ok({lo: a.value, hi: b.value, text: a.value === b.value ? String(a.value) : `${a.value}-${b.value}`});
}

/** True when the text is shaped like a port or port range (used to sort alias entries). */
export function looksLikePortSpec(text: string): boolean {
  return /^\s*\d{1,5}\s*(-\s*\d{1,5}\s*)?$/.test(text);
}

export interface PortList {
  /** True for an empty spec: every port. */
  any: boolean;
  set: IntervalSet;
  specs: PortSpec[];
}

/** A comma list of ports and ranges; empty = any port. */
export function parsePortList(text: string, min = 0): Parsed<PortList> {
  if (text.trim() === '') return ok({any: true, set: ALL_PORTS, specs: []});
  const specs: PortSpec[] = [];
  for (const [i, part] of text
    .split(',')
    .map((s) => s.trim())
    .entries()) {
    if (part === '') return fail(`entry ${i + 1} is empty (stray comma?)`);
    const s = parsePortSpec(part, min);
    if (!s.ok) return s;
    specs.push(s.value);
  }
  return ok({any: false, set: IntervalSet.from(specs.map((s) => [s.lo, s.hi] as [number, number])), specs});
}

export function validatePort(text: string): Parsed<number> {
  return portNumber(text, 1);
}

export function validatePortRange(text: string): Parsed<string> {
  const s = parsePortSpec(text, 1);
  return s.ok ? ok(s.value.text) : s;
}

/** Validates a form's port list; empty is allowed (any port) unless `required`. */
export function validatePortList(text: string, options: {required?: boolean} = {}): Parsed<string> {
  if (text.trim() === '') return options.required ? fail('at least one port is required') : ok('');
  const p = parsePortList(text, 1);
  return p.ok ? ok(p.value.specs.map((s) => s.text).join(',')) : p;
}

export function formatPortSet(set: IntervalSet): string {
  if (set.equals(ALL_PORTS)) return 'any';
  return set.toString();
}
