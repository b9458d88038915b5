// Headless tables measure cells as the terminal draws them (string-width, the
// console's own arithmetic): a CJK or emoji name takes two cells a character,
// and the columns after it still line up.
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {PassThrough} from 'node:stream';
import {renderRows, renderTable, writeRows, type Column} from '../../source/commands/output.js';

interface Row {
  name: string;
  ip: string;
}
const COLUMNS: Column<Row>[] = [
  {header: 'NAME', value: (r) => r.name},
  {header: 'IP', value: (r) => r.ip},
];
/** The cell where `part` starts on `line`. */
const cellOf = (line: string, part: string) => stringWidth(line.slice(0, line.indexOf(part)));

describe('headless tables', () => {
  it('line up columns after wide names', () => {
    const rows = [
      {name: '数据库', ip: '10.0.0.1'},
      {name: 'web', ip: '10.0.0.2'},
      {name: 'café 🔒', ip: '10.0.0.3'},
    ];
    const lines = renderTable(rows, COLUMNS, 80).trimEnd().split('\n');
    const starts = lines.slice(1).map((l, i) => cellOf(l, rows[i].ip));
    expect(new Set([cellOf(lines[0], 'IP'), ...starts]).size).toBe(1);
  });

  it('cuts a wide name to the cells it has, never wider', () => {
    const rows = [{name: '数据库数据库数据库数据库', ip: '10.0.0.1'}];
    for (const line of renderTable(rows, COLUMNS, 20).trimEnd().split('\n'))
      expect(stringWidth(line)).toBeLessThanOrEqual(20);
  });
});

describe('writeRows', () => {
  it('writes a long table in slices whose text is the whole table, line for line', async () => {
    const rows = Array.from({length: 4321}, (_, i) => ({
      name: `net-${i}${i % 7 === 0 ? '-longer' : ''}`,
      ip: `10.0.${i % 256}.1`,
    }));
    const chunks: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (b: Buffer) => chunks.push(b.toString()));
    for (const format of ['table', 'wide', 'csv']) {
      chunks.length = 0;
      await writeRows(stream, rows, COLUMNS, {isTTY: true, columns: 20}, format);
      await new Promise((resolve) => setImmediate(resolve));
      expect(chunks.join('')).toBe(renderRows(rows, COLUMNS, {isTTY: true, columns: 20}, format));
      if (format !== 'csv') expect(chunks.length).toBeGreaterThan(2);
    }
  });
});
