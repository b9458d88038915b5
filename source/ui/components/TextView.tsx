// Scrollable text (plans, traces, diffs, client configs): only the lines in
// the window are sanitized and rendered; long lines scroll sideways.
import {Box, Text} from 'ink';
import {sanitize} from '../../domain/text.js';
import {useKeys} from '../keys/context.js';
import type {KeyEvent} from '../keys/names.js';
import {useTheme} from '../theme/context.js';
import type {Tone} from '../theme/tokens.js';
import {dropColumns, fit} from '../../domain/text-width.js';
import {moveForKey} from './table/window.js';
import {useSyncState} from './use-sync-state.js';

export interface TextViewModel {
  offset: number;
  left: number;
  onKey: (event: KeyEvent) => boolean;
  /** Scrolls as little as needed for `line` to be in the window. */
  show: (line: number) => void;
}

const SIDE_STEP = 8;

export function useTextView({lineCount, height}: {lineCount: number; height: number}): TextViewModel {
  const [state, setState, latest] = useSyncState({offset: 0, left: 0});
  const maxOffset = Math.max(0, lineCount - height);
  const clamp = (offset: number) => Math.min(Math.max(0, offset), maxOffset);
  const onKey = (event: KeyEvent): boolean => {
    const now = latest.current;
    if (event.name === 'left' || event.name === 'h')
      return (setState({...now, left: Math.max(0, now.left - SIDE_STEP)}), true);
    if (event.name === 'right' || event.name === 'l') return (setState({...now, left: now.left + SIDE_STEP}), true);
    const move = moveForKey(event.name);
    if (!move) return false;
    const page = Math.max(1, height - 1);
    const offset = {
      down: now.offset + 1,
      up: now.offset - 1,
      pageDown: now.offset + page,
      pageUp: now.offset - page,
      first: 0,
      last: maxOffset,
    }[move];
    setState({...now, offset: clamp(offset)});
    return true;
  };
  const show = (line: number) => {
    const now = latest.current;
    const offset = clamp(now.offset);
    if (line < offset) setState({...now, offset: clamp(line)});
    else if (line >= offset + height) setState({...now, offset: clamp(line - height + 1)});
  };
  return {offset: clamp(state.offset), left: state.left, onKey, show};
}

export function useTextViewInput(model: TextViewModel, options: {isActive?: boolean} = {}): void {
  useKeys('pane', model.onKey, {isActive: options.isActive});
}

/** Colours unified-diff lines; the +/- prefix keeps the meaning without colour. */
export function diffTone(line: string): Tone | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return 'muted';
  if (line.startsWith('+')) return 'ok';
  if (line.startsWith('-')) return 'danger';
  if (line.startsWith('@@')) return 'accent';
  if (line.startsWith('~')) return 'warning';
  return undefined;
}

export interface TextViewProps {
  lines: readonly string[];
  width: number;
  height: number;
  offset: number;
  left?: number;
  tone?: (line: string, index: number) => Tone | undefined;
  emptyText?: string;
}

export function TextView({lines, width, height, offset, left = 0, tone, emptyText = ''}: TextViewProps) {
  const theme = useTheme();
  if (height <= 0 || width <= 0) return null;
  const shown = lines.slice(offset, offset + height);
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {shown.length === 0 ? <Text {...theme.style('muted')}>{fit(sanitize(emptyText), width)}</Text> : null}
      {shown.map((raw, i) => {
        const line = sanitize(raw);
        const t = tone?.(line, offset + i);
        return (
          <Text key={i} wrap="truncate-end" {...(t ? theme.style(t) : {})}>
            {fit(dropColumns(line, left), width, 'left', theme.glyphs.ellipsis)}
          </Text>
        );
      })}
    </Box>
  );
}
