// Ink's Output with caches kept across frames draws exactly what a fresh
// Output draws, frame after frame, with styles, wide characters and clipping.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import Output from '../../node_modules/ink/build/output.js';
import {keepOutputCaches} from '../../source/ui/terminal/output-cache.js';

// eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity, never called
const originalGet = Output.prototype.get;

const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;
const piece = fc.constantFrom(
  'rule-00001',
  '  ',
  'accept',
  '›',
  '…',
  '10.0.0.0/24',
  '中文',
  '🔒',
  'é',
  '✓·S·',
  '\u200b',
);
const write = fc.record({
  x: fc.integer({min: -3, max: 30}),
  y: fc.integer({min: -1, max: 6}),
  text: fc.array(piece, {minLength: 1, maxLength: 6}).map((l) => l.join('')),
  style: fc.constantFrom('none', 'red', 'bold'),
  clip: fc.option(
    fc.record({
      x1: fc.integer({min: 0, max: 10}),
      x2: fc.integer({min: 5, max: 40}),
      y1: fc.integer({min: 0, max: 2}),
      y2: fc.integer({min: 2, max: 8}),
    }),
    {nil: undefined},
  ),
});

interface Op {
  x: number;
  y: number;
  text: string;
  style: string;
  clip?: {x1: number; x2: number; y1: number; y2: number} | undefined;
}

function draw(output: Output, ops: readonly Op[]): void {
  for (const op of ops) {
    const transformers = op.style === 'red' ? [red] : op.style === 'bold' ? [bold] : [];
    if (op.clip) output.clip(op.clip);
    output.write(op.x, op.y, op.text, {transformers: transformers.map((t) => (s: string) => t(s))});
    if (op.clip) output.unclip();
  }
}

describe('Ink output caches kept across frames', () => {
  it('installs on this version of Ink', () => {
    expect(keepOutputCaches()).toBe(true);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity, never called
    expect(Output.prototype.get).not.toBe(originalGet);
  });

  it('draws every frame exactly as a fresh Output does', () => {
    keepOutputCaches();
    fc.assert(
      fc.property(fc.array(fc.array(write, {maxLength: 8}), {minLength: 1, maxLength: 6}), (frames) => {
        for (const ops of frames) {
          const cached = new Output({width: 32, height: 7});
          const fresh = new Output({width: 32, height: 7});
          draw(cached, ops);
          draw(fresh, ops);
          expect(cached.get()).toEqual(originalGet.call(fresh));
        }
      }),
      {numRuns: 300},
    );
  });
});
