// One vocabulary of key names for the router, the action registry, the key map
// config and the help text: `j`, `G`, `:`, `enter`, `escape`, `pageDown`,
// `ctrl+r`, `shift+tab` …
import type {Key} from 'ink';

export interface KeyEvent {
  /** Normalised name; '' for multi-character input that is not a key. */
  name: string;
  /** Printable text the key would type into an input ('' for keys that type nothing). */
  text: string;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
}

export const NAMED_KEYS = [
  'up',
  'down',
  'left',
  'right',
  'pageUp',
  'pageDown',
  'home',
  'end',
  'enter',
  'escape',
  'tab',
  'shift+tab',
  'backspace',
  'delete',
  'space',
] as const;

const NAMED = new Set<string>(NAMED_KEYS);

function special(key: Key): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  return undefined;
}

export function normalizeKey(input: string, key: Key): KeyEvent {
  const base = {ctrl: key.ctrl, meta: key.meta, shift: key.shift};
  const named = special(key);
  if (named) {
    const prefix = key.ctrl && named !== 'enter' ? 'ctrl+' : key.meta && named !== 'escape' ? 'meta+' : '';
    return {...base, name: prefix + named, text: ''};
  }
  if (key.ctrl) return {...base, name: input === ' ' ? 'ctrl+space' : `ctrl+${input.toLowerCase()}`, text: ''};
  if (key.meta) return {...base, name: `meta+${input}`, text: ''};
  if (input === ' ') return {...base, name: 'space', text: ' '};
  if ([...input].length === 1) return {...base, name: input, text: input};
  return {...base, name: '', text: input};
}

/**
 * Splits a run of typed characters (several keys read at once without
 * bracketed paste) into the key events they are.
 */
export function splitTyped(
  text: string,
  base: Pick<KeyEvent, 'ctrl' | 'meta' | 'shift'> = {ctrl: false, meta: false, shift: false},
): KeyEvent[] {
  return [...new Intl.Segmenter().segment(text)].map(({segment}) => {
    if (segment === '\r' || segment === '\n') return {...base, name: 'enter', text: ''};
    if (segment === '\t') return {...base, name: 'tab', text: ''};
    if (segment === '\u007f' || segment === '\b') return {...base, name: 'backspace', text: ''};
    const code = segment.codePointAt(0)!;
    if (segment.length === 1 && code < 0x20)
      return {...base, ctrl: true, name: `ctrl+${String.fromCharCode(code + 96)}`, text: ''};
    if (segment === ' ') return {...base, name: 'space', text: ' '};
    return {...base, name: segment, text: segment, shift: /^[A-Z]$/.test(segment)};
  });
}

/** Builds the event a given key name would produce (tests, synthetic dispatch). */
export function keyEvent(name: string): KeyEvent {
  const ctrl = name.startsWith('ctrl+');
  const meta = name.startsWith('meta+');
  const printable = !NAMED.has(name) && !ctrl && !meta;
  return {
    name,
    text: printable ? name : name === 'space' ? ' ' : '',
    ctrl,
    meta,
    shift: name === 'shift+tab' || (printable && /^[A-Z]$/.test(name)),
  };
}

export function isKeyName(name: string): boolean {
  if (NAMED.has(name)) return true;
  const m = /^(ctrl|meta)\+(.+)$/.exec(name);
  const rest = m ? m[2] : name;
  if (m && NAMED.has(rest)) return true;
  return [...rest].length === 1 && rest !== ' ' && !/[\u0000-\u001f\u007f]/.test(rest);
}

const LABELS: Record<string, [unicode: string, ascii: string]> = {
  up: ['↑', 'Up'],
  down: ['↓', 'Down'],
  left: ['←', 'Left'],
  right: ['→', 'Right'],
  pageUp: ['PgUp', 'PgUp'],
  pageDown: ['PgDn', 'PgDn'],
  home: ['Home', 'Home'],
  end: ['End', 'End'],
  enter: ['Enter', 'Enter'],
  escape: ['Esc', 'Esc'],
  tab: ['Tab', 'Tab'],
  'shift+tab': ['S-Tab', 'S-Tab'],
  backspace: ['Bksp', 'Bksp'],
  delete: ['Del', 'Del'],
  space: ['Space', 'Space'],
};

/** Human label: `ctrl+r` → `Ctrl+R`, `pageDown` → `PgDn`, `up` → `↑`. */
export function formatKey(name: string, ascii = false): string {
  const label = LABELS[name];
  if (label) return ascii ? label[1] : label[0];
  const m = /^(ctrl|meta)\+(.+)$/.exec(name);
  if (m) {
    const mod = m[1] === 'ctrl' ? 'Ctrl' : 'Alt';
    const rest = m[2];
    return `${mod}+${LABELS[rest] ? formatKey(rest, ascii) : rest.toUpperCase()}`;
  }
  return name;
}
