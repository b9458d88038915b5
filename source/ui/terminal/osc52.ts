// Clipboard through the terminal (OSC 52): works over SSH, where the jump host
// has no access to the operator's clipboard. tmux and GNU screen swallow
// unknown OSC sequences unless they are wrapped for passthrough.

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;
// GNU screen truncates DCS strings longer than this.
const SCREEN_CHUNK = 768;

export function osc52(text: string): string {
  return `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${BEL}`;
}

export function wrapForMultiplexer(sequence: string, env: NodeJS.ProcessEnv): string {
  if (env['TMUX']) {
    // tmux passthrough: DCS tmux; <sequence with every ESC doubled> ST
    return `${ESC}Ptmux;${sequence.replaceAll(ESC, ESC + ESC)}${ST}`;
  }
  if (env['STY']) {
    const chunks: string[] = [];
    for (let i = 0; i < sequence.length; i += SCREEN_CHUNK)
      chunks.push(`${ESC}P${sequence.slice(i, i + SCREEN_CHUNK)}${ST}`);
    return chunks.join('');
  }
  return sequence;
}

export function clipboardSequence(text: string, env: NodeJS.ProcessEnv): string {
  return wrapForMultiplexer(osc52(text), env);
}

export function copyToClipboard(
  text: string,
  stdout: {write(chunk: string): unknown},
  env: NodeJS.ProcessEnv = process.env,
): void {
  stdout.write(clipboardSequence(text, env));
}

/**
 * What the status line says after a copy. A terminal does not answer OSC 52,
 * so success is never claimed: it says what was sent, where it may have been
 * dropped, and (for text that may be shown) the text itself to select by hand.
 */
export function copyNotice(label: string, shown: string | undefined, env: NodeJS.ProcessEnv): string {
  const where = env['TMUX']
    ? 'tmux passes it on only with set-clipboard on or allow-passthrough on'
    : env['STY']
      ? 'GNU screen may drop it'
      : 'some terminals ignore it';
  const text =
    shown !== undefined
      ? shown.includes('\n')
        ? `${shown.split('\n').length} lines`
        : shown.replaceAll('\t', '  ')
      : undefined;
  return `Sent ${label} to the terminal clipboard (OSC 52; ${where})${text !== undefined ? ` — to copy by hand: ${text}` : ''}`;
}
