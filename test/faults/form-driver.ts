// Reads and drives the console's forms from the screen, whatever form it is:
// the field rows (label, value, focus, inline error), moving the focus to a
// field, replacing its text. Used to feed every text field bad values.
import stringWidth from 'string-width';
import type {Cell, TerminalSession} from '../e2e/harness.js';

export interface FieldRow {
  y: number;
  /** The label, with "#2", "#3"… when several fields share it. */
  key: string;
  label: string;
  value: string;
  focused: boolean;
  error: boolean;
  kind: 'text' | 'select' | 'toggle' | 'picker';
  /** The value shown is the field's placeholder (drawn muted: dim or grey), not text in it. Known only when cells were read. */
  placeholder?: boolean;
}

// The submit button alone on its line (its keys are in the footer).
const BUTTONS = /^[› ]\[ [^\]]+ \]\s*$/;

/** The form on screen: its field rows, top to bottom, or undefined when no form is shown. */
export function readForm(screen: string[], cells?: Cell[][]): FieldRow[] | undefined {
  const buttons = screen.findIndex((l) => BUTTONS.test(l));
  if (buttons < 0) return undefined;
  const rows: FieldRow[] = [];
  for (let y = buttons - 1; y > 0; y--) {
    const m = /^([› ]) +(\S(?:.*?\S)?)(?: {2,}(.*))?$/.exec(screen[y].trimEnd());
    if (!m) break;
    const value = (m[3] ?? '').trim();
    const kind = /^‹.*›/.test(value)
      ? 'select'
      : /^\[[ x]\]/.test(value)
        ? 'toggle'
        : /▾/.test(value)
          ? 'picker'
          : 'text';
    const row: FieldRow = {y, key: m[2], label: m[2], value, focused: m[1] === '›', error: value.includes('✖'), kind};
    if (cells && value) {
      const line = screen[y];
      const x = stringWidth(line.slice(0, line.indexOf(value, m[1].length + m[2].length)));
      const cell = cells[y]?.[x];
      row.placeholder = cell !== undefined && (cell.dim || (!cell.fgRgb && cell.fg === 8));
    }
    rows.unshift(row);
  }
  const seen = new Map<string, number>();
  for (const row of rows) {
    const n = (seen.get(row.label) ?? 0) + 1;
    seen.set(row.label, n);
    if (n > 1) row.key = `${row.label}#${n}`;
  }
  return rows;
}

export async function focusField(t: TerminalSession, key: string): Promise<FieldRow> {
  for (let i = 0; i < 40; i++) {
    const form = readForm(t.screen()) ?? [];
    const row = form.find((r) => r.key === key);
    if (row?.focused) return row;
    const before = form.find((r) => r.focused)?.key;
    t.key('tab');
    await t.waitFor(
      (s) => (readForm(s) ?? []).find((r) => r.focused)?.key !== before || !readForm(s)?.some((r) => r.focused),
      3000,
    );
  }
  throw new Error(`could not focus "${key}". Screen:\n${t.text()}`);
}

/**
 * Clears the focused text field and types `value` (printable text only).
 * Returns false when the field would not take the text at all (a number
 * field ignores letters): refused at the keyboard.
 */
export async function replaceText(t: TerminalSession, key: string, value: string): Promise<boolean> {
  t.key('ctrl-a');
  t.key('ctrl-k');
  t.type(value);
  const shown = value.slice(0, 12);
  const took = (s: string[]) => (readForm(s) ?? []).some((r) => r.key === key && r.value.startsWith(shown));
  try {
    await t.waitFor(took, 3000);
    return true;
  } catch {
    return false;
  }
}
