import {Box, Text} from 'ink';
import {useTheme} from '../theme/context.js';
import {truncate} from '../../domain/text-width.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

/** Replaces the whole console below the minimum size; fits any size itself. */
export function ResizeNotice({
  columns,
  rows,
  minColumns = MIN_COLUMNS,
  minRows = MIN_ROWS,
}: {
  columns: number;
  rows: number;
  minColumns?: number;
  minRows?: number;
}) {
  const theme = useTheme();
  const lines = [
    `Terminal too small: ${columns}×${rows}`,
    `vseg needs at least ${minColumns}×${minRows}.`,
    'Enlarge the window, or press q to quit.',
  ];
  return (
    <Box flexDirection="column" width={columns} height={rows} overflowY="hidden">
      {lines.slice(0, Math.max(0, rows)).map((line, i) => (
        <Text key={i} wrap="truncate-end" {...(i === 0 ? theme.style('warning') : {})}>
          {truncate(line, columns, theme.glyphs.ellipsis)}
        </Text>
      ))}
    </Box>
  );
}
