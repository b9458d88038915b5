// One line: who and where the operator is, and whether it is safe to act.
// Segments drop from the least important end when the terminal is narrow.
import {Text} from 'ink';
import {sanitize} from '../../domain/text.js';
import {isBusy, type ConsoleState} from '../../session/console-model.js';
import {useTheme} from '../theme/context.js';
import type {Theme} from '../theme/theme.js';
import type {Token, Tone} from '../theme/tokens.js';
import {displayWidth, fit, truncate} from '../../domain/text-width.js';
import {Spinner} from './Spinner.js';

export interface HeaderProps {
  state: ConsoleState;
  width: number;
  /** Epoch ms, for the retry countdown. */
  now: number;
}

interface Segment {
  text: string;
  tone?: Token | Tone;
  /** Lower survives longer. */
  rank: number;
  /** Drawn after a spinner cell (counted in the width). */
  spinner?: boolean;
}

export function retrySeconds(retryAt: number | undefined, now: number): number | undefined {
  return retryAt === undefined ? undefined : Math.max(0, Math.ceil((retryAt - now) / 1000));
}

export function headerSegments(state: ConsoleState, now: number, theme: Theme): Segment[] {
  const g = theme.glyphs.tone;
  const c = state.connection;
  const seconds = c.kind === 'offline' ? retrySeconds(c.retryAt, now) : undefined;
  const connection: Segment =
    c.kind === 'connected'
      ? {text: `${g.ok} connected`, tone: 'ok', rank: 0}
      : c.kind === 'connecting'
        ? {text: `${g.warning} connecting${theme.glyphs.ellipsis}`, tone: 'warning', rank: 0}
        : c.cause === 'signin'
          ? {text: `${g.muted} not signed in`, tone: 'muted', rank: 0}
          : {
              text: `${g.danger} offline${seconds !== undefined ? ` (retry in ${seconds} s)` : ''}`,
              tone: 'danger',
              rank: 0,
            };
  // An ad-hoc --url session is labelled by its host: say it once.
  const where = [...new Set([sanitize(state.profile), sanitize(state.host)].filter(Boolean))].join('@');
  const segments: Segment[] = [
    {text: 'vseg', tone: 'header', rank: 3},
    {text: where, tone: 'accent', rank: 1},
    {text: state.version ? `VergeOS ${sanitize(state.version)}` : '', rank: 4},
    {text: state.readOnly ? 'READ-ONLY' : 'read-write', tone: state.readOnly ? 'warning' : 'muted', rank: 0},
    connection,
    {text: state.insecureTls ? `${g.warning} insecure TLS` : '', tone: 'danger', rank: 0},
    {text: state.cleartext ? `${g.warning} plain http` : '', tone: 'danger', rank: 0},
    {text: state.pendingApply > 0 ? `${state.pendingApply} pending apply` : '', tone: 'warning', rank: 2},
    {text: isBusy(state) ? ' busy' : '', tone: 'accent', rank: 1, spinner: true},
  ];
  return segments.filter((s) => s.text);
}

const SEP = '  ';

export function Header({state, width, now}: HeaderProps) {
  const theme = useTheme();
  let segments = headerSegments(state, now, theme);
  const total = () =>
    segments.reduce((n, s) => n + displayWidth(s.text) + (s.spinner ? 1 : 0), 0) +
    SEP.length * Math.max(0, segments.length - 1);
  while (total() > width && segments.some((s) => s.rank > 0)) {
    const worst = Math.max(...segments.map((s) => s.rank));
    const at = segments.map((s) => s.rank).lastIndexOf(worst);
    segments = segments.filter((_, i) => i !== at);
  }
  let used = 0;
  const parts: Array<{text: string; tone: Segment['tone']; spinner: boolean; sep: string}> = [];
  for (const [i, s] of segments.entries()) {
    const sep = i ? SEP : '';
    const spinner = Boolean(s.spinner) && width - used >= sep.length + 1;
    const text = truncate(
      spinner ? s.text : sep + s.text,
      Math.max(0, width - used - (spinner ? sep.length + 1 : 0)),
      theme.glyphs.ellipsis,
    );
    used += displayWidth(text) + (spinner ? sep.length + 1 : 0);
    parts.push({text, tone: s.tone, spinner, sep});
  }
  return (
    <Text wrap="truncate-end">
      {parts.map((p, i) => (
        <Text key={i} {...(p.tone ? theme.style(p.tone) : {})}>
          {p.spinner ? p.sep : ''}
          {p.spinner ? <Spinner /> : null}
          {p.text}
        </Text>
      ))}
      {fit('', Math.max(0, width - used))}
    </Text>
  );
}
