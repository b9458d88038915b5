// Word wrap in terminal cells, for text shown whole rather than cut at the
// screen's edge: a form's error detail, a wizard page's guidance, sign-in and
// profile problems.
import {displayWidth, takeColumns, truncate} from '../../domain/text-width.js';

/**
 * `text` in lines of at most `width` cells. Each `\n`-separated paragraph that
 * fits stays as it is (aligned columns stay aligned); a longer one breaks at
 * spaces, and a word longer than a line is cut across lines. More than
 * `maxLines` lines: the last one kept ends with the ellipsis.
 */
export function wrapText(text: string, width: number, maxLines = Number.POSITIVE_INFINITY, ellipsis = '…'): string[] {
  if (width <= 0 || maxLines <= 0 || text === '') return [];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (displayWidth(paragraph) <= width) {
      lines.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (word === '') continue;
      const next = line === '' ? word : `${line} ${word}`;
      if (displayWidth(next) <= width) {
        line = next;
        continue;
      }
      if (line !== '') lines.push(line);
      let rest = word;
      while (displayWidth(rest) > width) {
        const head = takeColumns(rest, width);
        // A character wider than the whole line cannot be placed: cut it off.
        if (head === '') {
          rest = truncate(rest, width, ellipsis);
          break;
        }
        lines.push(head);
        rest = rest.slice(head.length);
      }
      line = rest;
    }
    if (line !== '') lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncate(`${kept[maxLines - 1]}${ellipsis}`, width, ellipsis);
  return kept;
}
