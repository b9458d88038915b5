import {
  ASCII_GLYPHS,
  COLOR_STYLES,
  MONO_STYLES,
  UNICODE_GLYPHS,
  type Glyphs,
  type Token,
  type TokenStyle,
  type Tone,
} from './tokens.js';

export interface ThemeOptions {
  /** False: no colour escape is ever produced (NO_COLOR, --no-color). */
  color: boolean;
  /** True: ASCII glyphs only (Linux console, odd fonts). */
  ascii?: boolean;
}

export interface Theme {
  readonly color: boolean;
  readonly ascii: boolean;
  readonly glyphs: Glyphs;
  /** Props for Ink's <Text>; never carries a colour when colour is off. */
  style(token: Token | Tone): TokenStyle;
  /** Colour for a Box border, or undefined when colour is off. */
  borderColor(): TokenStyle['color'];
}

export function createTheme(options: ThemeOptions): Theme {
  const table = options.color ? COLOR_STYLES : MONO_STYLES;
  const cache = new Map<string, TokenStyle>();
  const style = (token: Token | Tone): TokenStyle => {
    let s = cache.get(token);
    if (!s) {
      s = {...table[token]};
      // Belt and braces: the mono table has no colours, but a future edit to
      // it must not be able to leak one past NO_COLOR.
      if (!options.color) {
        delete s.color;
        delete s.backgroundColor;
      }
      cache.set(token, Object.freeze(s));
    }
    return s;
  };
  return {
    color: options.color,
    ascii: options.ascii ?? false,
    glyphs: options.ascii ? ASCII_GLYPHS : UNICODE_GLYPHS,
    style,
    borderColor: () => (options.color ? COLOR_STYLES.border.color : undefined),
  };
}
