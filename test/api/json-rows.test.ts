// The list reader cuts an array answer into rows before parsing (api/json-rows.ts).
// What it must never do: give rows that differ from JSON.parse of the whole
// text, or accept as rows a text JSON.parse refuses.
import fc from 'fast-check';
import {z} from 'zod';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {arrayElementRanges, startsArray} from '../../source/api/json-rows.js';
import {VergeClient} from '../../source/api/client.js';
import {VergeError} from '../../source/api/errors.js';
import {propertyParams} from '../support/seed.js';
import {startMalformedSite, type MalformedSite} from '../faults/malformed-server.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** The rows the cut gives, each parsed; undefined when the cut or a row's parse refuses. */
function rowsOf(text: string): unknown[] | undefined {
  const buf = bytes(text);
  const ranges = arrayElementRanges(buf);
  if (!ranges) return undefined;
  const out: unknown[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    try {
      out.push(JSON.parse(buf.toString('utf8', ranges[i], ranges[i + 1])));
    } catch {
      return undefined;
    }
  }
  return out;
}

/** JSON.parse of the text as the reader gets it: the bytes decoded (a lone surrogate becomes U+FFFD). */
function wholeParse(text: string): {ok: true; value: unknown} | {ok: false} {
  try {
    return {ok: true, value: JSON.parse(bytes(text).toString('utf8'))};
  } catch {
    return {ok: false};
  }
}

// Strings that stress the cut: quotes, escapes, brackets and commas inside strings, multi-byte text.
const awkward = fc.constantFrom(
  '"',
  '\\',
  '\\"',
  '[',
  ']',
  '{',
  '}',
  ',',
  'é',
  '日本',
  '🙂',
  '\u2028',
  '\n',
  '\\u005d',
);
const value = fc.jsonValue({maxDepth: 3}).chain((v) =>
  fc.oneof(
    fc.constant(v),
    fc.array(awkward, {maxLength: 6}).map((parts) => ({name: parts.join(''), v})),
  ),
);

describe('cutting a JSON array into rows', () => {
  it('gives exactly the elements JSON.parse gives, whatever the spacing', () => {
    fc.assert(
      fc.property(fc.array(value, {maxLength: 8}), fc.constantFrom(undefined, 1, 2, '\t'), (rows, space) => {
        const text = JSON.stringify(rows, null, space);
        expect(startsArray(bytes(text))).toBe(true);
        expect(rowsOf(text)).toEqual(JSON.parse(text));
      }),
      propertyParams({numRuns: 300}),
    );
  });

  it('never accepts as rows a text JSON.parse refuses, and agrees with it on every text it accepts', () => {
    // Valid arrays cut, spliced and extended at random places: truncated, garbage appended, a byte dropped.
    const mangled = fc
      .tuple(
        fc.array(value, {maxLength: 5}),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('', ']', ',', '}', '"', 'x', ' 1', '[]'),
      )
      .map(([rows, a, b, extra]) => {
        const text = JSON.stringify(rows);
        const cut = a % (text.length + 1);
        const drop = b % 3 === 0 ? 1 : 0;
        return text.slice(0, cut) + extra + text.slice(cut + drop);
      });
    fc.assert(
      fc.property(mangled, (text) => {
        const rows = rowsOf(text);
        const whole = wholeParse(text);
        if (rows !== undefined) {
          expect(whole.ok, text).toBe(true);
          expect(rows).toEqual((whole as {value: unknown}).value);
        }
        // And the other way: a valid array is always cut.
        if (whole.ok && Array.isArray(whole.value)) expect(rows, text).toEqual(whole.value);
      }),
      propertyParams({numRuns: 1000}),
    );
  });

  it('treats an empty array and surrounding whitespace as JSON does', () => {
    expect(rowsOf(' \n[ \t]\r\n')).toEqual([]);
    expect(rowsOf('[]x')).toBeUndefined();
    expect(rowsOf('[1,]')).toBeUndefined();
    expect(rowsOf('[,1]')).toBeUndefined();
    expect(rowsOf('["a\\"]", {"b": [1, {"c": "]"}]}]')).toEqual(['a"]', {b: [1, {c: ']'}]}]);
    expect(startsArray(bytes('{"a":1}'))).toBe(false);
  });
});

describe('a list read a row at a time', () => {
  let site: MalformedSite;
  let client: VergeClient;
  const row = z.object({$key: z.number(), name: z.string()});
  beforeAll(async () => {
    site = await startMalformedSite('custom');
    client = new VergeClient({
      url: site.url,
      auth: {kind: 'basic', user: 'admin', password: 'malformed-site-pw'},
      retries: 0,
    });
  });
  afterAll(async () => {
    await client.close();
    await site.close();
  });

  it('keeps what the map returns for each row, in order', async () => {
    site.body = JSON.stringify([
      {$key: 1, name: 'a', extra: 'x'.repeat(1000)},
      {$key: 2, name: 'b'},
    ]);
    const seen: number[] = [];
    const kept = await client.listAs('vnets', row, (r) => (seen.push(r.$key), `${r.$key}:${r.name}`));
    expect(kept).toEqual(['1:a', '2:b']);
    expect(seen).toEqual([1, 2]);
  });

  it('names the row and field of a row that does not fit the schema', async () => {
    site.body = JSON.stringify([
      {$key: 1, name: 'a'},
      {$key: 2, name: 'b'},
      {$key: 3, name: 7},
    ]);
    const error = await client.list('vnets', row).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VergeError);
    expect((error as VergeError).message).toMatch(/^the answer does not look like VergeOS's: 2\.name: /);
  });

  it('still reads a bare object as one row (the /system table answers one), through the map', async () => {
    site.body = JSON.stringify({$key: 9, name: 'system'});
    expect(await client.listAs('vnets', row, (r) => r.name)).toEqual(['system']);
  });

  it('refuses a truncated array as not JSON, not as rows', async () => {
    site.body = JSON.stringify([
      {$key: 1, name: 'a'},
      {$key: 2, name: 'b'},
    ]).slice(0, -3);
    const error = await client.list('vnets', row).catch((e: unknown) => e);
    expect((error as VergeError).message).toMatch(/^the answer was not JSON/);
  });
});
