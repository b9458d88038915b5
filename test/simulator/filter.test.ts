import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ApiError} from '../../source/simulator/errors.js';
import {
  FILTER_KEYWORDS,
  FILTER_OPS,
  type FilterNode,
  type FilterValue,
} from '../../source/simulator/query/filter-ast.js';
import {compileFilter} from '../../source/simulator/query/filter-eval.js';
import {tokenize} from '../../source/simulator/query/filter-lex.js';
import {parseFilter} from '../../source/simulator/query/filter-parse.js';
import {printFilter} from '../../source/simulator/query/filter-print.js';
import type {Row} from '../../source/simulator/db/table.js';
import {propertyParams} from '../support/seed.js';

function invalid(text: string): void {
  let err: unknown;
  try {
    parseFilter(text);
  } catch (e) {
    err = e;
  }
  expect(err, text).toBeInstanceOf(ApiError);
  expect((err as ApiError).status).toBe(422);
  expect((err as ApiError).message).toBe('Invalid argument');
}

describe('filter tokenizer', () => {
  it('reads strings with backslash escapes', () => {
    const t = tokenize(String.raw`name eq 'o\'brien \\ \{x\}'`);
    expect(t.map((x) => x.kind)).toEqual(['word', 'word', 'string']);
    expect(t[2]).toMatchObject({value: "o'brien \\ {x}"});
  });
  it('reads numbers, words with joins and dots, parentheses', () => {
    const t = tokenize('(machine#status#running eq true) and size gt -1.5e3 and charon.cisco_unity eq 1');
    expect(t.map((x) => (x.kind === 'word' || x.kind === 'number' ? x.value : x.kind))).toEqual([
      'lparen',
      'machine#status#running',
      'eq',
      'true',
      'rparen',
      'and',
      'size',
      'gt',
      -1500,
      'and',
      'charon.cisco_unity',
      'eq',
      1,
    ]);
  });
});

describe('filter parser', () => {
  it('gives and precedence over or', () => {
    expect(parseFilter("a eq 1 and b eq 2 or c eq 'x'")).toEqual({
      type: 'or',
      items: [
        {
          type: 'and',
          items: [
            {type: 'cmp', field: 'a', op: 'eq', value: 1},
            {type: 'cmp', field: 'b', op: 'eq', value: 2},
          ],
        },
        {type: 'cmp', field: 'c', op: 'eq', value: 'x'},
      ],
    });
  });
  it('keeps parentheses as structure', () => {
    expect(parseFilter('a eq 1 and (b eq 2 or c eq null)')).toEqual({
      type: 'and',
      items: [
        {type: 'cmp', field: 'a', op: 'eq', value: 1},
        {
          type: 'or',
          items: [
            {type: 'cmp', field: 'b', op: 'eq', value: 2},
            {type: 'cmp', field: 'c', op: 'eq', value: null},
          ],
        },
      ],
    });
  });
  it('accepts upper-case keywords and operators', () => {
    expect(parseFilter('enabled EQ TRUE AND size GT 5')).toEqual({
      type: 'and',
      items: [
        {type: 'cmp', field: 'enabled', op: 'eq', value: true},
        {type: 'cmp', field: 'size', op: 'gt', value: 5},
      ],
    });
  });
  it.each([
    '',
    '   ',
    'name',
    'name eq',
    "name eq 'x",
    "name eq 'zz-o''brien'", // doubled quotes: refused on 26.1.8
    "name eq 'a{b'", // unescaped brace: refused
    "name like 'x%'",
    'name eq x',
    '(a eq 1',
    'a eq 1)',
    'a eq 1 and',
    'and eq 1',
    'a eq 1 b eq 2',
    '1a eq 2',
    "a eq 'x'y",
    'a eq "x"',
    'a in (1,2)',
  ])('refuses %j with 422 Invalid argument', (text) => invalid(text));
});

const fieldName = fc
  .stringMatching(/^[A-Za-z_$][A-Za-z0-9_$#.-]{0,12}$/)
  .filter((s) => !(FILTER_KEYWORDS as readonly string[]).includes(s.toLowerCase()));
const value: fc.Arbitrary<FilterValue> = fc.oneof(
  fc.string({unit: 'grapheme', maxLength: 12}),
  fc.string({maxLength: 8}).map((s) => s + "'\\{}"),
  fc.integer({min: -1e9, max: 1e9}),
  fc.double({noNaN: true, noDefaultInfinity: true}),
  fc.boolean(),
  fc.constant(null),
);
const cmp = fc.record({
  type: fc.constant('cmp' as const),
  field: fieldName,
  op: fc.constantFrom(...FILTER_OPS),
  value,
});
const tree = fc.letrec<{node: FilterNode}>((tie) => ({
  node: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    cmp,
    fc.record({type: fc.constant('and' as const), items: fc.array(tie('node'), {minLength: 2, maxLength: 4})}),
    fc.record({type: fc.constant('or' as const), items: fc.array(tie('node'), {minLength: 2, maxLength: 4})}),
  ),
})).node;

describe('filter properties', () => {
  it('parse(print(ast)) is the identity', () => {
    fc.assert(
      fc.property(tree, (ast) => {
        const printed = printFilter(ast);
        const back = parseFilter(printed);
        // toEqual tells -0 from 0, so the number printing is checked too
        expect(back).toEqual(ast);
        expect(printFilter(back)).toBe(printed);
      }),
      propertyParams({numRuns: 500}),
    );
  });

  it('never crashes on random text: it parses or answers the 422', () => {
    const alphabet = fc.constantFrom(...'abcxyz_$#.-0123456789 ()\'\\{}"eqnadorltgbwcsrx\t'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({unit: alphabet, maxLength: 60})), (text) => {
        try {
          const ast = parseFilter(text);
          expect(parseFilter(printFilter(ast))).toEqual(ast);
        } catch (e) {
          expect(e).toBeInstanceOf(ApiError);
          expect((e as ApiError).status).toBe(422);
          expect((e as ApiError).message).toBe('Invalid argument');
        }
      }),
      propertyParams({numRuns: 2000}),
    );
  });

  it('random keyword soup near valid filters never crashes either', () => {
    const word = fc.constantFrom(
      'a',
      'b',
      'eq',
      'ne',
      'and',
      'or',
      '(',
      ')',
      "'x'",
      '1',
      'true',
      'null',
      "'\\''",
      '-',
      "'{'",
    );
    fc.assert(
      fc.property(fc.array(word, {maxLength: 12}), (words) => {
        const text = words.join(' ');
        try {
          parseFilter(text);
        } catch (e) {
          expect((e as ApiError).status).toBe(422);
        }
      }),
      propertyParams({numRuns: 2000}),
    );
  });
});

describe('filter evaluation', () => {
  const rows = [
    {$key: 1, name: 'web', mtu: 1500, enabled: true, note: null, proto: '89'},
    {$key: 2, name: 'Web-Dev', mtu: 9000, enabled: false, note: 'x', proto: 'tcp'},
    {$key: 3, name: "o'brien", mtu: 1450, enabled: true, note: '', proto: 'udp'},
  ] as unknown as Row[];
  const run = (text: string): number[] => {
    const p = compileFilter(parseFilter(text), (f) => (row) => (row as Record<string, unknown>)[f]);
    return rows.filter(p).map((r) => r.$key);
  };
  it.each([
    ["name eq 'web'", [1]],
    ["name ne 'web'", [2, 3]],
    ['mtu gt 1450', [1, 2]],
    ['mtu ge 1500', [1, 2]],
    ['mtu lt 1500', [3]],
    ['mtu le 1500', [1, 3]],
    ["mtu eq '9000'", [2]],
    ["name bw 'Web'", [2]],
    ["name ew 'dev'", []],
    ["name ew 'Dev'", [2]],
    ["name cs 'eb'", [1, 2]],
    ["name ct 'WEB'", [1, 2]],
    ["name rx '^w.b$'", [1]],
    ['enabled eq true', [1, 3]],
    ['enabled eq false and mtu gt 1000', [2]],
    ['note eq null', [1]],
    ['note ne null', [2, 3]],
    ["name eq 'o\\'brien'", [3]],
    ['proto eq 89', [1]],
    ["(name eq 'web' or name eq 'Web-Dev') and enabled eq true", [1]],
  ] as const)('%s → %j', (text, keys) => {
    expect(run(text)).toEqual(keys);
  });
  it('refuses a bad regular expression with 422', () => {
    expect(() => run("name rx '('")).toThrow(ApiError);
  });
});
