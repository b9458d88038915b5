// Per-item progress of a multi-step operation (apply rules on 5 networks …).
import {Box, Text, useAnimation} from 'ink';
import {sanitize} from '../../domain/text.js';
import type {OperationStep, StepState} from '../../session/console-model.js';
import {useTheme} from '../theme/context.js';
import type {Theme} from '../theme/theme.js';
import type {Tone} from '../theme/tokens.js';
import {fit} from '../../domain/text-width.js';

const TONE: Record<StepState, Tone | undefined> = {pending: 'muted', running: 'accent', done: 'ok', failed: 'danger'};

function glyph(state: StepState, theme: Theme, frame: number): string {
  if (state === 'running') return theme.glyphs.spinner[frame % theme.glyphs.spinner.length];
  return theme.glyphs.step[state];
}

export function ProgressList({steps, width, height}: {steps: readonly OperationStep[]; width: number; height: number}) {
  const theme = useTheme();
  const running = steps.some((s) => s.state === 'running');
  // The animation timer runs only while something does.
  const {frame} = useAnimation({interval: 120, isActive: running});
  if (height <= 0) return null;
  // Keep the first unfinished step in view.
  const focus = Math.max(
    0,
    steps.findIndex((s) => s.state === 'running' || s.state === 'pending'),
  );
  const start = Math.max(0, Math.min(focus - Math.floor(height / 2), steps.length - height));
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, steps.length)} overflowY="hidden">
      {steps.slice(start, start + height).map((step) => {
        const detail = step.detail ? ` — ${sanitize(step.detail)}` : '';
        return (
          <Text key={step.id} wrap="truncate-end" {...(TONE[step.state] ? theme.style(TONE[step.state]!) : {})}>
            {fit(
              `${glyph(step.state, theme, frame)} ${sanitize(step.label)}${detail}`,
              width,
              'left',
              theme.glyphs.ellipsis,
            )}
          </Text>
        );
      })}
    </Box>
  );
}
