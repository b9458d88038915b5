// The answer to a what-if as a scrollable trace: the flag saying whether
// Apply Rules changes the verdict, then the applied and the staged answers
// stacked (p puts the staged one first). Recomputed when the site refreshes.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {VergeError} from '../../../api/errors.js';
import {verifyContext, verifyWhy, type VerifyResult} from '../../../session/verify.js';
import {verifyLines} from '../../../session/verify-text.js';
import {useSession} from '../../data/session.js';
import {Spinner} from '../../components/Spinner.js';
import {sanitize} from '../../../domain/text.js';
import {why, type WhyQuery, type WhyResult} from '../../../policy/index.js';
import {verdictWord, whyLines, type TraceLineKind} from '../../../policy/present.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {fit} from '../../text/width.js';
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

type Verifying =
  | {kind: 'idle'}
  | {kind: 'running'; step: string}
  | {kind: 'done'; result: VerifyResult}
  | {kind: 'failed'; message: string};

const VERIFY_SECTIONS = ['networks', 'rules', 'aliases', 'addresses', 'vms', 'vpn', 'tenants'] as const;

export function Trace({params, width, height, shell}: ViewProps<TraceParams>) {
  const theme = useTheme();
  const session = useSession();
  const {site, snapshot, defaults} = useAnalysisSite(VERIFY_SECTIONS);
  const [verifying, setVerifying] = useState<Verifying>({kind: 'idle'});
  const [pendingFirst, setPendingFirst] = useState(params.pendingFirst === true);
  const result = useMemo(() => (site ? why(site, params.query, {defaults}) : null), [site, params.query, defaults]);
  const lines = useMemo(() => {
    if (!site || !result) return [];
    if (!result.ok) return [{kind: 'deny' as const, text: result.error}];
    const base = whyLines(site, result.value, {
      primary: pendingFirst ? 'pending' : undefined,
      defaults,
      width: width - 1,
    });
    if (verifying.kind !== 'done') return base;
    const kind = verifying.result.agrees ? ('note' as const) : ('deny' as const);
    return [
      ...base,
      ...verifyLines(verifying.result).map((text) => ({
        kind: text.includes('DISAGREE') ? kind : ('detail' as const),
        text,
      })),
    ];
  }, [site, result, pendingFirst, defaults, width, verifying]);
  const bodyHeight = Math.max(1, height - 1 - (verifying.kind === 'idle' ? 0 : 1));
  const view = useTextView({lineCount: lines.length, height: bodyHeight});
  useTextViewInput(view);
  useActionHandler('analyze.trace.pending', () => setPendingFirst((p) => !p));
  useActionHandler('analyze.trace.verify', () => {
    const connection = session.connection;
    if (!site || !result?.ok || !connection || verifying.kind === 'running') return;
    setVerifying({kind: 'running', step: 'starting'});
    verifyWhy(verifyContext(connection), site, result.value, {
      defaults,
      onStep: (step) => setVerifying({kind: 'running', step}),
      confirmTrace: (changes, calls) =>
        shell.confirm({
          title: 'Trace the deciding rules for a moment?',
          message:
            `The probe cannot stand in for this traffic. To watch the traffic itself vseg would ${changes.join('; ')}. ` +
            'It is journalled: an interrupted run is put right on the next start.',
          calls,
          confirmLabel: 'Trace',
          triggerKey: 'v',
        }),
    }).then(
      (r) => setVerifying({kind: 'done', result: r}),
      (e: unknown) => setVerifying({kind: 'failed', message: e instanceof VergeError ? e.describe() : String(e)}),
    );
  });
  useActionHandler('analyze.trace.probe', () => {
    const o = result?.ok ? result.value.outcomes[0] : undefined;
    if (!site || !o) return;
    const src = o.trace.hops.find((h) => h.direction === 'outgoing') ?? o.trace.hops[0];
    const tcp = o.example.protocol === 'tcp' && o.example.destinationPort !== undefined;
    shell.push('diag', {
      preset: {
        network: src?.network,
        query: tcp ? 'tcp_connect' : 'ping',
        host: o.example.destination,
        ...(tcp ? {port: o.example.destinationPort} : {}),
      },
    });
  });

  const flag = result?.ok
    ? applyFlag(result.value)
    : {
        text: result ? 'The question cannot be answered as asked' : waitingText(snapshot, 'the site'),
        tone: (result ? 'danger' : 'muted') as Tone,
      };
  const verifyLine =
    verifying.kind === 'running' ? (
      <Text wrap="truncate-end">
        <Spinner />
        {fit(` verifying: ${sanitize(verifying.step)} …`, width - 2)}
      </Text>
    ) : verifying.kind === 'done' ? (
      <Text wrap="truncate-end" {...theme.style(verifying.result.agrees ? 'ok' : 'danger')}>
        {fit(
          verifying.result.agrees
            ? `${theme.glyphs.tone.ok} routers: ${
                verifying.result.observed === 'unknown'
                  ? 'nothing observed contradicts the rules'
                  : `agree (${verifying.result.observed})`
              } — details at the end`
            : `${theme.glyphs.tone.danger} routers DISAGREE: predicted ${verifying.result.predicted}, ` +
                `observed ${verifying.result.observed} — cause at the end (G)`,
          width,
        )}
      </Text>
    ) : verifying.kind === 'failed' ? (
      <Text wrap="truncate-end" {...theme.style('danger')}>
        {fit(`verify failed: ${sanitize(verifying.message)}`, width)}
      </Text>
    ) : null;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {verifyLine}
      <Text wrap="truncate-end" {...theme.style(flag.tone)}>
        {fit(
          `${theme.glyphs.tone[flag.tone]} ${sanitize(flag.text)}${result?.ok && result.value.pending ? `  (p: ${pendingFirst ? 'applied' : 'staged'} first)` : ''}`,
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
