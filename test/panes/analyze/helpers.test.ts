// The pure parts of the Analyze views and of the shared presentation: grid
// labels and windows, cursor moves, wrapping, `:why` arguments, export names.
import {describe, expect, it} from 'vitest';
import {shortLabels, wrapLines} from '../../../source/policy/present.js';
import {follow, gridLayout, moveCursor} from '../../../source/ui/panes/analyze/matrix-grid.js';
import {defaultExportName} from '../../../source/session/site-files.js';
import {initialFromArgs, queryOf} from '../../../source/ui/panes/analyze/why-form.js';

describe('shortLabels', () => {
  it('keeps names that fit, cuts the rest and numbers clashes', () => {
    expect(shortLabels(['db', 'web', 'outside'], 8)).toEqual(['db', 'web', 'outside']);
    expect(shortLabels(['tenant_acme', 'tenant_beta', 'web'], 6)).toEqual(['tenan1', 'tenan2', 'web']);
    expect(shortLabels(['aaaa', 'aaab'], 1)).toEqual(['1', '2']);
    const labels = shortLabels(
      Array.from({length: 30}, (_, i) => `net-${String(i).padStart(4, '0')}`),
      3,
    );
    expect(new Set(labels).size).toBe(30);
    for (const l of labels) expect(l.length).toBeLessThanOrEqual(3);
  });
});

describe('wrapLines', () => {
  it('wraps at spaces with a hanging indent and leaves short lines alone', () => {
    const out = wrapLines(
      [
        {
          kind: 'detail',
          text: '    skipped #1 Allow PostgreSQL from web — destination ports: port 3306 is not in "5432"',
        },
        {kind: 'hop', text: 'short'},
      ],
      40,
    );
    expect(out.map((l) => l.text)).toEqual([
      '    skipped #1 Allow PostgreSQL from web',
      '      — destination ports: port 3306 is',
      '      not in "5432"',
      'short',
    ]);
    expect(out.every((l) => l.text.length <= 40)).toBe(true);
    expect(out[1].kind).toBe('detail');
    // A word longer than the line is cut, not looped on.
    expect(wrapLines([{kind: 'note', text: 'x'.repeat(50)}], 20).map((l) => l.text.length)).toEqual([20, 20, 14]);
  });
});

describe('matrix grid', () => {
  const names = ['db', 'dev', 'mgmt', 'tenant_acme', 'web', 'outside'];

  it('fits every column at 80 columns and windows them when narrow', () => {
    const wide = gridLayout(names, 80, 19);
    expect(wide.visibleCols).toBe(6);
    expect(wide.colLabels).toEqual(['db', 'dev', 'mgmt', 'tenant_a', 'web', 'outside']);
    expect(2 + wide.rowWidth + 1 + wide.visibleCols * (wide.colWidth + 1) - 1).toBeLessThanOrEqual(80);
    const many = gridLayout(
      Array.from({length: 200}, (_, i) => `net-${i}`),
      80,
      19,
    );
    expect(many.colWidth).toBe(3);
    expect(many.visibleRows).toBe(14);
    expect(2 + many.rowWidth + 1 + many.visibleCols * (many.colWidth + 1) - 1).toBeLessThanOrEqual(80);
  });

  it('moves the cursor inside the grid and the window along with it', () => {
    expect(moveCursor({row: 0, col: 0}, 'h', 6, 5)).toEqual({row: 0, col: 0});
    expect(moveCursor({row: 0, col: 0}, 'l', 6, 5)).toEqual({row: 0, col: 1});
    expect(moveCursor({row: 0, col: 3}, 'G', 6, 5)).toEqual({row: 5, col: 3});
    expect(moveCursor({row: 2, col: 3}, '$', 6, 5)).toEqual({row: 2, col: 5});
    expect(moveCursor({row: 2, col: 3}, 'x', 6, 5)).toBeUndefined();
    const layout = gridLayout(
      Array.from({length: 200}, (_, i) => `net-${i}`),
      80,
      19,
    );
    const win = follow({firstRow: 0, firstCol: 0}, {row: 150, col: 199}, layout, 200);
    expect(win).toEqual({firstRow: 150 - layout.visibleRows + 1, firstCol: 200 - layout.visibleCols});
    expect(follow(win, {row: 149, col: 190}, layout, 200)).toEqual(win);
  });
});

describe(':why arguments and the form', () => {
  it('turns arguments into initial values and a query', () => {
    expect(initialFromArgs(['web-01', 'db-01', 'tcp/3306'])).toEqual({
      initial: {from: 'web-01', to: 'db-01', protocol: 'tcp', port: 3306},
    });
    expect(initialFromArgs(['web-01', 'db-01'])).toEqual({initial: {from: 'web-01', to: 'db-01'}});
    expect(initialFromArgs(['a', 'b', 'tcp/1-100']).error).toBe(':why tcp/1-100: the form takes one port');
    expect(initialFromArgs(['a', 'b', 'tcp/22', 'x']).error).toBe(':why takes <from> <to> [service], not "x"');
    expect(
      queryOf({from: 'vm:web-01', fromText: '', to: undefined, toText: ' 10.0.0.1 ', protocol: 'udp', port: 53}),
    ).toEqual({from: 'vm:web-01', to: '10.0.0.1', service: 'udp/53'});
    expect(
      queryOf({from: 'net:web', fromText: '', to: 'outside', toText: '', protocol: 'any', port: undefined}),
    ).toEqual({from: 'net:web', to: 'outside', service: 'any'});
  });
});

describe('defaultExportName', () => {
  it('is <profile>-segmentation.yaml with a file-safe profile name', () => {
    expect(defaultExportName('prod')).toBe('prod-segmentation.yaml');
    expect(defaultExportName('127.0.0.1:8443')).toBe('127.0.0.1-8443-segmentation.yaml');
    expect(defaultExportName('../../etc/x')).toBe('etc-x-segmentation.yaml');
    expect(defaultExportName('')).toBe('site-segmentation.yaml');
  });
});
