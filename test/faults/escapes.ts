// Splits what a program wrote to its terminal into text and control
// sequences (ECMA-48: CSI, OSC, DCS/SOS/PM/APC strings, nF escapes, two-byte
// escapes, C0 and C1 controls), so a test can account for every control
// byte: each must be a sequence the console's renderer emits on its own.

export type Token =
  | {kind: 'text'; text: string}
  | {kind: 'csi'; params: string; intermediates: string; final: string; raw: string}
  | {kind: 'string'; introducer: 'OSC' | 'DCS' | 'SOS' | 'PM' | 'APC'; payload: string; raw: string}
  | {kind: 'esc'; raw: string}
  | {kind: 'c0'; code: number}
  | {kind: 'c1'; code: number}
  | {kind: 'malformed'; raw: string};

const ESC = '\u001b';
const STRING_INTRODUCERS: Record<string, 'OSC' | 'DCS' | 'SOS' | 'PM' | 'APC'> = {
  ']': 'OSC',
  P: 'DCS',
  X: 'SOS',
  '^': 'PM',
  _: 'APC',
};

export function tokenize(output: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) tokens.push({kind: 'text', text});
    text = '';
  };
  let i = 0;
  while (i < output.length) {
    const ch = output[i];
    const code = ch.charCodeAt(0);
    if (ch === ESC) {
      flush();
      const next = output[i + 1];
      if (next === '[') {
        const m = /^\u001b\[([0-?]*)([ -/]*)([@-~])/.exec(output.slice(i, i + 64));
        if (m) {
          tokens.push({kind: 'csi', params: m[1], intermediates: m[2], final: m[3], raw: m[0]});
          i += m[0].length;
        } else {
          tokens.push({kind: 'malformed', raw: output.slice(i, i + 16)});
          i += 2;
        }
        continue;
      }
      if (next !== undefined && STRING_INTRODUCERS[next]) {
        const rest = output.slice(i + 2);
        const end = /\u0007|\u001b\\/.exec(rest);
        const payload = end ? rest.slice(0, end.index) : rest;
        const raw = output.slice(i, i + 2 + payload.length + (end ? end[0].length : 0));
        tokens.push({kind: 'string', introducer: STRING_INTRODUCERS[next], payload, raw});
        i += raw.length;
        continue;
      }
      if (next !== undefined && /[ -/]/.test(next)) {
        const m = /^\u001b[ -/]+[0-~]/.exec(output.slice(i, i + 8));
        tokens.push(m ? {kind: 'esc', raw: m[0]} : {kind: 'malformed', raw: output.slice(i, i + 8)});
        i += m ? m[0].length : 2;
        continue;
      }
      tokens.push(next === undefined ? {kind: 'malformed', raw: ESC} : {kind: 'esc', raw: ESC + next});
      i += 2;
      continue;
    }
    if (code < 0x20 || code === 0x7f) {
      flush();
      tokens.push({kind: 'c0', code});
      i++;
      continue;
    }
    if (code >= 0x80 && code <= 0x9f) {
      flush();
      tokens.push({kind: 'c1', code});
      i++;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return tokens;
}

// Private modes the console sets: cursor, alternate screen, bracketed paste,
// focus reporting, synchronized output.
const MODES = new Set(['25', '1049', '2004', '1004', '2026', '47', '1047', '1048']);

/**
 * Why a token could not have come from the console's own renderer (Ink with
 * the 16 named colours), or undefined when it could.
 */
export function foreign(token: Token): string | undefined {
  switch (token.kind) {
    case 'text':
      return undefined;
    case 'c0':
      return [0x0a, 0x0d].includes(token.code) ? undefined : `C0 control 0x${token.code.toString(16)}`;
    case 'c1':
      return `C1 control 0x${token.code.toString(16)}`;
    case 'string':
      return `${token.introducer} string ${JSON.stringify(token.raw)}`;
    case 'esc':
      return `escape ${JSON.stringify(token.raw)}`;
    case 'malformed':
      return `malformed sequence ${JSON.stringify(token.raw)}`;
    case 'csi': {
      const {params, intermediates, final} = token;
      if (intermediates) return `CSI with intermediates ${JSON.stringify(token.raw)}`;
      if (final === 'h' || final === 'l') {
        return params.startsWith('?') &&
          params
            .slice(1)
            .split(';')
            .every((p) => MODES.has(p))
          ? undefined
          : `mode change ${JSON.stringify(token.raw)}`;
      }
      if (params.startsWith('?') || /[<=>]/.test(params)) return `private CSI ${JSON.stringify(token.raw)}`;
      if (final === 'm') {
        // 16 named colours only: 256-colour and true-colour SGR never come from the theme.
        return /(^|;)[34]8;/.test(params) ? `extended-colour SGR ${JSON.stringify(token.raw)}` : undefined;
      }
      // Cursor movement and erasing.
      return 'ABCDEFGHJKSTfr'.includes(final) ? undefined : `CSI ${JSON.stringify(token.raw)}`;
    }
  }
}
