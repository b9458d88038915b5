// Semantic tokens → the 16 named ANSI colours only. Operators' terminal
// palettes (solarized, high-contrast, light backgrounds) remap these 16, so
// the console follows their choice; hex or 256-colour values would not.

export type AnsiColor =
  | 'black'
  | 'red'
  | 'green'
  | 'yellow'
  | 'blue'
  | 'magenta'
  | 'cyan'
  | 'white'
  | 'gray'
  | 'redBright'
  | 'greenBright'
  | 'yellowBright'
  | 'blueBright'
  | 'magentaBright'
  | 'cyanBright'
  | 'whiteBright';

export type Token =
  | 'text'
  | 'muted'
  | 'accent'
  | 'title'
  | 'header'
  | 'selection'
  | 'danger'
  | 'warning'
  | 'ok'
  | 'info'
  | 'border'
  | 'key'
  | 'input';

/** The tones a row, a status cell or a message may take. */
export type Tone = 'danger' | 'warning' | 'ok' | 'info' | 'muted' | 'accent';

export interface TokenStyle {
  color?: AnsiColor;
  backgroundColor?: AnsiColor;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
  underline?: boolean;
}

export const COLOR_STYLES: Record<Token, TokenStyle> = {
  text: {},
  muted: {color: 'gray'},
  accent: {color: 'cyan'},
  title: {bold: true},
  header: {color: 'cyan', bold: true},
  selection: {color: 'cyan', inverse: true, bold: true},
  danger: {color: 'red', bold: true},
  warning: {color: 'yellow'},
  ok: {color: 'green'},
  info: {color: 'blue'},
  border: {color: 'gray'},
  key: {color: 'cyan', bold: true},
  input: {underline: true},
};

// Without colour, meaning must survive in attributes and glyphs: selection is
// inverse + bold (plus the marker glyph), danger is bold, muted is dim.
export const MONO_STYLES: Record<Token, TokenStyle> = {
  text: {},
  muted: {dimColor: true},
  accent: {},
  title: {bold: true},
  header: {bold: true},
  selection: {inverse: true, bold: true},
  danger: {bold: true},
  warning: {},
  ok: {},
  info: {},
  border: {},
  key: {bold: true},
  input: {underline: true},
};

export interface Glyphs {
  marker: string;
  ellipsis: string;
  sortAsc: string;
  sortDesc: string;
  crumb: string;
  mask: string;
  cursor: string;
  tone: Record<Tone, string>;
  step: {pending: string; done: string; failed: string};
  spinner: readonly string[];
  checked: string;
  unchecked: string;
  /** Around a select field's value: ‹ tcp ›. */
  select: readonly [string, string];
  /** After a picker field's value. */
  dropdown: string;
}

export const UNICODE_GLYPHS: Glyphs = {
  marker: '›',
  ellipsis: '…',
  sortAsc: '▲',
  sortDesc: '▼',
  crumb: '›',
  mask: '•',
  cursor: ' ',
  tone: {ok: '●', warning: '▲', danger: '✖', info: '•', muted: '○', accent: '◆'},
  step: {pending: '·', done: '✔', failed: '✖'},
  spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
  checked: '[x]',
  unchecked: '[ ]',
  select: ['‹', '›'],
  dropdown: '▾',
};

export const ASCII_GLYPHS: Glyphs = {
  marker: '>',
  ellipsis: '~',
  sortAsc: '^',
  sortDesc: 'v',
  crumb: '>',
  mask: '*',
  cursor: ' ',
  tone: {ok: '+', warning: '!', danger: 'x', info: '*', muted: '-', accent: '#'},
  step: {pending: '.', done: '+', failed: 'x'},
  spinner: ['|', '/', '-', '\\'],
  checked: '[x]',
  unchecked: '[ ]',
  select: ['<', '>'],
  dropdown: 'v',
};
