// What a terminal (xterm in normal cursor mode) sends for each key.
export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  home: '\u001b[H',
  end: '\u001b[F',
  pageup: '\u001b[5~',
  pagedown: '\u001b[6~',
  delete: '\u001b[3~',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  'shift-tab': '\u001b[Z',
  backspace: '\u007f',
  space: ' ',
  'ctrl-c': '\u0003',
  'ctrl-u': '\u0015',
  'ctrl-a': '\u0001',
  'ctrl-e': '\u0005',
  'ctrl-l': '\u000c',
  'ctrl-s': '\u0013',
  'ctrl-p': '\u0010',
  'ctrl-k': '\u000b',
} as const;

export type KeyName = keyof typeof KEYS;
