import {Text} from 'ink';
import {sanitize} from '../../domain/text.js';
import {useTheme} from '../theme/context.js';
import type {Tone} from '../theme/tokens.js';
import {fit} from '../../domain/text-width.js';
import {plainIf} from '../text/ascii.js';

/** A full-width attention line: "API unreachable — retrying in 4 s (r to retry now)". */
export function Banner({text, tone, width}: {text: string; tone: Tone; width: number}) {
  const theme = useTheme();
  const style = theme.color ? {...theme.style(tone), inverse: true} : {...theme.style(tone), bold: true};
  return (
    <Text wrap="truncate-end" {...style}>
      {fit(` ${theme.glyphs.tone[tone]} ${plainIf(theme.ascii, sanitize(text))}`, width, 'left', theme.glyphs.ellipsis)}
    </Text>
  );
}
