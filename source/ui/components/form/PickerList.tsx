import {Box, Text} from 'ink';
import {sanitize} from '../../../domain/text.js';
import {useTheme} from '../../theme/context.js';
import {displayWidth, fit} from '../../../domain/text-width.js';
import type {PickerItem} from './fields.js';

/** Windowed list of picker items; only the rows on screen are rendered. */
export function PickerList({
  items,
  cursor,
  offset,
  width,
  height,
}: {
  items: readonly PickerItem[];
  cursor: number;
  offset: number;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  if (height <= 0) return null;
  const shown = items.slice(offset, offset + height);
  // Name and kind in aligned columns over the whole list (not just the window),
  // so the columns do not shift while scrolling.
  const labelWidth = Math.min(
    Math.max(0, ...items.map((i) => displayWidth(sanitize(i.label)))),
    Math.max(8, Math.floor(width / 2)),
  );
  const kindWidth = Math.min(Math.max(0, ...items.map((i) => displayWidth(sanitize(i.kind ?? '')))), 14);
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {shown.length === 0 ? <Text {...theme.style('muted')}>{fit('  no match', width)}</Text> : null}
      {shown.map((item, i) => {
        const selected = offset + i === cursor;
        const detail = item.detail ? `  ${sanitize(item.detail)}` : '';
        const kind = kindWidth > 0 ? `  ${fit(sanitize(item.kind ?? ''), kindWidth)}` : '';
        const line = fit(
          `${selected ? theme.glyphs.marker : ' '} ${fit(sanitize(item.label), labelWidth, 'left', theme.glyphs.ellipsis)}${kind}${detail}`,
          width,
          'left',
          theme.glyphs.ellipsis,
        );
        return (
          <Text key={i} wrap="truncate-end" {...(selected ? theme.style('selection') : {})}>
            {line}
          </Text>
        );
      })}
    </Box>
  );
}
