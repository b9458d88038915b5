// Tokenizer for `filter`. Strings are single-quoted; a backslash escapes the
// next character (`\'`, `\\`, `\{`); an unescaped `{` inside a string is
// refused, as measured on VergeOS 26.1.8. Any error is the 422 "Invalid argument".
import {invalidArgument} from '../errors.js';

export type Token =
  | {kind: 'lparen'; pos: number}
  | {kind: 'rparen'; pos: number}
  | {kind: 'string'; value: string; pos: number}
  | {kind: 'number'; value: number; pos: number}
  | {kind: 'word'; value: string; pos: number};

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$#.-]*/y;
const SPACE = /\s/;

function isDelimiter(ch: string | undefined): boolean {
  return ch === undefined || SPACE.test(ch) || ch === '(' || ch === ')';
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (SPACE.test(ch)) {
      i++;
    } else if (ch === '(') {
      tokens.push({kind: 'lparen', pos: i++});
    } else if (ch === ')') {
      tokens.push({kind: 'rparen', pos: i++});
    } else if (ch === "'") {
      const pos = i++;
      let value = '';
      for (;;) {
        if (i >= text.length) throw invalidArgument();
        const c = text[i];
        if (c === '\\') {
          if (i + 1 >= text.length) throw invalidArgument();
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else if (c === '{') {
          throw invalidArgument();
        } else {
          value += c;
          i++;
        }
      }
      if (!isDelimiter(text[i])) throw invalidArgument();
      tokens.push({kind: 'string', value, pos});
    } else {
      NUMBER.lastIndex = i;
      const num = /[-\d]/.test(ch) ? NUMBER.exec(text) : null;
      if (num && isDelimiter(text[i + num[0].length])) {
        tokens.push({kind: 'number', value: Number(num[0]), pos: i});
        i += num[0].length;
        continue;
      }
      WORD.lastIndex = i;
      const word = WORD.exec(text);
      if (!word || !isDelimiter(text[i + word[0].length])) throw invalidArgument();
      tokens.push({kind: 'word', value: word[0], pos: i});
      i += word[0].length;
    }
  }
  return tokens;
}
