// VSEG_ASCII=1 / TERM=linux: the last stop before the terminal. Components
// spell their own glyphs in ASCII where they choose to (a form's "< tcp >",
// sparklines, the map's boxes), but text built from words — an arrow in a
// mirror column, the dot between a status line's parts, a range's dash — is
// written in too many places to remember them all. Every frame passes here,
// and what is left is swapped for one ASCII character of the same width, so
// the layout Ink measured stays as it is.
const SAME_WIDTH: Record<string, string> = {
  '→': '>',
  '←': '<',
  '↑': '^',
  '↓': 'v',
  '▶': '>',
  '◀': '<',
  '▸': '>',
  '▾': 'v',
  '▼': 'v',
  '▲': '!',
  '‹': '<',
  '›': '>',
  '«': '<',
  '»': '>',
  '·': '.',
  '•': '*',
  '●': '*',
  '○': 'o',
  '◆': '*',
  '…': '~',
  '—': '-',
  '–': '-',
  '−': '-',
  '±': '~',
  '×': 'x',
  '✓': '+',
  '✔': '+',
  '✗': 'x',
  '✖': 'x',
  '⚠': '!',
  '≤': '<',
  '≥': '>',
  '─': '-',
  '━': '-',
  '═': '=',
  '│': '|',
  '┃': '|',
  '║': '|',
  '┌': '+',
  '┐': '+',
  '└': '+',
  '┘': '+',
  '├': '+',
  '┤': '+',
  '┬': '+',
  '┴': '+',
  '┼': '+',
  '╭': '+',
  '╮': '+',
  '╰': '+',
  '╯': '+',
  '▁': '_',
  '▂': '_',
  '▃': '.',
  '▄': '-',
  '▅': '-',
  '▆': '=',
  '▇': '#',
  '█': '#',
  '░': '.',
  '▒': ':',
  '▓': '#',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
};
const GLYPHS = new RegExp(`[${Object.keys(SAME_WIDTH).join('')}]`, 'gu');

/** `text` with the console's glyphs swapped for ASCII of the same width. */
export function asciiGlyphs(text: string): string {
  return text.replace(GLYPHS, (g) => SAME_WIDTH[g] ?? g);
}

/** `stream` as Ink sees it (size, resize events, TTY), writing every frame through asciiGlyphs. */
export function asciiStream<S extends NodeJS.WritableStream>(stream: S): S {
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stream.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? asciiGlyphs(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
