// The width fast path against string-width: every character the table calls
// narrow is one cell and a grapheme of its own, whatever surrounds it, so a
// string of them is as wide as it is long; any other string is left to
// string-width.
import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {NARROW_RANGES, narrowWidth} from '../../source/ui/text/narrow.js';
import {displayWidth, dropColumns, takeColumns} from '../../source/ui/text/width.js';

const segments = (text: string) => [...new Intl.Segmenter().segment(text)].length;
const narrow = NARROW_RANGES.flatMap(([lo, hi]) =>
  Array.from({length: hi - lo + 1}, (_, i) => String.fromCharCode(lo + i)),
);

describe('narrow width table', () => {
  it('holds only characters string-width counts as one cell that never join a neighbour', () => {
    const bad = narrow.filter(
      (ch) =>
        stringWidth(ch) !== 1 ||
        segments(`a${ch}a`) !== 3 ||
        segments(ch + ch) !== 2 ||
        stringWidth(`a${ch}${ch}a`) !== 4,
    );
    expect(bad.map((ch) => ch.charCodeAt(0).toString(16))).toEqual([]);
    const all = narrow.join('');
    expect(segments(all)).toBe(all.length);
    expect(stringWidth(all)).toBe(all.length);
    expect(stringWidth([...all].reverse().join(''))).toBe(all.length);
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
          if (fast !== undefined) expect(fast).toBe(stringWidth(text));
          expect(displayWidth(text)).toBe(stringWidth(text));
        },
      ),
      {numRuns: 3000},
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
