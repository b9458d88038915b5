// A masked prompt on the terminal: one `*` per character, nothing else echoed.
// Raw mode, so the terminal itself never prints what is typed; backspace and
// Ctrl-U edit, Enter accepts, Ctrl-C (or Ctrl-D on an empty line) cancels.
// Bracketed paste is switched on so a pasted password arrives as text, its
// markers stripped and any newline in it not taken for Enter.

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled at the prompt');
    this.name = 'PromptCancelled';
  }
}

export interface PromptIO {
  stdin: NodeJS.ReadableStream & {isTTY?: boolean};
  stderr: NodeJS.WritableStream;
}

interface RawInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

/** Whether a masked prompt is possible on this input. */
export function canPrompt(stdin: NodeJS.ReadableStream & {isTTY?: boolean}): boolean {
  return Boolean(stdin.isTTY) && typeof (stdin as RawInput).setRawMode === 'function';
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
const MAX_LENGTH = 4096;

export function promptSecret(label: string, io: PromptIO): Promise<string> {
  const input = io.stdin as RawInput;
  if (!canPrompt(input)) return Promise.reject(new Error('no terminal to prompt on'));
  return new Promise((resolve, reject) => {
    let value: string[] = [];
    let pasting = false;
    let pending = '';
    const wasRaw = Boolean(input.isRaw);
    const echo = (s: string) => io.stderr.write(s);

    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      try {
        input.setRawMode!(wasRaw);
      } catch {
        // the terminal went away; nothing to restore
      }
      input.pause();
      echo('\x1b[?2004l\r\n');
      if (error) reject(error);
      else resolve(value.join(''));
      value = [];
    };
    const add = (ch: string) => {
      if (value.length >= MAX_LENGTH) return;
      value.push(ch);
      echo('*');
    };
    const erase = (n: number) => {
      if (n > 0) echo('\b \b'.repeat(n));
    };

    const onData = (chunk: Buffer | string) => {
      const s = pending + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      pending = '';
      let i = 0;
      while (i < s.length) {
        if (s.startsWith(PASTE_START, i)) {
          pasting = true;
          i += PASTE_START.length;
          continue;
        }
        if (s.startsWith(PASTE_END, i)) {
          pasting = false;
          i += PASTE_END.length;
          continue;
        }
        const cp = s.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        if (ch === '\x1b') {
          const rest = s.slice(i);
          // A sequence cut in two by the read: wait for the rest.
          if (PASTE_START.startsWith(rest) || PASTE_END.startsWith(rest) || /^\x1b(\[[0-9;?]*|O)?$/.test(rest)) {
            pending = rest;
            break;
          }
          const csi = /^\x1b\[[0-9;?]*[ -/]*[@-~]/.exec(rest);
          const ss3 = /^\x1bO./.exec(rest);
          i += csi ? csi[0].length : ss3 ? ss3[0].length : 1; // arrows, function keys, lone Esc: ignored
          continue;
        }
        i += ch.length;
        if (pasting) {
          if (ch !== '\r' && ch !== '\n') add(ch);
          continue;
        }
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\x03') return finish(new PromptCancelled());
        if (ch === '\x04') {
          if (value.length === 0) return finish(new PromptCancelled());
          continue;
        }
        if (ch === '\x7f' || ch === '\b') {
          if (value.length > 0) {
            value.pop();
            erase(1);
          }
          continue;
        }
        if (ch === '\x15') {
          erase(value.length);
          value = [];
          continue;
        }
        if (cp < 0x20) continue;
        add(ch);
      }
    };
    const onEnd = () => finish(new PromptCancelled());

    echo(`${label}\x1b[?2004h`);
    input.setRawMode!(true);
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}

/** A yes/no question on the terminal (line mode); anything but y/yes is no. */
export function promptYesNo(question: string, io: PromptIO): Promise<boolean> {
  const input = io.stdin as RawInput;
  if (!canPrompt(input)) return Promise.resolve(false);
  return new Promise((resolve) => {
    let line = '';
    const wasRaw = Boolean(input.isRaw);
    const finish = (answer: boolean) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      try {
        input.setRawMode!(wasRaw);
      } catch {
        // terminal gone
      }
      input.pause();
      io.stderr.write('\r\n');
      resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(/^(y|yes)$/i.test(line.trim()));
        if (ch === '\x03' || ch === '\x04' || ch === '\x1b') return finish(false);
        if (ch === '\x7f' || ch === '\b') {
          if (line.length > 0) {
            line = line.slice(0, -1);
            io.stderr.write('\b \b');
          }
          continue;
        }
        if (ch < ' ' || line.length >= 8) continue;
        line += ch;
        io.stderr.write(ch);
      }
    };
    const onEnd = () => finish(false);
    io.stderr.write(`${question} [y/N] `);
    input.setRawMode!(true);
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
