import {describe, expect, it} from 'vitest';
import {ago, agoText, bytes, yesNo} from '../../source/domain/format.js';

describe('display helpers (one wording for the console, the commands and the wizards)', () => {
  it('says how long ago, from milliseconds or from an API timestamp', () => {
    expect(agoText(4_400)).toBe('4 s ago');
    expect(agoText(125_000)).toBe('2 min ago');
    expect(agoText(3 * 3_600_000)).toBe('3 h ago');
    expect(agoText(50 * 3_600_000)).toBe('2 d ago');
    expect(agoText(-5)).toBe('0 s ago');
    expect(ago(1_000, 1_061_000)).toBe('1 min ago');
    expect(ago(0, 5_000)).toBe('never');
    expect(ago(null, 5_000)).toBe('never');
  });

  it('writes byte counts in binary units', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(150 * 1024 * 1024)).toBe('150 MiB');
    expect(bytes(-1)).toBe('0 B');
    expect(yesNo(true)).toBe('yes');
  });
});
