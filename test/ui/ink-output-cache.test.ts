// patches/ink+8.0.0.patch keeps Ink's Output caches (styled characters and
// widths, pure functions of the text) for two frames instead of one: a redraw
// finds the unchanged text of the previous frame. Here: the patch is in place,
// and every frame draws exactly what an Output with fresh caches draws, frame
// after frame, with styles, wide characters and clipping. (The Output class is
// reached by path: Ink's package exports only its entry point.)
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import Output from '../../node_modules/ink/build/output.js';
import {propertyParams} from '../support/seed.js';

interface Caches {
  previous?: Caches;
  styledChars: Map<string, unknown>;
}
const cachesOf = (output: Output) => (output as unknown as {caches: Caches}).caches;
/** An Output whose caches start empty and are its own (what unpatched Ink gives every frame). */
function freshOutput(width: number, height: number): Output {
  const output = new Output({width, height});
  const Caches = cachesOf(output).constructor as new () => Caches;
  (output as unknown as {caches: Caches}).caches = new Caches();
  return output;
}

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

describe("Ink's Output caches kept across frames (patches/ink+8.0.0.patch)", () => {
  it('a frame starts with what the frame before it measured, and nothing older', () => {
    const first = new Output({width: 20, height: 1});
    draw(first, [{x: 0, y: 0, text: 'first frame', style: 'none'}]);
    first.get();
    const second = new Output({width: 20, height: 1});
    expect(cachesOf(second).previous?.styledChars.has('first frame')).toBe(true);
    draw(second, [{x: 0, y: 0, text: 'second frame', style: 'none'}]);
    second.get();
    const third = new Output({width: 20, height: 1});
    expect(cachesOf(third).previous?.styledChars.has('second frame')).toBe(true);
    expect(cachesOf(third).previous?.styledChars.has('first frame')).toBe(false);
    expect(cachesOf(third).previous?.previous).toBeUndefined();
  });

  it('draws every frame exactly as an Output with fresh caches does', () => {
    fc.assert(
      fc.property(fc.array(fc.array(write, {maxLength: 8}), {minLength: 1, maxLength: 6}), (frames) => {
        for (const ops of frames) {
          const cached = new Output({width: 32, height: 7});
          const fresh = freshOutput(32, 7);
          draw(cached, ops);
          draw(fresh, ops);
          expect(cached.get()).toEqual(fresh.get());
        }
      }),
      propertyParams({numRuns: 300}),
    );
  });
});
