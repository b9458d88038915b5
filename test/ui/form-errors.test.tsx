// A field's error is never lost to the width: the column next to the field
// cuts a long message, so the focused field's whole message is shown wrapped
// under the form — at every width, inside the form's fixed height.
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {Form} from '../../source/ui/components/form/Form.js';
import type {FieldDef} from '../../source/ui/components/form/fields.js';
import {wrapText} from '../../source/ui/text/wrap.js';
import {KeyRouterProvider} from '../../source/ui/keys/context.js';
import {renderTui, stripAnsi} from './harness.js';

const LONG =
  '"10.10.1.5/16" has host bits set; did you mean 10.10.0.0/16? The base block must be a network address, not a host in it';

function fields(count: number): FieldDef[] {
  return [
    {
      kind: 'text',
      name: 'block',
      label: 'Base block',
      initial: '10.10.1.5/16',
      validate: (v) => (v === '10.10.0.0/16' ? undefined : LONG),
    },
    {kind: 'text', name: 'short', label: 'Short', validate: (v) => (v === 'x' ? 'not x' : undefined)},
    ...Array.from({length: count}, (_, i): FieldDef => ({kind: 'text', name: `f${i}`, label: `Field ${i + 1}`})),
  ];
}

function mount(columns: number, height: number, extra = 2) {
  return renderTui(
    <KeyRouterProvider>
      <Form
        fields={fields(extra)}
        onSubmit={() => undefined}
        onCancel={() => undefined}
        width={columns}
        height={height}
        title="Networks and addressing"
      />
    </KeyRouterProvider>,
    {columns, rows: height},
  );
}

const flat = (frame: string) =>
  stripAnsi(frame)
    .split('\n')
    .map((l) => l.trimEnd())
    .join(' ')
    .replace(/\s+/g, ' ');

describe('form errors at any width', () => {
  for (const columns of [60, 80, 100, 120]) {
    test(`${columns} columns: the focused field's whole error is on screen, the height is kept`, async () => {
      const tui = mount(columns, 12);
      await tui.waitFor('Networks and addressing');
      tui.press('ctrl+s');
      const frame = await tui.waitFor('Fix 1 field');
      const lines = stripAnsi(frame).split('\n');
      // Inline, next to the field: cut at this width.
      expect(lines.find((l) => l.includes('Base block'))).toMatch(/✖ "10\.10\.1\.5\/16" has/);
      expect(lines.find((l) => l.includes('Base block'))).not.toContain('not a host in it');
      // Whole, under the form, with the field it belongs to.
      expect(flat(frame)).toContain(`✖ Base block: ${LONG}`);
      expect(lines.length).toBeLessThanOrEqual(12);
      for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(columns);
      // Every field still has its row.
      for (const label of ['Base block', 'Short', 'Field 1', 'Field 2']) expect(frame).toContain(label);
      tui.unmount();
    });
  }

  test('wide enough for the column: no second copy; fixed: the detail goes', async () => {
    const tui = mount(240, 12);
    await tui.waitFor('Networks and addressing');
    tui.press('ctrl+s');
    const frame = stripAnsi(await tui.waitFor('Fix 1 field'));
    expect(frame.split(LONG)).toHaveLength(2);
    expect(frame).not.toContain('✖ Base block:');
    tui.unmount();

    const narrow = mount(80, 12);
    await narrow.waitFor('Networks and addressing');
    narrow.press('ctrl+s');
    await narrow.waitFor('✖ Base block:');
    narrow.press('ctrl+a', 'ctrl+k');
    narrow.type('10.10.0.0/16');
    await narrow.waitFor((f) => !stripAnsi(f).includes('✖') && stripAnsi(f).includes('10.10.0.0/16'));
    // Another field's short error fits its column: nothing under the form.
    narrow.press('tab');
    narrow.type('x');
    const short = stripAnsi(await narrow.waitFor('not x'));
    expect(short).not.toContain('✖ Short:');
    narrow.unmount();
  });

  test('a form taller than its room keeps the focused field visible above the detail', async () => {
    const tui = mount(80, 8, 8);
    await tui.waitFor('Networks and addressing');
    tui.press('ctrl+s');
    const frame = stripAnsi(await tui.waitFor('Fix 1 field'));
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines.some((l) => /^› Base block/.test(l))).toBe(true);
    expect(frame).toContain('✖ Base block:');
    expect(lines.some((l) => l.startsWith(' [ Submit ]'))).toBe(true);
    tui.unmount();
  });
});

describe('wrapText', () => {
  test('breaks at spaces, cuts long words, marks what did not fit', () => {
    expect(wrapText('aaa bbb ccc', 7, 5)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('abcdefghij', 4, 5)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('aaa bbb ccc ddd', 7, 1)).toEqual(['aaa bb…']);
    expect(wrapText('a b', 0, 3)).toEqual([]);
    for (const l of wrapText('宽字符 宽字符宽字符宽字符', 5, 10)) expect(stringWidth(l)).toBeLessThanOrEqual(5);
  });
});
