// The built `vseg` in a real pseudo-terminal (node-pty) whose output feeds a
// headless xterm, so a test reads the screen a person would see — cell by
// cell, with colours — and types keys the way a terminal sends them. The
// child gets the environment of a jump host, built from scratch: no `CI`
// (Ink would stop drawing), a TERM, a UTF-8 locale, its own HOME and XDG dirs.
// Nothing here sleeps for a fixed time: every wait is for screen content.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import {KEYS, type KeyName} from './keys.js';

export {KEYS, type KeyName};

const {Terminal} = xterm;
type XTerm = InstanceType<typeof Terminal>;

const SYNC_BEGIN = '\u001b[?2026h';
const SYNC_END = '\u001b[?2026l';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VSEG_BIN = join(REPO, 'dist', 'vseg.js');

export interface TerminalOptions {
  /** Arguments after `vseg`. */
  args?: string[];
  cols?: number;
  rows?: number;
  /** TERM of the child (default xterm-256color). */
  term?: string;
  /** Extra environment on top of the jump-host one (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** HOME for the child; default a fresh temporary directory removed on close. */
  home?: string;
  cwd?: string;
  /** Run this file instead of dist/vseg.js (e.g. an installed `vseg`). */
  command?: string;
}

export type Matcher = string | RegExp | ((screen: string[]) => boolean);

export interface Cell {
  char: string;
  /** 1 normally, 2 for a wide character; 0 for the cell after a wide one. */
  width: number;
  /** Palette index 0–255, an 0xRRGGBB value with `fgRgb`, or -1 for the default. */
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

export interface ExitStatus {
  exitCode: number;
  signal?: number;
}

export interface TerminalSession {
  readonly cols: number;
  readonly rows: number;
  readonly pid: number;
  /** Environment the child was started with. */
  readonly env: Record<string, string>;
  readonly home: string;
  /** Everything the child wrote, as raw bytes. */
  output(): Buffer;
  /** Bytes written by the child since start (or since `resetBytes`). */
  bytesWritten(): number;
  resetBytes(): void;
  write(data: string): void;
  key(name: KeyName, times?: number): void;
  /** Types text character by character as one chunk (as a paste without brackets would). */
  type(text: string): void;
  /** Resolves with the screen once the matcher holds; rejects with the screen on timeout or exit. */
  waitFor(match: Matcher, timeoutMs?: number): Promise<string[]>;
  /** Resolves once the matcher no longer holds. */
  waitForGone(match: Matcher, timeoutMs?: number): Promise<string[]>;
  /** Resolves after the terminal parsed everything received so far. */
  settle(): Promise<void>;
  screen(): string[];
  text(): string;
  cells(): Cell[][];
  cursor(): {x: number; y: number};
  /** 'alternate' while a full-screen program runs, 'normal' after it restored the screen. */
  bufferType(): 'normal' | 'alternate';
  /** What the child made the terminal do besides drawing: bells, title changes, mouse tracking. */
  effects(): {bells: number; titles: string[]; mouseTracking: string};
  resize(cols: number, rows: number): void;
  readonly exited: Promise<ExitStatus>;
  /** Closes the terminal under the program, as a dropped SSH session does (master closed, then SIGHUP). */
  hangUp(): void;
  /** Exit status once the child has ended, else undefined. */
  exitStatus(): ExitStatus | undefined;
  /** Ends the child (SIGTERM, then SIGKILL) and removes the temporary HOME. */
  close(): Promise<void>;
}

/**
 * The environment of an operator's SSH session on a jump host: nothing
 * inherited from the test runner except where Node lives.
 */
export function jumpHostEnv(
  home: string,
  term = 'xterm-256color',
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    // The pinned Node first, as the shebang resolves `node` through PATH.
    PATH: [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: home,
    USER: 'operator',
    LOGNAME: 'operator',
    SHELL: '/bin/bash',
    TERM: term,
    LANG: 'C.UTF-8',
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // Tests must not reach the machine's real keyring (and so leave secrets behind).
    VSEG_KEYRING: 'off',
    ...extra,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  if ('CI' in out) throw new Error('the pty child must not see CI: Ink stops drawing with it');
  return out;
}

function matches(match: Matcher, screen: string[]): boolean {
  if (typeof match === 'function') return match(screen);
  const text = screen.join('\n');
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

function describeMatcher(match: Matcher): string {
  return typeof match === 'function' ? 'a screen predicate' : String(match);
}

export function readScreen(term: XTerm): string[] {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  return lines;
}

export function readCells(term: XTerm): Cell[][] {
  const buffer = term.buffer.active;
  const rows: Cell[][] = [];
  const scratch = buffer.getNullCell();
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    const row: Cell[] = [];
    for (let x = 0; x < term.cols; x++) {
      const cell = line?.getCell(x, scratch);
      if (!cell) {
        row.push({
          char: ' ',
          width: 1,
          fg: -1,
          bg: -1,
          fgRgb: false,
          bgRgb: false,
          bold: false,
          dim: false,
          italic: false,
          underline: false,
          inverse: false,
        });
        continue;
      }
      row.push({
        char: cell.getChars() || ' ',
        width: cell.getWidth(),
        fg: cell.isFgDefault() ? -1 : cell.getFgColor(),
        bg: cell.isBgDefault() ? -1 : cell.getBgColor(),
        fgRgb: cell.isFgRGB(),
        bgRgb: cell.isBgRGB(),
        bold: cell.isBold() !== 0,
        dim: cell.isDim() !== 0,
        italic: cell.isItalic() !== 0,
        underline: cell.isUnderline() !== 0,
        inverse: cell.isInverse() !== 0,
      });
    }
    rows.push(row);
  }
  return rows;
}

export function startTerminal(options: TerminalOptions = {}): TerminalSession {
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  const ownHome = options.home === undefined;
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'vseg-e2e-home-'));
  const env = jumpHostEnv(home, options.term ?? 'xterm-256color', options.env);
  const term = new Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
  const child = pty.spawn(options.command ?? VSEG_BIN, options.args ?? [], {
    name: env['TERM'],
    cols,
    rows,
    cwd: options.cwd ?? home,
    env,
    encoding: null,
  });

  const chunks: Buffer[] = [];
  let bytes = 0;
  let parsedUpTo = 0;
  let received = 0;
  const waiters = new Set<() => void>();
  let status: ExitStatus | undefined;
  // A lone ESC followed at once by another key reaches the child as Alt+key,
  // which no person typing would produce: make the test wait for the effect.
  let escapeAt = -1;

  const notify = () => {
    for (const w of [...waiters]) w();
  };
  // Ink wraps each frame in a synchronized update (DEC mode 2026); a frame
  // can arrive in several reads, and a screen read in between is half old,
  // half new. Screens are judged only at the end of a read outside an update.
  let inUpdate = false;
  let tail = '';
  child.onData((data: Buffer | string) => {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    chunks.push(buf);
    bytes += buf.length;
    const seq = ++received;
    const scan = tail + buf.toString('latin1');
    const begin = scan.lastIndexOf(SYNC_BEGIN);
    const end = scan.lastIndexOf(SYNC_END);
    if (begin >= 0 || end >= 0) inUpdate = begin > end;
    tail = scan.slice(-SYNC_BEGIN.length);
    const complete = !inUpdate;
    term.write(buf, () => {
      parsedUpTo = seq;
      if (complete) notify();
    });
  });
  let bells = 0;
  const titles: string[] = [];
  term.onBell(() => bells++);
  term.onTitleChange((title) => titles.push(title));
  // Answers to the child's queries (cursor position, device attributes) go back as a terminal's would.
  term.onData((data) => {
    if (!status) child.write(data);
  });
  const exited = new Promise<ExitStatus>((resolve) => {
    child.onExit(({exitCode, signal}) => {
      status = {exitCode, ...(signal ? {signal} : {})};
      // Let the terminal parse the last bytes before anyone reads the screen.
      const last = received;
      const done = () => {
        resolve(status!);
        notify();
      };
      if (parsedUpTo >= last) done();
      else term.write('', done);
    });
  });

  const waitUntil = (holds: (screen: string[]) => boolean, what: string, timeoutMs: number): Promise<string[]> => {
    // Where the test waited, for the report: the timer's own stack says nothing.
    const origin = new Error('waited here');
    const fail = (message: string) => {
      const error = new Error(message);
      error.stack = `${message}\n${origin.stack?.split('\n').slice(2).join('\n') ?? ''}`;
      return error;
    };
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        finish();
        reject(fail(`timed out after ${timeoutMs} ms waiting for ${what}. Screen:\n${readScreen(term).join('\n')}`));
      }, timeoutMs);
      const check = () => {
        // Half a frame is no answer either way: wait for the rest of it.
        if (inUpdate && !status && parsedUpTo === received) return;
        const screen = readScreen(term);
        if (holds(screen)) {
          finish();
          resolvePromise(screen);
          return;
        }
        if (status) {
          finish();
          reject(
            fail(
              `vseg exited (code ${status.exitCode}${status.signal ? `, signal ${status.signal}` : ''}) before ${what}. Screen:\n${screen.join('\n')}`,
            ),
          );
        }
      };
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  };

  const session: TerminalSession = {
    get cols() {
      return term.cols;
    },
    get rows() {
      return term.rows;
    },
    pid: child.pid,
    env,
    home,
    output: () => Buffer.concat(chunks),
    bytesWritten: () => bytes,
    resetBytes: () => {
      bytes = 0;
    },
    write(data) {
      if (status) return;
      if (escapeAt >= 0 && escapeAt === received) {
        throw new Error(
          'wait for the effect of Escape before typing more: ESC and the next key in one read are Alt+key',
        );
      }
      escapeAt = data === KEYS.escape ? received : -1;
      child.write(data);
    },
    key(name, times = 1) {
      const seq = KEYS[name];
      for (let i = 0; i < times; i++) session.write(seq);
    },
    type(text) {
      session.write(text);
    },
    waitFor: (match, timeoutMs = 10_000) => waitUntil((s) => matches(match, s), describeMatcher(match), timeoutMs),
    waitForGone: (match, timeoutMs = 10_000) =>
      waitUntil((s) => !matches(match, s), `${describeMatcher(match)} to go away`, timeoutMs),
    settle: () => new Promise<void>((r) => term.write('', () => r())),
    screen: () => readScreen(term),
    text: () => readScreen(term).join('\n'),
    cells: () => readCells(term),
    cursor: () => ({x: term.buffer.active.cursorX, y: term.buffer.active.cursorY}),
    bufferType: () => term.buffer.active.type,
    effects: () => ({bells, titles: [...titles], mouseTracking: term.modes.mouseTrackingMode}),
    resize(c, r) {
      term.resize(c, r);
      if (!status) child.resize(c, r);
    },
    exited,
    hangUp() {
      // node-pty's destroy(): closes the master side, then sends SIGHUP.
      (child as unknown as {destroy(): void}).destroy();
    },
    exitStatus: () => status,
    async close() {
      if (!status) {
        try {
          child.kill('SIGTERM');
        } catch {
          // Already gone.
        }
        const killer = setTimeout(() => {
          try {
            if (!status) process.kill(child.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }, 3000);
        await exited;
        clearTimeout(killer);
      }
      term.dispose();
      if (ownHome) rmSync(home, {recursive: true, force: true});
    },
  };
  return session;
}
