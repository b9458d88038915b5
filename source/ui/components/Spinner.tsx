import {Text, useAnimation} from 'ink';
import {useTheme} from '../theme/context.js';

/** One animated cell; the timer runs only while mounted and active, and re-renders only this node. */
export function Spinner({active = true}: {active?: boolean}) {
  const theme = useTheme();
  const {frame} = useAnimation({interval: 120, isActive: active});
  return <Text {...theme.style('accent')}>{theme.glyphs.spinner[frame % theme.glyphs.spinner.length]}</Text>;
}
