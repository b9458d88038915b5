// The plain row readers (api/row-readers.ts) stand in for zod on the hot
// lists. Held here, for every row schema that has one: whatever row the plain
// reader answers for, zod accepts with the very same output; anything else is
// left to zod (REFUSE).
import fc from 'fast-check';
import type {z} from 'zod';
import {describe, expect, it} from 'vitest';
import * as rows from '../../source/api/rows.js';
import {REFUSE, rowRead} from '../../source/api/row-readers.js';
import {propertyParams} from '../support/seed.js';

const schemas: Array<[string, z.ZodType]> = [];
for (const [name, value] of Object.entries(rows) as Array<[string, unknown]>) {
  if (name.endsWith('Schema') && typeof value === 'object' && value !== null && 'safeParse' in value)
    schemas.push([name, value as z.ZodType]);
}

// Values of every kind a field may meet: what VergeOS sends, and what it must not.
const value = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    0,
    1,
    -1,
    2.5,
    true,
    false,
    '0',
    '1',
    '12',
    '-3',
    '1.5',
    '1e3',
    ' 7',
    'true',
    'yes',
    'no',
    'tenants/5',
    'vnets/12',
    'x/1',
    '5/',
    2 ** 53,
    -(2 ** 53),
    Number.MAX_SAFE_INTEGER,
  ),
  fc.string({maxLength: 6}),
  fc.integer(),
  fc.double({noNaN: true, noDefaultInfinity: true}),
  fc.constant({}),
  fc.constant([]),
  fc.constant([1]),
);

describe('plain row readers', () => {
  it('exist for the large lists (rules, networks, addresses, aliases, NICs)', () => {
    for (const s of [rows.ruleSchema, rows.vnetSchema, rows.addressSchema, rows.aliasSchema, rows.nicSchema])
      expect(rowRead(s)).not.toBeNull();
    // A schema with a field of its own kind (a sub-row union) is read by zod.
    expect(rowRead(rows.vmSchema)).toBeNull();
  });

  for (const [name, schema] of schemas) {
    const read = rowRead(schema);
    if (!read) continue;
    const shape = (schema as unknown as {shape: Record<string, z.ZodType>}).shape;
    const keys = Object.keys(shape);
    it(`${name}: a row the plain reader takes reads as zod reads it`, () => {
      let taken = 0;
      fc.assert(
        fc.property(
          fc.dictionary(fc.constantFrom(...keys, 'extra'), value, {maxKeys: keys.length + 1}),
          fc.boolean(),
          (raw, typical) => {
            // Half the rows as VergeOS sends them (every field a value its schema takes), half anything.
            const row = typical
              ? Object.fromEntries(keys.map((k) => [k, shape[k].safeParse(raw[k]).success ? raw[k] : 7]))
              : raw;
            const got = read(row);
            const want = schema.safeParse(row);
            if (got === REFUSE) return;
            taken++;
            expect(want.success, JSON.stringify(row)).toBe(true);
            expect(got).toStrictEqual(want.data);
          },
        ),
        propertyParams({numRuns: 400}),
      );
      expect(taken).toBeGreaterThan(20);
    });
  }

  it('leaves a row zod refuses to zod (wrong type, broken reference, not an object)', () => {
    const read = rowRead(rows.ruleSchema)!;
    const good = {$key: 1, vnet: 2, name: 'a'};
    expect(read(good)).not.toBe(REFUSE);
    expect(read({...good, name: {}})).toBe(REFUSE);
    expect(read({...good, $key: 'x'})).toBe(REFUSE);
    expect(read([good])).toBe(REFUSE);
    expect(read(null)).toBe(REFUSE);
    expect(rowRead(rows.vnetSchema)!({$key: 1, vnet_default_gateway: 'not a key'})).toBe(REFUSE);
  });
});
