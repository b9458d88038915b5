import {Text} from 'ink';
import {sanitize} from '../../../../domain/text.js';
import {useTheme} from '../../../theme/context.js';
import {fit} from '../../../../domain/text-width.js';

/** What a drill-in view shows when its object is gone (deleted elsewhere) or not loaded yet. */
export function Missing({text, width}: {text: string; width: number}) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" {...theme.style('muted')}>
      {fit(sanitize(text), width, 'left', theme.glyphs.ellipsis)}
    </Text>
  );
}
