// The width fast path that patches/string-width+8.3.0.patch adds (so that
// neither Ink nor vseg sets up Unicode segmentation for the text a console
// frame is made of) against string-width's full algorithm: every character
// the fast path calls narrow is one cell and a grapheme of its own, whatever
// surrounds it, so a string of them is as wide as it is long; any other
// string takes the full algorithm.
import fc from 'fast-check';
import stringWidth, {narrowWidth} from 'string-width';
import {describe, expect, it} from 'vitest';
import {displayWidth, dropColumns, takeColumns} from '../../source/domain/text-width.js';
import {propertyParams} from '../support/seed.js';

const segments = (text: string) => [...new Intl.Segmenter().segment(text)].length;
/**
 * string-width's full algorithm: a zero-width space (a grapheme of its own
 * that never joins a neighbour, and no cell) keeps the text off the fast path.
 */
const full = (text: string) => stringWidth(`${text}\u200b`);
const narrow = Array.from({length: 0x2c00}, (_, c) => String.fromCharCode(c)).filter((ch) => narrowWidth(ch) === 1);

describe('narrow width table', () => {
  it('holds only characters the full algorithm counts as one cell that never join a neighbour', () => {
    expect(narrow.length).toBeGreaterThan(3000);
    expect(full('x')).toBe(1);
    expect(full('中')).toBe(2);
    const bad = narrow.filter(
      (ch) => full(ch) !== 1 || segments(`a${ch}a`) !== 3 || segments(ch + ch) !== 2 || full(`a${ch}${ch}a`) !== 4,
    );
    expect(bad.map((ch) => ch.charCodeAt(0).toString(16))).toEqual([]);
    const all = narrow.join('');
    expect(segments(all)).toBe(all.length);
    expect(full(all)).toBe(all.length);
    expect(full([...all].reverse().join(''))).toBe(all.length);
  });

  it('agrees with string-width on any text, or leaves it to string-width', () => {
    // Narrow characters mixed with what is not: marks, ZWJ, VS16, emoji, CJK, controls, escapes.
    const alphabet = fc.constantFrom(
      'a',
      ' ',
      '~',
      '›',
      '…',
      '·',
      '✓',
      '✗',
      '─',
      '▲',
      'é',
      'Ω',
      '⠋',
      '⚠',
      '❤',
      '\u0301',
      '\u200d',
      '\ufe0f',
      '🔒',
      '中',
      'ｱ',
      '\t',
      '\u001b[31m',
      '\u001b[0m',
      '\u00ad',
      '\u1100',
      '\u1161',
      '🇫',
      '🇷',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, {maxLength: 12}).map((l) => l.join('')),
        (text) => {
          const fast = narrowWidth(text);
          if (fast !== undefined) expect(fast).toBe(full(text));
          expect(displayWidth(text)).toBe(full(text));
        },
      ),
      propertyParams({numRuns: 3000}),
    );
    expect(narrowWidth('rule-00001 ✓·S· › 10.0.0.0/24 … ▲')).toBe(33);
    expect(narrowWidth('❤\ufe0f')).toBeUndefined();
    expect(narrowWidth('🔒')).toBeUndefined();
  });

  it('cuts narrow text by code units and other text by graphemes', () => {
    expect(takeColumns('a›b…c', 3)).toBe('a›b');
    expect(dropColumns('a›b…c', 2)).toBe('b…c');
    expect(takeColumns('中文字', 3)).toBe('中');
    expect(dropColumns('中文字', 1)).toBe(' 文字');
  });
});
