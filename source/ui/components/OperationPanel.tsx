import {Box, Text} from 'ink';
import {sanitize} from '../../domain/text.js';
import type {Operation} from '../../session/console-model.js';
import {useTheme} from '../theme/context.js';
import {fit} from '../../domain/text-width.js';
import {ProgressList} from './ProgressList.js';

/** Title line with a done count, then the per-item progress list. */
export function OperationPanel({operation, width, height}: {operation: Operation; width: number; height: number}) {
  const theme = useTheme();
  if (height <= 0) return null;
  const done = operation.steps.filter((s) => s.state === 'done').length;
  const title = `${sanitize(operation.title)} — ${done}/${operation.steps.length} done${operation.state === 'failed' ? ', failed' : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style(operation.state === 'failed' ? 'danger' : 'title')}>
        {fit(title, width, 'left', theme.glyphs.ellipsis)}
      </Text>
      <ProgressList steps={operation.steps} width={width} height={height - 1} />
    </Box>
  );
}
