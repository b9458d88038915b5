// readYaml reads the plain subset of YAML itself (yaml-subset.ts) and hands
// everything else to the `yaml` library (the reference: YAML 1.2 core schema,
// unique keys, alias limit). Held here: on every text, readYaml gives what the
// reference gives — the same data, or an error where the reference has one —
// and the files vseg writes are read by the fast path.
import fc from 'fast-check';
import {parse, stringify} from 'yaml';
import {describe, expect, it} from 'vitest';
import {readYaml} from '../../source/domain/sitefile/yaml-read.js';
import {readYamlSubset} from '../../source/domain/sitefile/yaml-subset.js';
import {exportSite} from '../../source/domain/sitefile/index.js';
import {demoSite} from './fixtures.js';
import {propertyParams} from '../support/seed.js';

type Outcome = {ok: true; value: unknown} | {ok: false};

function reference(text: string): Outcome {
  try {
    return {ok: true, value: parse(text, {uniqueKeys: true, maxAliasCount: 100, prettyErrors: true})};
  } catch {
    return {ok: false};
  }
}

function fast(text: string): Outcome {
  try {
    return {ok: true, value: readYaml(text)};
  } catch {
    return {ok: false};
  }
}

/** Same outcome; values compared with Object.is at the leaves (NaN, -0), missing and null told apart. */
function expectSame(text: string): void {
  const want = reference(text);
  const got = fast(text);
  expect(
    got.ok,
    `readYaml ${got.ok ? 'accepted' : 'refused'} what the reference ${want.ok ? 'accepts' : 'refuses'}:\n${text}`,
  ).toBe(want.ok);
  if (want.ok && got.ok) expect(got.value, text).toStrictEqual(want.value);
}

// Plain scalars whose type the schema decides: each must resolve as the YAML 1.2 core schema says.
const SCALARS = [
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'nUll',
  'true',
  'True',
  'TRUE',
  'tRue',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '0',
  '-0',
  '+12',
  '012',
  '0o17',
  '0O17',
  '0o8',
  '0x1F',
  '0X1F',
  '0xg',
  '0b101',
  '1_000',
  '1,000',
  '.5',
  '5.',
  '-.5e3',
  '1e3',
  '1E+3',
  '1e',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '.NAN',
  'nan',
  'inf',
  '2026-12-31',
  '2026-12-31T10:00:00Z',
  '12:30',
  '1:20:30',
  '0.0.0.0/0',
  '10.1.2.3',
  'tcp/443',
  '443-450',
  '=',
  '<<',
];

describe('readYaml against the reference parser', () => {
  it('resolves every kind of plain scalar as YAML 1.2 core does', () => {
    for (const s of SCALARS) {
      expectSame(`value: ${s}\n`);
      expectSame(`- ${s}\n`);
      expectSame(`{a: ${s}}\n`);
      expectSame(`"${s}": 1\n`);
    }
  });

  it('reads an exported site itself, as the reference does', () => {
    const text = exportSite(demoSite());
    expect(text).toMatch(/\{ secret: /);
    expect(readYamlSubset(text)?.value).toStrictEqual(
      reference(text).ok && (reference(text) as {value: unknown}).value,
    );
  });

  it('reads the usual hand-written forms itself', () => {
    const text = [
      '# a comment',
      'apiVersion: vseg/v1   # trailing comment',
      "kind: 'Segmentation'",
      'networks:',
      '- name: web',
      '  cidr: 10.0.1.0/24',
      '  rules:',
      '    - {name: a, ports: "80"}',
      '    - ports: [80, "443", 8000-8080]',
      '    - name: "b: c"',
      "      description: 'it''s'",
      '      enabled: true',
      '      orderid: 0x1F',
      '',
      'aliases: []',
      'tenants: {}',
    ].join('\r\n');
    const subset = readYamlSubset(text);
    expect(subset).toBeDefined();
    expect(subset!.value).toStrictEqual((reference(text) as {value: unknown}).value);
  });

  it('hands anchors, aliases, tags and directives to the reference: its alias limit holds', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({length: 12}, (_, i) => {
        const prev = i === 0 ? 'a' : `b${i - 1}`;
        return `b${i}: &b${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join('\n');
    expect(fast(bomb).ok).toBe(false);
    expectSame('a: &x 1\nb: *x\n');
    expectSame('a: !!str 12\nb: !!int "7"\n');
    expectSame('%YAML 1.1\n---\na: yes\nb: 0o7\n');
    expectSame('a: 1\na: 2\n');
    expectSame('a: 1\n---\nb: 2\n');
  });

  const text = fc.oneof(
    fc.constantFrom(
      ...SCALARS,
      'a: b',
      '- x',
      '#',
      ' #c',
      "'",
      '"',
      '\\',
      '\t',
      '\u2028',
      '\u0085',
      'é',
      '🙂',
      '\u202e',
    ),
    fc.string({maxLength: 8}),
    fc.string({unit: 'grapheme', maxLength: 4}),
  );
  const data = fc.letrec((tie) => ({
    node: fc.oneof({depthSize: 'small'}, tie('leaf'), tie('list'), tie('map')),
    leaf: fc.oneof(text, fc.integer(), fc.double({noDefaultInfinity: false}), fc.boolean(), fc.constant(null)),
    list: fc.array(tie('node'), {maxLength: 4}),
    map: fc.dictionary(text, tie('node'), {maxKeys: 4}),
  })).node;
  // Site files are maps at the top: half the documents are, so the fast path is exercised.
  const doc = fc.oneof(data, fc.dictionary(text, data, {minKeys: 1, maxKeys: 5}));
  const style = fc.record({
    lineWidth: fc.constantFrom(0, 20, 80),
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
    collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  } as const);

  it('reads whatever the reference writes, in every style, as the reference reads it', () => {
    let fastPath = 0;
    fc.assert(
      fc.property(doc, style, (value, options) => {
        const text = stringify(value, options);
        if (readYamlSubset(text)) fastPath++;
        expectSame(text);
      }),
      propertyParams({numRuns: 600}),
    );
    // Not vacuous: a good share of these went through the subset reader.
    expect(fastPath).toBeGreaterThan(20);
  });

  it('refuses what the reference refuses: texts broken at random places', () => {
    const breaks = fc.constantFrom(
      ':',
      ': ',
      '- ',
      '\t',
      '  ',
      '\n',
      '"',
      "'",
      '[',
      ']',
      '{',
      '}',
      '#',
      ',',
      '|',
      '>',
      '? ',
      '\\',
      '---\n',
    );
    let fastPath = 0;
    fc.assert(
      fc.property(doc, style, fc.nat(), breaks, fc.boolean(), (value, options, at, piece, drop) => {
        const good = stringify(value, options);
        const i = at % (good.length + 1);
        const text = good.slice(0, i) + piece + good.slice(i + (drop ? 1 : 0));
        if (readYamlSubset(text)) fastPath++;
        expectSame(text);
      }),
      propertyParams({numRuns: 1500}),
    );
    expect(fastPath).toBeGreaterThan(20);
  });
});
