// Pure view of an edited line: prefix, the text scrolled so the cursor stays
// visible, and the cursor cell in inverse. Masked fields never render their
// value, not even its length.
import {Text} from 'ink';
import {sanitize} from '../../domain/text.js';
import {useTheme} from '../theme/context.js';
import {displayWidth, dropColumns, fit, takeColumns} from '../../domain/text-width.js';
import type {LineState} from './line-edit.js';

export interface InputLineProps {
  line: LineState;
  width: number;
  prefix?: string;
  placeholder?: string;
  masked?: boolean;
  focused?: boolean;
}

const MASK_LENGTH = 8;

export function InputLine({line, width, prefix = '', placeholder, masked = false, focused = true}: InputLineProps) {
  const theme = useTheme();
  if (width <= 0) return null;
  const room = Math.max(1, width - displayWidth(prefix));
  let before: string;
  let at: string;
  let after: string;
  if (masked) {
    before = line.value ? theme.glyphs.mask.repeat(MASK_LENGTH) : '';
    at = ' ';
    after = '';
  } else {
    const value = sanitize(line.value);
    // sanitize keeps lengths of clean text, and field text is cleaned on input.
    before = value.slice(0, line.cursor);
    const rest = value.slice(line.cursor);
    const first = [...new Intl.Segmenter().segment(rest)][0]?.segment ?? '';
    at = first || ' ';
    after = rest.slice(first.length);
  }
  if (!focused) {
    const shown = masked ? before : sanitize(line.value);
    if (!shown && placeholder)
      return (
        <Text wrap="truncate-end">
          {prefix}
          <Text {...theme.style('muted')}>{fit(placeholder, room)}</Text>
        </Text>
      );
    return <Text wrap="truncate-end">{prefix + fit(shown, room, 'left', theme.glyphs.ellipsis)}</Text>;
  }
  const atWidth = displayWidth(at);
  const beforeWidth = displayWidth(before);
  if (beforeWidth + atWidth > room) before = dropColumns(before, beforeWidth + atWidth - room);
  const left = room - displayWidth(before) - atWidth;
  const tail = takeColumns(after, Math.max(0, left));
  const pad = ' '.repeat(Math.max(0, left - displayWidth(tail)));
  const showPlaceholder = !line.value && placeholder;
  return (
    <Text wrap="truncate-end">
      {prefix + before}
      <Text inverse>{at}</Text>
      {showPlaceholder ? <Text {...theme.style('muted')}>{fit(placeholder, Math.max(0, left))}</Text> : tail + pad}
    </Text>
  );
}
