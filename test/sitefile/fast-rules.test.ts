// fast-rules.ts reads site-file rules without zod when it can. Held here: a
// rule it takes reads exactly as ruleSpecSchema reads it (same keys, same
// order, same values); a file whose rules it all takes parses to the same
// document, or fails with the same problems, as a whole-document zod parse.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {readRule, splitRules} from '../../source/domain/sitefile/fast-rules.js';
import {issuesFrom} from '../../source/domain/sitefile/parse.js';
import {ruleSpecSchema, sitefileSchema} from '../../source/domain/sitefile/schema.js';
import {siteToDoc} from '../../source/domain/sitefile/index.js';
import {demoSite} from './fixtures.js';
import {propertyParams} from '../support/seed.js';

const KEYS = Object.keys(ruleSpecSchema.shape);

// Values a rule field meets in files people write, and ones it must refuse.
const value = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    ' x',
    'web',
    'accept',
    'drop',
    'route',
    'outgoing',
    'tcp',
    'tcpudp',
    '6',
    '300',
    'abc',
    'top',
    'bottom',
    'auto',
    'wireguard',
    '10.0.0.0/24',
    '443,8443',
    'alias:web',
    '2026-12-31',
    '2026-02-30',
    'alice',
    'x'.repeat(129),
    true,
    false,
    0,
    6,
    255,
    256,
    -1,
    1.5,
    NaN,
    Infinity,
  ),
  fc.string({maxLength: 5}),
  fc.integer({min: -5, max: 300}),
  fc.constant({}),
  fc.constant([]),
  fc.constant(new Date(Date.UTC(2026, 11, 31))),
);

const rule = fc.record(Object.fromEntries([...KEYS, 'extra'].map((k) => [k, value])), {
  requiredKeys: [],
});
// Most rules in real files are well formed: half the cases keep only the fields the schema takes.
const plausible = rule.map((r) => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'extra') continue;
    // Any string as a name, so the name's own limits (empty, 129 characters, spaces) meet the reader.
    if (k === 'name' && typeof v === 'string') {
      out[k] = v;
      continue;
    }
    const field = (ruleSpecSchema.shape as Record<string, {safeParse(v: unknown): {success: boolean}}>)[k];
    if (field.safeParse(v).success) out[k] = v;
  }
  out['name'] ??= 'r';
  return out;
});

describe('site-file rules read without zod', () => {
  it('read as ruleSpecSchema reads them, whenever taken', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(rule, plausible), (raw) => {
        const fast = readRule(raw);
        if (typeof fast === 'symbol') return;
        taken++;
        const want = ruleSpecSchema.safeParse(raw);
        expect(want.success, JSON.stringify(raw)).toBe(true);
        expect(fast).toStrictEqual(want.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(want.data));
      }),
      propertyParams({numRuns: 1000}),
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('leave to zod what zod must judge: unknown keys, wrong types, lifecycle values', () => {
    expect(typeof readRule({name: 'a'})).toBe('object');
    expect(readRule({name: 'a', protocl: 'tcp'})).toBeTypeOf('symbol');
    expect(readRule({name: 'a', enabled: 'yes'})).toBeTypeOf('symbol');
    expect(readRule({name: 'a', owner: 'alice'})).toBeTypeOf('symbol');
    expect(readRule({name: ' a'})).toBeTypeOf('symbol');
    expect(readRule([{name: 'a'}])).toBeTypeOf('symbol');
  });

  it('parse a whole document to what zod makes of it, and fail with the same problems', () => {
    const base = siteToDoc(demoSite()) as unknown as {networks: Array<Record<string, unknown>>};
    fc.assert(
      fc.property(fc.array(plausible, {maxLength: 6}), fc.nat(), fc.boolean(), (rules, at, breakNetwork) => {
        const doc = structuredClone(base);
        const n = doc.networks[at % doc.networks.length];
        n['rules'] = rules;
        // Something wrong outside the rules, now and then: the errors must still be zod's own.
        if (breakNetwork) n['mtu'] = 'big';
        const split = splitRules(doc);
        const whole = sitefileSchema.safeParse(doc);
        if (!split) return;
        const rest = sitefileSchema.safeParse(split.rest);
        expect(rest.success).toBe(whole.success);
        if (whole.success && rest.success) expect(split.restore(rest.data)).toStrictEqual(whole.data);
        if (!whole.success && !rest.success) expect(issuesFrom(rest.error, doc)).toEqual(issuesFrom(whole.error, doc));
      }),
      propertyParams({numRuns: 200}),
    );
  });
});
