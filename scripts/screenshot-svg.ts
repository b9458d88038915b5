// A terminal's cell buffer (from the e2e harness) as an SVG: a monospace grid
// with each cell's colours and attributes, so the README shows exactly what
// an operator's terminal showed. Runs of cells with one style become one
// <text> stretched to the run's cell width, which keeps the grid aligned
// whatever monospace font the viewer substitutes.

export interface SvgCell {
  char: string;
  width: number;
  fg: number;
  bg: number;
  fgRgb: boolean;
  bgRgb: boolean;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

export interface SvgOptions {
  title?: string;
  fontSize?: number;
  /** Colours of the 16 named ANSI colours, then default foreground and background. */
  palette?: Palette;
}

export interface Palette {
  ansi: readonly string[];
  foreground: string;
  background: string;
}

// A dark palette close to common terminal defaults (VS Code's integrated terminal).
export const DARK_PALETTE: Palette = {
  ansi: [
    '#000000',
    '#cd3131',
    '#0dbc79',
    '#e5e510',
    '#2472c8',
    '#bc3fbc',
    '#11a8cd',
    '#e5e5e5',
    '#666666',
    '#f14c4c',
    '#23d18b',
    '#f5f543',
    '#3b8eea',
    '#d670d6',
    '#29b8db',
    '#ffffff',
  ],
  foreground: '#cccccc',
  background: '#1e1e1e',
};

function xterm256(index: number, palette: Palette): string {
  if (index < 16) return palette.ansi[index];
  if (index < 232) {
    const i = index - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return rgb((level(Math.floor(i / 36)) << 16) | (level(Math.floor(i / 6) % 6) << 8) | level(i % 6));
  }
  const grey = 8 + (index - 232) * 10;
  return rgb((grey << 16) | (grey << 8) | grey);
}

function rgb(value: number): string {
  return `#${value.toString(16).padStart(6, '0')}`;
}

function colour(value: number, isRgb: boolean, fallback: string, palette: Palette): string {
  if (value < 0) return fallback;
  return isRgb ? rgb(value) : xterm256(value, palette);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Style {
  fg: string;
  bg: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

function styleOf(cell: SvgCell, palette: Palette): Style {
  let fg = colour(cell.fg, cell.fgRgb, palette.foreground, palette);
  let bg = colour(cell.bg, cell.bgRgb, palette.background, palette);
  // Bold text in a base colour shows in its bright variant, as xterm does.
  if (cell.bold && !cell.fgRgb && cell.fg >= 0 && cell.fg < 8) fg = palette.ansi[cell.fg + 8]!;
  if (cell.inverse) [fg, bg] = [bg, fg];
  return {fg, bg, bold: cell.bold, dim: cell.dim, italic: cell.italic, underline: cell.underline};
}

// Box-drawing lines are drawn as strokes spanning the whole cell, so borders
// join up at any line height (as terminals draw them), not as font glyphs.
// Each entry: which sides of the cell's centre the line reaches (up, right, down, left).
const BOX: Record<string, [boolean, boolean, boolean, boolean]> = {
  '│': [true, false, true, false],
  '─': [false, true, false, true],
  '┌': [false, true, true, false],
  '╭': [false, true, true, false],
  '┐': [false, false, true, true],
  '╮': [false, false, true, true],
  '└': [true, true, false, false],
  '╰': [true, true, false, false],
  '┘': [true, false, false, true],
  '╯': [true, false, false, true],
  '├': [true, true, true, false],
  '┤': [true, false, true, true],
  '┬': [false, true, true, true],
  '┴': [true, true, false, true],
  '┼': [true, true, true, true],
};

function boxStrokes(
  sides: [boolean, boolean, boolean, boolean],
  x: number,
  y: number,
  cw: number,
  lh: number,
  colour: string,
): string {
  const cx = x + cw / 2;
  const cy = y + lh / 2;
  const [up, right, down, left] = sides;
  const d = [
    up ? `M${cx.toFixed(2)} ${y.toFixed(2)}V${cy.toFixed(2)}` : '',
    down ? `M${cx.toFixed(2)} ${cy.toFixed(2)}V${(y + lh).toFixed(2)}` : '',
    left ? `M${x.toFixed(2)} ${cy.toFixed(2)}H${cx.toFixed(2)}` : '',
    right ? `M${cx.toFixed(2)} ${cy.toFixed(2)}H${(x + cw).toFixed(2)}` : '',
  ].join('');
  return `<path d="${d}" stroke="${colour}" stroke-width="1.2" fill="none" stroke-linecap="square"/>`;
}

const sameStyle = (a: Style, b: Style) =>
  a.fg === b.fg &&
  a.bg === b.bg &&
  a.bold === b.bold &&
  a.dim === b.dim &&
  a.italic === b.italic &&
  a.underline === b.underline;

export function renderSvg(rows: readonly (readonly SvgCell[])[], options: SvgOptions = {}): string {
  const palette = options.palette ?? DARK_PALETTE;
  const fontSize = options.fontSize ?? 14;
  const cw = Math.round(fontSize * 0.6 * 100) / 100;
  const lh = Math.round(fontSize * 1.3 * 100) / 100;
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const pad = 12;
  const bar = options.title === undefined ? 0 : 28;
  const width = Math.ceil(cols * cw + pad * 2);
  const height = Math.ceil(rows.length * lh + pad * 2 + bar);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace" font-size="${fontSize}">`,
  );
  out.push(`<rect width="${width}" height="${height}" rx="8" fill="${palette.background}"/>`);
  if (options.title !== undefined) {
    out.push(
      `<rect width="${width}" height="${bar}" rx="8" fill="#323233"/><rect y="${bar - 8}" width="${width}" height="8" fill="#323233"/>`,
    );
    ['#ff5f57', '#febc2e', '#28c840'].forEach((c, i) =>
      out.push(`<circle cx="${pad + 6 + i * 20}" cy="${bar / 2}" r="6" fill="${c}"/>`),
    );
    out.push(
      `<text x="${width / 2}" y="${bar / 2 + 4}" fill="#9d9d9d" font-size="12" text-anchor="middle">${escapeXml(options.title)}</text>`,
    );
  }
  const top = pad + bar;
  const backgrounds: string[] = [];
  const texts: string[] = [];
  const strokes: string[] = [];
  rows.forEach((row, y) => {
    const baseY = top + y * lh;
    let x = 0;
    while (x < row.length) {
      const cell = row[x];
      const style = styleOf(cell, palette);
      const box = BOX[cell.char];
      if (box) {
        if (style.bg !== palette.background)
          backgrounds.push(
            `<rect x="${(pad + x * cw).toFixed(2)}" y="${baseY.toFixed(2)}" width="${cw.toFixed(2)}" height="${lh.toFixed(2)}" fill="${style.bg}"/>`,
          );
        strokes.push(boxStrokes(box, pad + x * cw, baseY, cw, lh, style.fg));
        x++;
        continue;
      }
      let end = x + 1;
      let text = cell.width === 0 ? '' : cell.char;
      // A wide character ends its run so that the next cell starts on the grid again.
      if (cell.width !== 2) {
        while (
          end < row.length &&
          row[end].width === 1 &&
          !BOX[row[end].char] &&
          sameStyle(styleOf(row[end], palette), style)
        ) {
          text += row[end].char;
          end++;
        }
      } else if (end < row.length && row[end].width === 0) {
        end++;
      }
      const span = end - x;
      if (style.bg !== palette.background) {
        backgrounds.push(
          `<rect x="${(pad + x * cw).toFixed(2)}" y="${baseY.toFixed(2)}" width="${(span * cw).toFixed(2)}" height="${lh.toFixed(2)}" fill="${style.bg}"/>`,
        );
      }
      if (text.trim() !== '') {
        const attrs = [
          `x="${(pad + x * cw).toFixed(2)}"`,
          `y="${(baseY + lh * 0.78).toFixed(2)}"`,
          `fill="${style.fg}"`,
          `textLength="${(span * cw).toFixed(2)}"`,
          'lengthAdjust="spacingAndGlyphs"',
          style.bold ? 'font-weight="bold"' : '',
          style.italic ? 'font-style="italic"' : '',
          style.dim ? 'fill-opacity="0.6"' : '',
          style.underline ? 'text-decoration="underline"' : '',
        ].filter(Boolean);
        texts.push(`<text ${attrs.join(' ')}>${escapeXml(text)}</text>`);
      }
      x = end;
    }
  });
  out.push(`<g shape-rendering="crispEdges">${backgrounds.join('')}</g>`);
  out.push(`<g shape-rendering="crispEdges">${strokes.join('')}</g>`);
  out.push(`<g xml:space="preserve">${texts.join('\n')}</g>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
