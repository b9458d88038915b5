// `vseg matrix -o json|yaml` writes the document a row at a time: at 1,001
// networks the whole document (a million cells with their outcomes) did not
// fit in one string, and the command died with "Invalid string length". Held
// here: the pieces make exactly the bytes of the whole-document writers, and
// what is written at once stays bounded whatever the size of the matrix.
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {matrixDocument, matrixDocumentText} from '../../source/commands/matrix-format.js';
import {renderJson, renderYaml, writePieces} from '../../source/commands/output.js';
import {matrix, matrixStream, type MatrixOptions} from '../../source/policy/index.js';
import type {Site} from '../../source/domain/model.js';
import {emptySite} from '../../source/domain/model.js';
import {demoSite} from '../sitefile/fixtures.js';
import {threeTier} from '../policy/fixtures.js';

const cases: Array<[string, () => Site, MatrixOptions]> = [
  ['the demo site, any service', demoSite, {}],
  [
    'the demo site, tcp/5432, pending rules',
    demoSite,
    {service: {protocol: 'tcp', ports: [5432, 5432]}, ruleset: 'pending'},
  ],
  ['three tiers, every network type', () => threeTier().b.build(), {types: ['internal', 'external']}],
  ['no network at all, outside only', emptySite, {}],
  ['no node at all', emptySite, {outside: false}],
];

describe('matrix documents written a row at a time', () => {
  for (const [label, site, options] of cases) {
    it(`${label}: the same bytes as the whole document`, () => {
      const whole = matrixDocument(matrix(site(), options));
      expect([...matrixDocumentText(matrixStream(site(), options), 'json')].join('')).toBe(renderJson(whole));
      expect([...matrixDocumentText(matrixStream(site(), options), 'yaml')].join('')).toBe(renderYaml(whole));
    });
  }

  it('evaluates a row only when it is written', () => {
    const stream = matrixStream(demoSite());
    let evaluated = 0;
    const rows = stream.rows.bind(stream);
    stream.rows = function* () {
      for (const row of rows()) {
        evaluated++;
        yield row;
      }
    };
    const pieces = matrixDocumentText(stream, 'json');
    pieces.next(); // the head
    pieces.next(); // nodes, and the opening of the cells
    pieces.next(); // the first row
    expect(evaluated).toBe(1);
  });

  it('writes a bounded amount at a time', async () => {
    const out = new PassThrough();
    const writes: number[] = [];
    out.on('data', (d: Buffer) => writes.push(d.length));
    const pieces = matrixDocumentText(matrixStream(demoSite()), 'json');
    await writePieces(out, pieces, 2048);
    out.end();
    const largestRow = Math.max(...[...matrixDocumentText(matrixStream(demoSite()), 'json')].map((p) => p.length));
    expect(writes.length).toBeGreaterThan(1);
    for (const w of writes) expect(w).toBeLessThan(2048 + largestRow + 1);
  });
});
