import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {isClean, sanitize, textOf} from '../../source/domain/text.js';
import {propertyParams} from '../support/seed.js';

describe('sanitize', () => {
  it('neutralises ESC, CSI, OSC, C1, DEL and bidi controls', () => {
    const evil = 'web\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\x7f\u202eabc';
    const out = sanitize(evil);
    expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
    expect(out.startsWith('web␛]52;c;ZXZpbA==␇␛[2J')).toBe(true);
  });
  it('leaves ordinary text (accents, CJK, emoji) alone', () => {
    expect(sanitize('réseau-数据-🔥')).toBe('réseau-数据-🔥');
    expect(sanitize(null)).toBe('');
    expect(sanitize(42)).toBe('42');
  });
  it('shows an object where text was expected as its JSON, not "[object Object]"', () => {
    expect(sanitize({code: 'x\x1b'})).toBe('{"code":"x\\u001b"}');
    expect(textOf({code: 7})).toBe('{"code":7}');
    expect(textOf(['a', 1])).toBe('a,1');
    expect(textOf(new Error('boom'))).toBe('Error: boom');
    expect(textOf(undefined)).toBe('');
  });
  it('never lets a control character through', () => {
    fc.assert(
      fc.property(fc.string({unit: 'binary'}), (s) => {
        expect(isClean(sanitize(s))).toBe(true);
      }),
      propertyParams(),
    );
  });
});
