// Bundle-only stand-in for string-width (scripts/build.mjs aliases the package
// to this file for every importer, Ink included): narrow text is measured
// without Unicode segmentation, and string-width itself (whose module sets up
// Intl.Segmenter and emoji regexes, ~20 ms) loads only for the first string
// that needs it. Same answers: see source/ui/text/narrow.ts and its test.
import stripAnsi from 'strip-ansi';
import {narrowWidth} from '../source/ui/text/narrow.ts';

let real;

export default function stringWidth(input, options) {
  if (typeof input !== 'string' || input.length === 0) return 0;
  if (options === undefined || (options.ambiguousIsNarrow !== false && options.countAnsiEscapeCodes !== true)) {
    const text = input.includes('\u001B') || input.includes('\u009B') ? stripAnsi(input) : input;
    const width = narrowWidth(text);
    if (width !== undefined) return width;
  }
  // esbuild turns this into a lazy initialisation of the bundled module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild needs require() here to defer loading
  real ??= require('../node_modules/string-width/index.js').default;
  return real(input, options);
}
