import {displayWidth, takeColumns} from '../../../text/width.js';

/** Word-wraps text to `width` cells (long words are cut); one line per output row. */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    // A line that fits keeps its spacing (aligned columns stay aligned).
    if (displayWidth(paragraph) <= width) {
      out.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let w = word;
      while (displayWidth(w) > width) {
        if (line) {
          out.push(line);
          line = '';
        }
        const head = takeColumns(w, width) || [...w][0]!;
        out.push(head);
        w = w.slice(head.length);
      }
      const next = line ? `${line} ${w}` : w;
      if (displayWidth(next) > width) {
        out.push(line);
        line = w;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}
