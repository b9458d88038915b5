// The segmenter the build puts in place of Intl.Segmenter (scripts/build.mjs)
// against the real one: every character its fast path takes is a grapheme of
// its own next to any other of them, and on any text, fast path or not, it
// gives the real segmenter's segments.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {GraphemeSegmenter, isSimple, simpleUnits} from '../../source/ui/terminal/grapheme-segmenter.js';
import {REPO} from '../e2e/harness.js';
import {propertyParams} from '../support/seed.js';

const native = new Intl.Segmenter();
const count = (text: string) => [...native.segment(text)].length;
const plain = (segments: Iterable<Intl.SegmentData>) =>
  [...segments].map(({segment, index, input}) => ({segment, index, input}));

describe('grapheme segmenter', () => {
  it('takes only characters the real segmenter keeps apart from each other and from ASCII', () => {
    const units = simpleUnits().map((c) => String.fromCharCode(c));
    expect(units.length).toBeGreaterThan(3500);
    // A character joins a neighbour only through its own class (UAX #29): an
    // Extend, ZWJ or SpacingMark joins what is before it, a Prepend what
    // follows, Hangul jamo and regional indicators join their own kind.
    // Breaks on both sides of a doubled character rule all of them out (CR
    // before LF is the one pair that joins: isSimple checks for it).
    const bad = units.filter((ch) => count(`a${ch}${ch}a`) !== 4 || (ch !== '\r' && count(`\n${ch}\n`) !== 3));
    expect(bad.map((ch) => ch.charCodeAt(0).toString(16))).toEqual([]);
    const all = units.filter((ch) => ch !== '\r').join('');
    expect(count(all)).toBe(all.length);
    expect(count([...all].reverse().join(''))).toBe(all.length);
  });

  it('gives the real segments on any text, fast path or not', () => {
    const alphabet = fc.constantFrom(
      'a',
      ' ',
      '~',
      '\r',
      '\n',
      '\t',
      '\u001b',
      '›',
      '…',
      '─',
      '▲',
      'é',
      'Ω',
      '⚠',
      '❤',
      '\u0301',
      '\u200d',
      '\ufe0f',
      '🔒',
      '中',
      '\u00ad',
      '\u1100',
      '\u1161',
      '🇫',
      '🇷',
      '\u0600',
      '\u0903',
    );
    const ours = new GraphemeSegmenter();
    fc.assert(
      fc.property(
        fc.array(alphabet, {maxLength: 16}).map((l) => l.join('')),
        fc.nat(20),
        (text, at) => {
          expect(plain(ours.segment(text))).toEqual(plain(native.segment(text)));
          const mine = ours.segment(text).containing(at);
          const theirs = native.segment(text).containing(at);
          expect(mine && {...mine}).toEqual(
            theirs && {segment: theirs.segment, index: theirs.index, input: theirs.input},
          );
        },
      ),
      propertyParams({numRuns: 3000}),
    );
  });

  it('keeps CR LF one grapheme and leaves words and sentences to the real segmenter', () => {
    expect(isSimple('a\r\nb')).toBe(false);
    expect(plain(new GraphemeSegmenter().segment('a\r\nb')).map((s) => s.segment)).toEqual(['a', '\r\n', 'b']);
    expect(isSimple('rule-00001 ✓ › 10.0.0.0/24 … ▲')).toBe(true);
    const words = new GraphemeSegmenter(undefined, {granularity: 'word'});
    expect([...words.segment('two words')].map((s) => s.segment)).toEqual(['two', ' ', 'words']);
    expect(() => new GraphemeSegmenter(undefined, {granularity: 'letters' as 'word'})).toThrow(RangeError);
    expect(new GraphemeSegmenter().resolvedOptions().granularity).toBe('grapheme');
  });

  it('stands in for every Intl.Segmenter of the built console', () => {
    // The bundle names the real one only inside the segmenter itself.
    // Built into a directory of its own: dist/ is what the terminal tests are running.
    const out = mkdtempSync(join(tmpdir(), 'vseg-build-'));
    try {
      execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], {
        cwd: REPO,
        env: {...process.env, VSEG_BUILD_DIR: out},
      });
      const dir = join(out, 'chunks');
      const naming = readdirSync(dir).filter((f) => readFileSync(join(dir, f), 'utf8').includes('Intl.Segmenter'));
      expect(naming).toHaveLength(1);
      expect(readFileSync(join(dir, naming[0]), 'utf8')).toContain('globalThis.Intl.Segmenter');
    } finally {
      rmSync(out, {recursive: true, force: true});
    }
  });
});
