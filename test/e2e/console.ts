// Driving the console by keys, as an operator does: open it, jump to a view
// with `:`, find the selected row, wait for a status. Only screen content is
// waited for; the helpers know the console's conventions (header, footer,
// the `›` marker), not its internals.
import type {TerminalSession} from './harness.js';

const MARKERS = ['›', '>'];

/** Waits for the first frame with data: the header says connected and the networks are listed. */
export async function openConsole(t: TerminalSession, timeoutMs = 15_000): Promise<string[]> {
  await t.waitFor((s) => /^vseg\b/.test(s[0] ?? ''), timeoutMs);
  // A network row: its name, then (whatever columns fit) a CIDR.
  return t.waitFor(
    (s) => /connected/.test(s[0] ?? '') && s.some((l) => /^[›> ] \S.*\s\d{1,3}(\.\d{1,3}){3}\/\d{1,2}\s/.test(l)),
    timeoutMs,
  );
}

/** Row index of the table cursor (the marker glyph in the first column), or -1. */
export function selectedRow(t: TerminalSession): number {
  const screen = t.screen();
  return screen.findIndex((line, y) => y > 0 && y < screen.length - 1 && MARKERS.some((m) => line.startsWith(m)));
}

/** Text of the selected row, trimmed. */
export function selectedText(t: TerminalSession): string {
  const y = selectedRow(t);
  return y < 0 ? '' : (t.screen()[y] ?? '').slice(1).trim();
}

/** Cells of a screen row drawn in inverse video (selection visible without colour). */
export function inverseCells(t: TerminalSession, y: number): number {
  return (t.cells()[y] ?? []).filter((c) => c.inverse).length;
}

/** Types a command line (`:rules web`) and runs it. */
export async function command(t: TerminalSession, line: string): Promise<void> {
  t.write(':');
  await t.waitFor(/command \(Tab completes/);
  t.write(line.replace(/^:/, ''));
  t.key('enter');
  await t.waitForGone(/command \(Tab completes/);
}

/** Moves the table cursor down until the selected row matches (at most `limit` moves). */
export async function selectRow(t: TerminalSession, match: RegExp, limit = 60): Promise<void> {
  for (let i = 0; i <= limit; i++) {
    if (match.test(selectedText(t))) return;
    const before = selectedRow(t);
    const text = selectedText(t);
    t.key('down');
    try {
      await t.waitFor(() => selectedRow(t) !== before || selectedText(t) !== text, 2000);
    } catch {
      break;
    }
  }
  throw new Error(`no row matching ${match} under the cursor. Screen:\n${t.text()}`);
}

/** Whether a view exists in this build: `:name` either opens it or the command line reports it unknown. */
export function viewPending(screen: string[]): boolean {
  return screen.some((l) => /unknown command|not available yet|no view/i.test(l));
}

export interface HelpItem {
  section: string;
  keys: string;
  title: string;
  description: string;
}

/** Opens `?`, reads every entry (scrolling when it does not fit), closes it again. */
export async function readHelp(t: TerminalSession): Promise<HelpItem[]> {
  t.write('?');
  const first = await t.waitFor(/Keys — .*Esc closes/);
  const top = first.findIndex((l) => /Keys — /.test(l));
  const items = new Map<string, HelpItem>();
  let section = '';
  const collect = (screen: string[]) => {
    for (const line of screen.slice(top + 1, screen.length - 1)) {
      const item = /^ {2}(\S(?:.*?\S)?) {2,}(\S(?:.*?\S)?) {2,}(.*)$/.exec(line);
      if (item)
        items.set(`${section}|${item[1]}|${item[2]}`, {
          section,
          keys: item[1],
          title: item[2],
          description: item[3].trim(),
        });
      else if (/^\S/.test(line) && !/^(vseg|: cmd)/.test(line)) section = line.trim();
    }
  };
  collect(first);
  const range = /(\d+)–(\d+)\/(\d+) j\/k scroll/;
  for (let guard = 0; guard < 20; guard++) {
    const m = range.exec(t.text());
    if (!m || Number(m[2]) >= Number(m[3])) break;
    const shown = m[0];
    t.key('pagedown');
    collect(await t.waitFor((s) => !s.join('\n').includes(shown)));
  }
  t.key('escape');
  await t.waitForGone(/Keys — .*Esc closes/);
  return [...items.values()];
}

const NAMED: Record<string, string> = {
  Enter: '\r',
  Esc: '\u001b',
  Tab: '\t',
  Space: ' ',
  Del: '\u001b[3~',
  Delete: '\u001b[3~',
  Backspace: '\u007f',
  Up: '\u001b[A',
  Down: '\u001b[B',
  Right: '\u001b[C',
  Left: '\u001b[D',
  '↑': '\u001b[A',
  '↓': '\u001b[B',
  '→': '\u001b[C',
  '←': '\u001b[D',
  PgUp: '\u001b[5~',
  PgDn: '\u001b[6~',
  Home: '\u001b[H',
  End: '\u001b[F',
};

/** What to send for a key as the help shows it ("a", "Enter", "Ctrl+D", "Shift+Up"); undefined when unknown. */
export function keySequence(label: string): string | undefined {
  const first = label.split(/\s+/)[0] ?? '';
  if (first.length === 1) return first;
  if (NAMED[first]) return NAMED[first];
  const ctrl = /^Ctrl\+(.)$/i.exec(first);
  if (ctrl) return String.fromCharCode(ctrl[1].toUpperCase().charCodeAt(0) - 64);
  return undefined;
}

/** The key of the view action whose help title matches, read from `?` (keys are the panes' choice). */
export async function actionKey(t: TerminalSession, title: RegExp): Promise<string | undefined> {
  const item = (await readHelp(t)).find((i) => title.test(i.title));
  return item ? keySequence(item.keys) : undefined;
}
