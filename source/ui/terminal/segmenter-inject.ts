// The name scripts/build.mjs substitutes for every `Intl.Segmenter` in the
// bundle (esbuild `define` + `inject`): see grapheme-segmenter.ts.
export {GraphemeSegmenter as __vsegGraphemeSegmenter} from './grapheme-segmenter.js';
