// The answer to a what-if as a scrollable trace: the flag saying whether
// Apply Rules changes the verdict, then the applied and the staged answers
// stacked (p puts the staged one first). Recomputed when the site refreshes.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {sanitize} from '../../../domain/text.js';
import {why, type WhyQuery, type WhyResult} from '../../../policy/index.js';
import {verdictWord, whyLines, type TraceLineKind} from '../../../policy/present.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {fit} from '../../../domain/text-width.js';
import {useAnalysisSite, waitingText} from './use-analysis.js';

export interface TraceParams {
  query: WhyQuery;
  /** Start with the staged answer first (opened from a matrix of the staged rules). */
  pendingFirst?: boolean;
}

export const TRACE_TONE: Record<TraceLineKind, Tone | undefined> = {
  allow: 'ok',
  deny: 'danger',
  partial: 'warning',
  heading: undefined,
  hop: 'accent',
  detail: undefined,
  note: 'info',
  muted: 'muted',
  blank: undefined,
};

/** One line: does Apply Rules change the answer? */
export function applyFlag(r: WhyResult): {text: string; tone: Tone} {
  if (r.ruleset === 'pending')
    return {
      text: `Live rules of ${r.unknownApplied.join(', ')} unknown: answering with the staged rules`,
      tone: 'warning',
    };
  if (r.changesOnApply)
    return {
      text: `Changes on Apply Rules: ${verdictWord(r.verdict)} now → ${verdictWord(r.pending!.verdict)} after`,
      tone: 'warning',
    };
  if (r.pending) return {text: `Apply Rules keeps ${verdictWord(r.verdict)}, with other deciding rules`, tone: 'info'};
  return {
    text: `Apply Rules changes nothing here: applied and staged rules agree (${verdictWord(r.verdict)})`,
    tone: 'muted',
  };
}

export function Trace({params, width, height}: ViewProps<TraceParams>) {
  const theme = useTheme();
  const {site, snapshot, defaults} = useAnalysisSite();
  const [pendingFirst, setPendingFirst] = useState(params.pendingFirst === true);
  const result = useMemo(() => (site ? why(site, params.query, {defaults}) : null), [site, params.query, defaults]);
  const lines = useMemo(() => {
    if (!site || !result) return [];
    if (!result.ok) return [{kind: 'deny' as const, text: result.error}];
    return whyLines(site, result.value, {primary: pendingFirst ? 'pending' : undefined, defaults, width: width - 1});
  }, [site, result, pendingFirst, defaults, width]);
  const bodyHeight = Math.max(1, height - 1);
  const view = useTextView({lineCount: lines.length, height: bodyHeight});
  useTextViewInput(view);
  useActionHandler('analyze.trace.pending', () => setPendingFirst((p) => !p));

  const flag = result?.ok
    ? applyFlag(result.value)
    : {
        text: result ? 'The question cannot be answered as asked' : waitingText(snapshot, 'the site'),
        tone: (result ? 'danger' : 'muted') as Tone,
      };
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style(flag.tone)}>
        {fit(
          `${theme.glyphs.tone[flag.tone]} ` +
            `${sanitize(flag.text)}${result?.ok && result.value.pending ? `  (p: ${pendingFirst ? 'applied' : 'staged'} first)` : ''}`,
          width,
        )}
      </Text>
      <TextView
        lines={lines.map((l) => l.text)}
        width={width}
        height={bodyHeight}
        offset={view.offset}
        left={view.left}
        tone={(_, i) => TRACE_TONE[lines[i].kind]}
        emptyText={waitingText(snapshot, 'the site')}
      />
    </Box>
  );
}
