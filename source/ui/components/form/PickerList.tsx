import {Box, Text} from 'ink';
import {sanitize} from '../../../domain/text.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';
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
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {shown.length === 0 ? <Text {...theme.style('muted')}>{fit('  no match', width)}</Text> : null}
      {shown.map((item, i) => {
        const selected = offset + i === cursor;
        const detail = item.detail ? `  ${sanitize(item.detail)}` : '';
        const line = fit(
          `${selected ? theme.glyphs.marker : ' '} ${sanitize(item.label)}${detail}`,
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
