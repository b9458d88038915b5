import {Text} from 'ink';
import {useTheme} from '../theme/context.js';
import {sanitize} from '../../domain/text.js';
import {displayWidth, fit} from '../../domain/text-width.js';
import type {CommandLineState} from './command-line.js';
import {InputLine} from './InputLine.js';

export function CommandLine({state, width}: {state: CommandLineState; width: number}) {
  return <InputLine line={state.line} width={width} prefix=":" placeholder="command (Tab completes, ↑ history)" />;
}

/** The candidates line under the command line while completing. */
export function CompletionHint({state, width}: {state: CommandLineState; width: number}) {
  const theme = useTheme();
  const c = state.completion;
  if (!c)
    return (
      <Text wrap="truncate-end" {...theme.style('muted')}>
        {fit('Tab completes · ↑/↓ history · Enter runs · Esc closes', width)}
      </Text>
    );
  if (!c.candidates.length)
    return (
      <Text wrap="truncate-end" {...theme.style('warning')}>
        {fit('no matching command', width)}
      </Text>
    );
  // Whole names only, in order; the window starts at the current one when it would not show.
  const from = (start: number) => {
    let used = 0;
    const out: {text: string; current: boolean}[] = [];
    for (let i = start; i < c.candidates.length; i++) {
      const text = (out.length ? '  ' : '') + sanitize(c.candidates[i]);
      if (used + displayWidth(text) > width) break;
      used += displayWidth(text);
      out.push({text, current: i === c.index});
    }
    return out;
  };
  let parts = from(0);
  if (c.index >= 0 && !parts.some((p) => p.current)) parts = from(c.index);
  return (
    <Text wrap="truncate-end">
      {parts.map((p, i) => (
        <Text key={i} {...(p.current ? theme.style('selection') : {})}>
          {p.text}
        </Text>
      ))}
    </Text>
  );
}
