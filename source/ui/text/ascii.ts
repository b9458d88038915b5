// Text written with arrows and dots for the console's own hints, in the form
// VSEG_ASCII=1 asks for: terminals and fonts without those glyphs.
const PLAIN: Record<string, string> = {
  '↑': 'Up',
  '↓': 'Down',
  '←': 'Left',
  '→': 'Right',
  '·': '|',
  '…': '...',
  '—': '-',
  '–': '-',
  '‹': '<',
  '›': '>',
  '▾': 'v',
  '✓': '+',
  '✗': 'x',
  '×': 'x',
};
const GLYPH = new RegExp(`[${Object.keys(PLAIN).join('')}]`, 'gu');

/** The text as is, or with the console's own glyphs spelled in ASCII. */
export function plainIf(ascii: boolean, text: string): string {
  return ascii ? text.replace(GLYPH, (g) => PLAIN[g] ?? g) : text;
}
