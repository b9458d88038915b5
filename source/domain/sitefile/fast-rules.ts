// The rules of a site file checked without zod where they can be. At 50,000
// rules zod's validation of them keeps ~190 MB of intermediate objects alive
// long enough for V8 to promote them (measured with --trace-gc: ~14 MB per
// scavenge), which set the peak memory of `plan` and `drift`. A rule is a flat
// map of strings, numbers and booleans, so a plain function reads it as
// ruleSpecSchema does — and gives up (REFUSE) on anything else: an unknown
// key, a wrong type, a value out of its list, a lifecycle field it would have
// to judge. When every rule of the file is taken, zod checks the rest of the
// document with the rules left out and the plain rules are put back; when one
// is not, zod checks the whole document as before, so every error reads as it
// did. test/sitefile/fast-rules.test.ts holds the two to the same result.
import {RULE_ACTIONS, RULE_DIRECTIONS, RULE_INTERFACES, RULE_PINS, RULE_PROTOCOLS} from '../../api/enums.js';
import {RULE_REF_FIELDS} from './references.js';
import {RULE_DEFAULTS, ruleSpecSchema, type RuleSpec, type Sitefile} from './schema.js';

const REFUSE = Symbol('refuse');
type Refuse = typeof REFUSE;

const KEYS = Object.keys(ruleSpecSchema.shape) as Array<keyof RuleSpec>;
const KNOWN = new Set<string>(KEYS);
const TEXT_FIELDS = new Set<string>([...RULE_REF_FIELDS, 'ctState', 'description']);
const LIFECYCLE_FIELDS = new Set<string>(['owner', 'ticket', 'expires', 'reviewed']);

// A missing field is its default, taken from the schema itself (RULE_DEFAULTS), so the two cannot drift.
const D = RULE_DEFAULTS;
const oneOf = (values: readonly string[], fallback: string) => {
  const allowed = new Set(values);
  return (v: unknown): string | Refuse =>
    v === undefined ? fallback : typeof v === 'string' && allowed.has(v) ? v : REFUSE;
};
const bool = (fallback: boolean) => (v: unknown) => (v === undefined ? fallback : typeof v === 'boolean' ? v : REFUSE);

const FIELD: Record<string, (v: unknown) => unknown> = {
  name: (v) => (typeof v === 'string' && v.length >= 1 && v.length <= 128 && v.trim() === v ? v : REFUSE),
  action: oneOf(RULE_ACTIONS, D.action),
  direction: oneOf(RULE_DIRECTIONS, D.direction),
  protocol: (v) =>
    v === undefined
      ? D.protocol
      : typeof v === 'string' && ((RULE_PROTOCOLS as readonly string[]).includes(v) || /^\d{1,3}$/.test(v))
        ? v
        : typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255
          ? String(v)
          : REFUSE,
  pin: oneOf(RULE_PINS, D.pin),
  enabled: bool(D.enabled),
  log: bool(D.log),
  statistics: bool(D.statistics),
  interface: oneOf(RULE_INTERFACES, D.interface),
};
for (const f of TEXT_FIELDS) {
  const fallback = D[f as keyof typeof D] as string;
  FIELD[f] = (v) =>
    v === undefined
      ? fallback
      : typeof v === 'string'
        ? v
        : typeof v === 'number' && Number.isFinite(v)
          ? String(v)
          : REFUSE;
}

/** One rule as ruleSpecSchema reads it, or REFUSE for zod to look at. */
export function readRule(raw: unknown): RuleSpec | Refuse {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return REFUSE;
  const row = raw as Record<string, unknown>;
  for (const key in row) if (!KNOWN.has(key) || !Object.hasOwn(row, key)) return REFUSE;
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const v = row[key];
    if (LIFECYCLE_FIELDS.has(key)) {
      // Only an absent lifecycle field is read here; any value is zod's to judge.
      if (v !== undefined || Object.hasOwn(row, key)) return REFUSE;
      continue;
    }
    const read = FIELD[key](v);
    if (read === REFUSE) return REFUSE;
    out[key] = read;
  }
  return out as unknown as RuleSpec;
}

export interface SplitRules {
  /** The document with every network's rules left out (an empty list where it had some). */
  rest: unknown;
  /** Put the rules back into what zod made of `rest`. */
  restore(doc: Sitefile): Sitefile;
}

/** When every rule of `raw` reads here: the document without its rules, and how to put them back. */
export function splitRules(raw: unknown): SplitRules | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const networks = (raw as Record<string, unknown>)['networks'];
  if (!Array.isArray(networks)) return undefined;
  const rules: Array<RuleSpec[] | undefined> = [];
  const stripped: unknown[] = [];
  for (const n of networks as unknown[]) {
    if (n === null || typeof n !== 'object' || Array.isArray(n) || !Object.hasOwn(n, 'rules')) {
      rules.push(undefined);
      stripped.push(n);
      continue;
    }
    const list = (n as Record<string, unknown>)['rules'];
    if (!Array.isArray(list)) return undefined;
    const read: RuleSpec[] = new Array<RuleSpec>(list.length);
    for (let i = 0; i < list.length; i++) {
      const r = readRule(list[i]);
      if (r === REFUSE) return undefined;
      read[i] = r;
    }
    rules.push(read);
    stripped.push({...(n as Record<string, unknown>), rules: []});
  }
  return {
    rest: {...(raw as Record<string, unknown>), networks: stripped},
    restore(doc) {
      doc.networks.forEach((n, i) => {
        const r = rules[i];
        if (r) n.rules = r;
      });
      return doc;
    },
  };
}
