// The common case of cell width without Unicode segmentation: text made only
// of printable ASCII and of characters that are always one cell and always a
// grapheme of their own (Latin-1 letters, Greek, punctuation, arrows, box
// drawing, the theme's glyphs …) is as many cells as it has UTF-16 units.
// string-width gets the same answer through Intl.Segmenter and emoji regexes,
// which cost about 40 ms to set up at start and ~1 µs per character after:
// Ink measures every text node on every frame. The table below is checked
// against string-width, character by character, in test/ui/narrow.test.ts.

/** Code point ranges (inclusive): one cell, never joined to a neighbour. */
export const NARROW_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0xa1, 0xac],
  [0xae, 0x2ff],
  [0x370, 0x3ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2070, 0x20c0],
  [0x2100, 0x2319],
  [0x231c, 0x2328],
  [0x232b, 0x23e8],
  [0x23ed, 0x23ef],
  [0x23f1, 0x23f2],
  [0x23f4, 0x243f],
  [0x2460, 0x25fc],
  [0x25ff, 0x2613],
  [0x2616, 0x262f],
  [0x2638, 0x2647],
  [0x2654, 0x267e],
  [0x2680, 0x2689],
  [0x2690, 0x2692],
  [0x2694, 0x26a0],
  [0x26a2, 0x26a9],
  [0x26ac, 0x26bc],
  [0x26bf, 0x26c3],
  [0x26c6, 0x26cd],
  [0x26cf, 0x26d3],
  [0x26d5, 0x26e9],
  [0x26eb, 0x26f1],
  [0x26f4, 0x26f4],
  [0x26f6, 0x26f9],
  [0x26fb, 0x26fc],
  [0x26fe, 0x2704],
  [0x2706, 0x2709],
  [0x270c, 0x2727],
  [0x2729, 0x274b],
  [0x274d, 0x274d],
  [0x274f, 0x2752],
  [0x2756, 0x2756],
  [0x2758, 0x2794],
  [0x2798, 0x27af],
  [0x27b1, 0x27be],
  [0x27c0, 0x2b1a],
  [0x2b1d, 0x2b4f],
  [0x2b51, 0x2b54],
  [0x2b56, 0x2bff],
];

const NARROW = new Uint8Array(0x2c00);
for (const [lo, hi] of NARROW_RANGES) NARROW.fill(1, lo, hi + 1);
for (let c = 0x20; c <= 0x7e; c++) NARROW[c] = 1;

/** Cells of `text` when every character is narrow (see above); undefined otherwise. */
export function narrowWidth(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x2c00 || NARROW[c] === 0) return undefined;
  }
  return text.length;
}
