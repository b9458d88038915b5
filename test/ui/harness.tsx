// A terminal of known size for Ink: explicit columns/rows, a keyboard that
// speaks escape sequences, and waits on content instead of sleeping.
import {EventEmitter} from 'node:events';
import {render, type Instance} from 'ink';
import type {ReactElement} from 'react';
import stringWidth from 'string-width';
import {waitUntil} from '../support/wait.js';

export class FakeStdout extends EventEmitter {
  frames: string[] = [];
  bytes = 0;
  writes = 0;
  constructor(
    public columns: number,
    public rows: number,
    public isTTY = false,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.bytes += Buffer.byteLength(text);
    this.writes += 1;
    this.frames.push(text);
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') (cb as () => void)();
    return true;
  };
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  setRawMode() {
    return this;
  }
  setEncoding() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
  read = (): string | null => this.queue.shift() ?? null;
  send(data: string) {
    this.queue.push(data);
    this.emit('readable');
  }
}

export const KEY_SEQUENCES: Record<string, string> = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  // Esc as a CSI-u sequence: a lone ESC byte makes Ink wait 20 ms to tell it
  // from Alt+key, which a test would have to sleep through. (keys.test sends
  // the real byte once.)
  escape: '\u001b[27u',
  tab: '\t',
  'shift+tab': '\u001b[Z',
  backspace: '\u007f',
  delete: '\u001b[3~',
  space: ' ',
};

export function keySequence(name: string): string {
  if (KEY_SEQUENCES[name]) return KEY_SEQUENCES[name];
  const ctrl = /^ctrl\+([a-z])$/.exec(name);
  if (ctrl) return String.fromCharCode(ctrl[1].charCodeAt(0) - 96);
  return name;
}

// Control sequences Ink writes besides frames (bracketed paste, cursor).
const CONTROL_ONLY = /^(\u001b\[\?[\d;]+[hlu])+$/;

export interface Tui {
  stdin: FakeStdin;
  stdout: FakeStdout;
  instance: Instance;
  lastFrame(): string;
  /** Frame lines with colour/style escapes removed. */
  lines(): string[];
  /** Sends each key as a separate read. */
  press(...keys: string[]): void;
  /** Lets queued keys and the renders they cause finish (drains microtasks; no timer). */
  settle(): Promise<void>;
  type(text: string): void;
  paste(text: string): void;
  resize(columns: number, rows: number): void;
  waitFor(check: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  unmount(): void;
}

export const stripAnsi = (text: string) => text.replace(/\u001b\[[\d;?]*[A-Za-z]/g, '');

export function renderTui(element: ReactElement, {columns = 80, rows = 24, stdinIsTTY = true} = {}): Tui {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  stdin.isTTY = stdinIsTTY;
  const instance = render(element, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeStdout(columns, rows) as unknown as NodeJS.WriteStream,
    debug: true,
    interactive: false,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const lastFrame = () => [...stdout.frames].reverse().find((f) => !CONTROL_ONLY.test(f)) ?? '';
  const tui: Tui = {
    stdin,
    stdout,
    instance,
    lastFrame,
    lines: () => stripAnsi(lastFrame()).split('\n'),
    press: (...keys) => keys.forEach((k) => stdin.send(keySequence(k))),
    settle: () => new Promise((resolve) => setImmediate(resolve)),
    type: (text) => [...text].forEach((ch) => stdin.send(ch)),
    paste: (text) => stdin.send(`\u001b[200~${text}\u001b[201~`),
    resize(c, r) {
      stdout.columns = c;
      stdout.rows = r;
      stdout.emit('resize');
    },
    async waitFor(check, timeoutMs = 3000) {
      const test =
        typeof check === 'function'
          ? check
          : (f: string) => (typeof check === 'string' ? stripAnsi(f).includes(check) : check.test(stripAnsi(f)));
      // Boxed: an empty frame can be the answer too.
      const hit = await waitUntil(
        () => {
          const frame = lastFrame();
          return test(frame) ? {frame} : undefined;
        },
        {timeoutMs, what: String(check), detail: () => `last frame:\n${stripAnsi(lastFrame())}`, everyMs: 2},
      );
      return hit.frame;
    },
    unmount: () => instance.unmount(),
  };
  return tui;
}

/** Every line's display width and the line count, for "fits the screen" checks. */
export function frameSize(frame: string): {lines: number; widest: number} {
  const lines = stripAnsi(frame).split('\n');
  return {lines: lines.length, widest: Math.max(0, ...lines.map((l) => stringWidth(l)))};
}

/** The label of the form field the marker (›) is on, if any. */
function focusedLabel(frame: string): string | undefined {
  return /^\s*›\s+(\S.*?)\s{2,}/m.exec(stripAnsi(frame))?.[1];
}

/**
 * Moves the focus down a form until the field `label` has it: tests name the
 * field instead of counting fields, which breaks whenever a form gains one.
 */
export async function focusFormField(tui: Tui, label: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    const current = focusedLabel(tui.lastFrame());
    if (current === label) return;
    tui.press('down');
    await tui.waitFor((f) => focusedLabel(f) !== current);
  }
  throw new Error(`no field labelled ${label} within ${max} moves; last frame:\n${stripAnsi(tui.lastFrame())}`);
}
