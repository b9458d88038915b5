// Column arithmetic for terminal cells. Wide (CJK, emoji) characters take two
// cells, so lengths in UTF-16 units are never used for layout.
import stringWidth, {narrowWidth} from 'string-width';

// Created on first use: building one costs milliseconds at start-up.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (text: string) => (segmenter ??= new Intl.Segmenter()).segment(text);

export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts `text` to at most `width` cells, ending with `ellipsis` when cut. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const markWidth = displayWidth(ellipsis);
  if (markWidth > width) return takeColumns(text, width);
  return takeColumns(text, width - markWidth) + ellipsis;
}

/** Exactly `width` cells: truncated with an ellipsis, then padded. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', ellipsis = '…'): string {
  if (width <= 0) return '';
  const cut = truncate(text, width, ellipsis);
  const gap = width - displayWidth(cut);
  if (gap <= 0) return cut;
  return align === 'right' ? ' '.repeat(gap) + cut : cut + ' '.repeat(gap);
}

/** The longest prefix of whole graphemes that fits in `width` cells. */
export function takeColumns(text: string, width: number): string {
  if (narrowWidth(text) !== undefined) return text.slice(0, Math.max(0, width));
  let used = 0;
  let out = '';
  for (const {segment} of graphemes(text)) {
    const w = stringWidth(segment);
    if (used + w > width) break;
    used += w;
    out += segment;
  }
  return out;
}

/** Drops the first `columns` cells (for horizontal scrolling). */
export function dropColumns(text: string, columns: number): string {
  if (columns <= 0) return text;
  if (narrowWidth(text) !== undefined) return text.slice(columns);
  let used = 0;
  for (const {segment, index} of graphemes(text)) {
    if (used >= columns) {
      // A wide character cut in half leaves one blank cell.
      return (used > columns ? ' ' : '') + text.slice(index);
    }
    used += stringWidth(segment);
  }
  return used > columns ? ' ' : '';
}
