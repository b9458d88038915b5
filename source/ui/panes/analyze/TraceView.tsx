// The answer to a what-if as a scrollable trace: the flag saying whether
// Apply Rules changes the verdict, then the applied and the staged answers
// stacked (p puts the staged one first). Recomputed when the site refreshes.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {VergeError} from '../../../api/errors.js';
import {verifyContext, verifyWhy, type VerifyResult} from '../../../session/verify.js';
import {verifyLines} from '../../../session/verify-text.js';
import {Spinner} from '../../components/Spinner.js';
import {sanitize} from '../../../domain/text.js';
import {why, type WhyQuery, type WhyResult} from '../../../policy/index.js';
import {
  verdictWord,
  whyLines,
  wrapLines,
  type TraceHopRef,
  type TraceLine,
  type TraceLineKind,
} from '../../../policy/present.js';
import {formatIpv4} from '../../../domain/ip.js';
import {flowFromQuestion} from '../../../domain/wizards/rules.js';
import {useSession} from '../../data/session.js';
import type {RulesParams} from '../rules/RulesList.js';
import {startWizardWith} from '../wizards/common.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {fit} from '../../../domain/text-width.js';
import {plainIf} from '../../text/ascii.js';
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

/** The rules view that shows a hop's deciding rule (or its default), with the cursor on it. */
export function ruleViewOf(hop: TraceHopRef): RulesParams {
  return {
    network: hop.networkKey,
    label: hop.network,
    ...(hop.rule ? {select: {rule: hop.rule.key}} : hop.default ? {select: {default: hop.direction}} : {}),
  };
}

type Verifying =
  | {kind: 'idle'}
  | {kind: 'running'; step: string}
  | {kind: 'done'; result: VerifyResult}
  | {kind: 'failed'; message: string};

/** Tenants too: a layer-2 pass-through explains a disagreement. */
const VERIFY_SECTIONS = ['networks', 'rules', 'aliases', 'addresses', 'vms', 'vpn', 'tenants'] as const;

export function Trace({params, width, height, shell}: ViewProps<TraceParams>) {
  const theme = useTheme();
  const session = useSession();
  const {site, snapshot, defaults} = useAnalysisSite(VERIFY_SECTIONS);
  const [verifying, setVerifying] = useState<Verifying>({kind: 'idle'});
  const [pendingFirst, setPendingFirst] = useState(params.pendingFirst === true);
  const [hopAt, setHopAt] = useState<number | undefined>(undefined);
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
    // Wrapped like the trace: the likely cause and what to do about it are the lines that matter.
    const verified = verifyLines(verifying.result).map((text): TraceLine => ({
      kind: text.includes('DISAGREE') ? kind : 'detail',
      text,
    }));
    return [...base, ...wrapLines(verified, width - 1)];
  }, [site, result, pendingFirst, defaults, width, verifying]);
  // The hops of the answer shown first, in order; the one that decided is selected to begin with.
  const hops = useMemo(() => {
    const at: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].kind === 'blank' && at.length) break;
      if (lines[i].hop) at.push(i);
    }
    return at;
  }, [lines]);
  const decided = hops.length - 1;
  const selected = hops.length ? Math.min(hopAt ?? decided, hops.length - 1) : undefined;
  const bodyHeight = Math.max(1, height - 2 - (verifying.kind === 'idle' ? 0 : 1));
  const view = useTextView({lineCount: lines.length, height: bodyHeight});
  useTextViewInput(view);
  useActionHandler('analyze.trace.pending', () => setPendingFirst((p) => !p));
  const step = (by: number) => {
    if (selected === undefined) return;
    const next = (selected + by + hops.length) % hops.length;
    setHopAt(next);
    view.show(hops[next]);
  };
  useActionHandler('analyze.trace.next-hop', () => step(1));
  useActionHandler('analyze.trace.previous-hop', () => step(-1));
  useActionHandler('app.open', () => {
    const hop = selected === undefined ? undefined : lines[hops[selected]].hop;
    if (!hop) return shell.notify('info', 'No router decides here: nothing to open');
    if (hop.stopped) return shell.jump('networks');
    shell.push('rules', ruleViewOf(hop));
  });
  useActionHandler('analyze.trace.verify', () => {
    const connection = session.connection;
    if (!site || !result?.ok || !connection || verifying.kind === 'running') return;
    setVerifying({kind: 'running', step: 'starting'});
    verifyWhy(verifyContext(connection), site, result.value, {
      defaults,
      onStep: (s) => setVerifying({kind: 'running', step: s}),
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
  // d: the probe for the selected hop — from that hop's router when it sends (outgoing), else from the source side
  useActionHandler('analyze.trace.probe', () => {
    const o = result?.ok ? result.value.outcomes[0] : undefined;
    if (!site || !o) return;
    const chosen = selected === undefined ? undefined : lines[hops[selected]].hop;
    const src =
      (chosen && chosen.direction === 'outgoing'
        ? o.trace.hops.find((h) => h.networkKey === chosen.networkKey)
        : undefined) ??
      o.trace.hops.find((h) => h.direction === 'outgoing') ??
      o.trace.hops[0];
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
  useActionHandler('analyze.trace.allow', () => {
    if (!site || !result?.ok) return;
    const r = result.value;
    const end = (e: typeof r.query.from) => ({
      kind: e.kind,
      ref: e.ref,
      address: e.set.size() === 1 ? formatIpv4(e.set.min) : undefined,
    });
    const {flow, note} = flowFromQuestion(end(r.query.from), end(r.query.to), r.query.service);
    startWizardWith(session.wizards, 'rules', site, {flows: [flow], defaultDeny: false});
    shell.push('wizard.steps', {id: 'rules'});
    shell.notify(
      'info',
      note ?? `The flow ${r.query.from.ref} → ${r.query.to.ref} ${r.query.service} is filled in: check it, then Review`,
    );
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
  const marked =
    selected === undefined
      ? lines
      : lines.map((l, i) => (i === hops[selected] ? {...l, text: theme.glyphs.marker + l.text.slice(1)} : l));
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {verifyLine}
      <Text wrap="truncate-end" {...theme.style(flag.tone)}>
        {fit(
          `${theme.glyphs.tone[flag.tone]} ` +
            `${sanitize(flag.text)}${result?.ok && result.value.pending ? `  (p: ${pendingFirst ? 'applied' : 'staged'} first)` : ''}`,
          width,
        )}
      </Text>
      <TextView
        lines={marked.map((l) => l.text)}
        width={width}
        height={bodyHeight}
        offset={view.offset}
        left={view.left}
        tone={(_, i) => TRACE_TONE[marked[i].kind]}
        emptyText={waitingText(snapshot, 'the site')}
      />
      <Text wrap="truncate-end" {...theme.style('muted')}>
        {fit(
          plainIf(
            theme.ascii,
            hops.length
              ? `${theme.glyphs.marker} hop ${(selected ?? 0) + 1} of ${hops.length} — Tab selects another · ` +
                  'Enter opens the rule that decided there · A allows this flow · v verifies · d probes'
              : 'A opens the flow builder filled in with this question · v verifies on the routers',
          ),
          width,
          'left',
          theme.glyphs.ellipsis,
        )}
      </Text>
    </Box>
  );
}
