import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {editLine, insertText, lineAt} from '../../source/ui/components/line-edit.js';
import {keyEvent} from '../../source/ui/keys/names.js';
import {displayWidth, dropColumns, fit, truncate} from '../../source/domain/text-width.js';
import {asciiGlyphs} from '../../source/ui/terminal/ascii-stream.js';

describe('width', () => {
  test('truncates by display cells with an ellipsis', () => {
    expect(truncate('network-web', 8)).toBe('network…');
    expect(truncate('short', 8)).toBe('short');
    expect(displayWidth('网络web')).toBe(7);
    const cut = truncate('网络网络网络', 7);
    expect(stringWidth(cut)).toBeLessThanOrEqual(7);
    expect(cut.endsWith('…')).toBe(true);
    expect(stringWidth(truncate('🔥🔥🔥 hot', 5))).toBeLessThanOrEqual(5);
  });

  test('fit pads to exactly the width, including after a wide character is cut', () => {
    for (const text of ['web', '网络网络网络', '🔥🔥🔥 hot', 'a\u0301b', '']) {
      for (const w of [1, 2, 5, 6, 7, 12]) expect(stringWidth(fit(text, w)), `${text}@${w}`).toBe(w);
    }
    expect(fit('42', 5, 'right')).toBe('   42');
  });

  test('dropColumns keeps alignment when a wide character is split', () => {
    expect(dropColumns('abcdef', 2)).toBe('cdef');
    expect(dropColumns('网络ab', 1)).toBe(' 络ab');
    expect(stringWidth(dropColumns('网络ab', 1))).toBe(stringWidth('网络ab') - 1);
  });
});

describe('line editing', () => {
  test('inserts, moves by grapheme and deletes', () => {
    let s = lineAt('');
    for (const ch of 'web') s = editLine(s, keyEvent(ch))!;
    expect(s).toEqual({value: 'web', cursor: 3});
    s = editLine(s, keyEvent('left'))!;
    s = editLine(s, keyEvent('backspace'))!;
    expect(s).toEqual({value: 'wb', cursor: 1});
    s = editLine(lineAt('x👍🏽'), keyEvent('backspace'))!;
    expect(s.value).toBe('x');
    expect(editLine(lineAt('a b c'), keyEvent('ctrl+w'))!.value).toBe('a b ');
    expect(editLine(lineAt('abc'), keyEvent('ctrl+u'))!.value).toBe('');
    expect(editLine(lineAt('abc'), keyEvent('escape'))).toBeUndefined();
  });

  test('pasted control characters never enter a field', () => {
    expect(insertText(lineAt(''), 'a\u001b]52;c;eA==\u0007b\nc').value).toBe('a]52;c;eA==b c');
  });
});

describe('ASCII mode', () => {
  test('swaps each glyph for ASCII of the same width, so a measured frame keeps its layout', () => {
    const line = 'web → db · 1–9 of 16 — ‹ tcp › ▾ ✓ ▲ ● ┌─┐│└┘ ▁▄█ …';
    const out = asciiGlyphs(line);
    expect(out).toMatch(/^[\x20-\x7e]*$/);
    expect(displayWidth(out)).toBe(displayWidth(line));
    expect(asciiGlyphs('网络 web-01')).toBe('网络 web-01');
  });
});
