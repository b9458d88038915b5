// Intl.Segmenter with a fast path, put in its place throughout the console's
// bundle at build time (scripts/build.mjs: `define` + `inject`). Ink's text
// libraries (wrap-ansi, slice-ansi, @alcalzone/ansi-tokenize, Ink's own line
// updates) each create a segmenter when they load and run every line Ink draws
// through it. Creating the first one loads ICU's break-iterator data: 10-25 ms
// of the console's first frame, for text that is nearly always ASCII and box
// drawing, where every character is a grapheme of its own.
//
// So the segments of a string made only of such characters are produced here,
// one per UTF-16 unit, and the real segmenter is created the first time a
// string needs it. Which characters: Unicode's grapheme rules (UAX #29) break
// between any two characters whose Grapheme_Cluster_Break is Other or Control
// (GB4, GB5, GB999), except CR followed by LF (GB3); every rule that joins
// characters needs an Extend, ZWJ, SpacingMark, Prepend, Regional_Indicator or
// Hangul one, and none of those is in the table below. The test checks each
// character of the table against the real segmenter.
const Native = globalThis.Intl.Segmenter;

// Inclusive ranges of UTF-16 units (all below the surrogates): C0 controls,
// ASCII, C1 controls, Latin-1 up to the combining diacritics; then the ranges
// string-width's patch (patches/) counts as one cell and a grapheme of their
// own: Greek, punctuation, arrows, box drawing, geometric shapes, dingbats.
const SIMPLE_RANGES = [
  0x0, 0x2ff, 0x370, 0x3ff, 0x2010, 0x2027, 0x2030, 0x205e, 0x2070, 0x20c0, 0x2100, 0x2319, 0x231c, 0x2328, 0x232b,
  0x23e8, 0x23ed, 0x23ef, 0x23f1, 0x23f2, 0x23f4, 0x243f, 0x2460, 0x25fc, 0x25ff, 0x2613, 0x2616, 0x262f, 0x2638,
  0x2647, 0x2654, 0x267e, 0x2680, 0x2689, 0x2690, 0x2692, 0x2694, 0x26a0, 0x26a2, 0x26a9, 0x26ac, 0x26bc, 0x26bf,
  0x26c3, 0x26c6, 0x26cd, 0x26cf, 0x26d3, 0x26d5, 0x26e9, 0x26eb, 0x26f1, 0x26f4, 0x26f4, 0x26f6, 0x26f9, 0x26fb,
  0x26fc, 0x26fe, 0x2704, 0x2706, 0x2709, 0x270c, 0x2727, 0x2729, 0x274b, 0x274d, 0x274d, 0x274f, 0x2752, 0x2756,
  0x2756, 0x2758, 0x2794, 0x2798, 0x27af, 0x27b1, 0x27be, 0x27c0, 0x2b1a, 0x2b1d, 0x2b4f, 0x2b51, 0x2b54, 0x2b56,
  0x2bff,
];
const TABLE_END = 0x2c00;
let table: Uint8Array | undefined;

function simpleTable(): Uint8Array {
  if (table) return table;
  table = new Uint8Array(TABLE_END);
  for (let i = 0; i < SIMPLE_RANGES.length; i += 2) table.fill(1, SIMPLE_RANGES[i], SIMPLE_RANGES[i + 1] + 1);
  return table;
}

/** The UTF-16 units whose every one is a grapheme of its own (exported for the test). */
export function simpleUnits(): number[] {
  const t = simpleTable();
  const out: number[] = [];
  for (let c = 0; c < TABLE_END; c++) if (t[c] === 1) out.push(c);
  return out;
}

/** True when every UTF-16 unit of the string is a grapheme of its own. */
export function isSimple(text: string): boolean {
  const t = simpleTable();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= TABLE_END || t[c] === 0) return false;
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) return false;
  }
  return true;
}

/** What Intl.Segmenter's segment() returns, for a string of one-unit graphemes. */
class SimpleSegments {
  constructor(private readonly input: string) {}

  containing(at = 0): Intl.SegmentData | undefined {
    const i = Math.trunc(Number(at)) || 0;
    if (i < 0 || i >= this.input.length) return undefined;
    return {segment: this.input[i], index: i, input: this.input};
  }

  *[Symbol.iterator](): IterableIterator<Intl.SegmentData> {
    const input = this.input;
    for (let i = 0; i < input.length; i++) yield {segment: input[i], index: i, input};
  }
}

export class GraphemeSegmenter {
  private native: Intl.Segmenter | undefined;
  private readonly graphemes: boolean;

  constructor(
    private readonly locales?: string | readonly string[],
    private readonly options?: Intl.SegmenterOptions,
  ) {
    this.graphemes = (options?.granularity ?? 'grapheme') === 'grapheme';
    // Other granularities and an explicit locale get the real segmenter at once (and its errors for bad arguments).
    if (!this.graphemes || locales !== undefined) this.native = new Native(locales, options);
  }

  static supportedLocalesOf(
    locales: string | readonly string[],
    options?: {localeMatcher?: 'lookup' | 'best fit'},
  ): string[] {
    return Native.supportedLocalesOf(locales, options);
  }

  segment(input: string): Intl.Segments {
    const text = String(input);
    if (this.graphemes && isSimple(text)) return new SimpleSegments(text) as unknown as Intl.Segments;
    this.native ??= new Native(this.locales, this.options);
    return this.native.segment(text);
  }

  resolvedOptions(): Intl.ResolvedSegmenterOptions {
    this.native ??= new Native(this.locales, this.options);
    return this.native.resolvedOptions();
  }
}
