import {Text} from 'ink';
import {sanitize} from '../../domain/text.js';
import type {StatusLevel, StatusMessage} from '../../session/console-model.js';
import {useTheme} from '../theme/context.js';
import type {Tone} from '../theme/tokens.js';
import {fit} from '../../domain/text-width.js';
import {plainIf} from '../text/ascii.js';
import {Spinner} from './Spinner.js';

const TONE: Record<StatusLevel, Tone> = {info: 'info', success: 'ok', warning: 'warning', error: 'danger'};

export interface StatusLineProps {
  message?: StatusMessage;
  width: number;
  /** Shown when there is no message (a kept filter, the running operation). */
  idle?: string;
  /** Puts a spinner before the idle text. */
  busy?: boolean;
}

export function StatusLine({message, width, idle = '', busy = false}: StatusLineProps) {
  const theme = useTheme();
  if (!message) {
    return (
      <Text wrap="truncate-end">
        {busy ? <Spinner /> : null}
        <Text {...theme.style('muted')}>
          {fit(
            `${busy ? ' ' : ''}${sanitize(idle)}`,
            Math.max(0, width - (busy ? 1 : 0)),
            'left',
            theme.glyphs.ellipsis,
          )}
        </Text>
      </Text>
    );
  }
  const tone = TONE[message.level];
  // The glyph carries the level without colour; an error says how to clear it.
  const suffix = message.level === 'error' ? '  (Esc dismisses)' : '';
  return (
    <Text wrap="truncate-end" {...theme.style(tone)}>
      {fit(
        `${theme.glyphs.tone[tone]} ${plainIf(theme.ascii, sanitize(message.text))}${suffix}`,
        width,
        'left',
        theme.glyphs.ellipsis,
      )}
    </Text>
  );
}
