// When fields were changed both in a form and on the server since the form
// opened, the operator chooses, field by field, which value to keep. This
// only draws the choice and reads keys; which fields conflict and what a
// choice means is decided below the UI (domain/merge.ts).
import {Box, Text} from 'ink';
import {sanitize} from '../../../domain/text.js';
import type {KeyEvent} from '../../keys/names.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';
import type {FieldValue} from './fields.js';

export interface ConflictView {
  field: string;
  label: string;
  /** Display text of both values. */
  mine: string;
  theirs: string;
  /** The server value the choice is made against (a later change asks again). */
  theirsValue: FieldValue;
}

/** Per field: which value the operator keeps, and the server value that choice was made against. */
export type ConflictChoices = Record<string, {choice: 'mine' | 'theirs'; theirs: FieldValue}>;

export interface ChooserState {
  conflicts: readonly ConflictView[];
  /** Per conflict: true keeps the operator's value. */
  mine: readonly boolean[];
  cursor: number;
}

export function initialChooser(conflicts: readonly ConflictView[]): ChooserState {
  return {conflicts, mine: conflicts.map(() => true), cursor: 0};
}

export function chosen(s: ChooserState): ConflictChoices {
  return Object.fromEntries(
    s.conflicts.map((c, i) => [
      c.field,
      {choice: s.mine[i] ? ('mine' as const) : ('theirs' as const), theirs: c.theirsValue},
    ]),
  );
}

/** ↑/↓ pick a field, ←/→ or Space switch its value, Enter saves with these choices, Esc goes back to the form. */
export function chooserKey(
  s: ChooserState,
  event: KeyEvent,
): {state: ChooserState; effect?: 'save' | 'back'} | undefined {
  const last = s.conflicts.length - 1;
  switch (event.name) {
    case 'up':
      return {state: {...s, cursor: Math.max(0, s.cursor - 1)}};
    case 'down':
    case 'tab':
      return {state: {...s, cursor: Math.min(last, s.cursor + 1)}};
    case 'left':
    case 'right':
    case 'space': {
      const mine = [...s.mine];
      mine[s.cursor] = event.name === 'left' ? true : event.name === 'right' ? false : !mine[s.cursor];
      return {state: {...s, mine}};
    }
    case 'enter':
      return {state: s, effect: 'save'};
    case 'escape':
      return {state: s, effect: 'back'};
    default:
      return undefined;
  }
}

export function ConflictChooser({state, width, height}: {state: ChooserState; width: number; height: number}) {
  const theme = useTheme();
  const head = [
    'Changed on the server while this form was open, and changed here too:',
    'choose the value to keep for each field.',
  ];
  const foot = '↑/↓ field · ←/→ or Space choose · Enter save · Esc back to the form';
  const rows = Math.max(1, height - head.length - 1);
  const start = Math.min(Math.max(0, state.cursor - rows + 1), Math.max(0, state.conflicts.length - rows));
  const labelWidth = Math.min(24, Math.max(6, ...state.conflicts.map((c) => c.label.length)) + 2);
  const half = Math.max(8, Math.floor((width - labelWidth - 2) / 2));
  const mark = (on: boolean) => (on ? theme.glyphs.checked : theme.glyphs.unchecked);
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {head.map((line, i) => (
        <Text key={`h${i}`} wrap="truncate-end" {...theme.style(i === 0 ? 'warning' : 'muted')}>
          {fit(line, width)}
        </Text>
      ))}
      {state.conflicts.slice(start, start + rows).map((c, j) => {
        const i = start + j;
        const text =
          `${i === state.cursor ? '›' : ' '} ${fit(sanitize(c.label), labelWidth)}` +
          fit(`${mark(state.mine[i])} yours: ${sanitize(c.mine)}`, half) +
          fit(`${mark(!state.mine[i])} server: ${sanitize(c.theirs)}`, half);
        return (
          <Text key={c.field} wrap="truncate-end" inverse={i === state.cursor}>
            {fit(text, width)}
          </Text>
        );
      })}
      <Box flexGrow={1} />
      <Text wrap="truncate-end" {...theme.style('muted')}>
        {fit(foot, width)}
      </Text>
    </Box>
  );
}
