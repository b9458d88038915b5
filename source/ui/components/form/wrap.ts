// Word wrap in terminal cells for the form's error detail: a message too long
// for the column next to its field is shown whole under the form instead.
import {displayWidth, takeColumns, truncate} from '../../text/width.js';

/**
 * `text` in lines of at most `width` cells, breaking at spaces (a word longer
 * than a line is cut across lines). More than `maxLines` lines: the last one
 * ends with the ellipsis.
 */
export function wrapText(text: string, width: number, maxLines: number, ellipsis = '…'): string[] {
  if (width <= 0 || maxLines <= 0) return [];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line);
    line = '';
  };
  for (const word of text.split(/ +/)) {
    if (word === '') continue;
    const gap = line === '' ? '' : ' ';
    if (displayWidth(line) + displayWidth(gap) + displayWidth(word) <= width) {
      line += gap + word;
      continue;
    }
    if (line !== '') push();
    let rest = word;
    while (displayWidth(rest) > width) {
      const head = takeColumns(rest, width);
      // A cell wider than the line cannot be placed at all.
      if (head === '') return lines.length ? lines : [truncate(text, width, ellipsis)];
      lines.push(head);
      rest = rest.slice(head.length);
    }
    line = rest;
  }
  if (line !== '') push();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncate(`${kept[maxLines - 1]!}${ellipsis}`, width, ellipsis);
  return kept;
}
