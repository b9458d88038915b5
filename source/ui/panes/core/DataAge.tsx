// How old the data on screen is, on the right of each pane's title line:
// "updated 4 s ago", or "stale — updated 2 min ago" after a failed refresh
// (the shell's banner says why). Only this line ticks, not the whole pane.
import {Text} from 'ink';
import type {SiteSnapshot} from '../../../session/console-session.js';
import {useClockText} from '../../app/use-clock.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {displayWidth, fit} from '../../../domain/text-width.js';
import {agoText} from '../../../domain/format.js';
import {sanitize} from '../../../domain/text.js';

export type AgeInput = Pick<SiteSnapshot, 'loadedAt' | 'stale' | 'loading'>;

export function dataAge(snapshot: AgeInput, now: number): {text: string; tone?: Tone} {
  if (snapshot.loadedAt === null) return {text: snapshot.loading ? 'loading…' : 'no data yet', tone: 'muted'};
  const age = `updated ${agoText(now - snapshot.loadedAt)}`;
  return snapshot.stale ? {text: `stale — ${age}`, tone: 'warning'} : {text: age, tone: 'muted'};
}

export interface TitlePart {
  text: string;
  tone?: Tone | 'title';
}

/** One line: what the pane shows on the left, the data age on the right. */
export function PaneTitle({
  parts,
  snapshot,
  width,
  active,
}: {
  parts: readonly TitlePart[];
  snapshot: AgeInput;
  width: number;
  active: boolean;
}) {
  const theme = useTheme();
  // Ticks while the age is on screen and counts: "no data yet" does not.
  const ageText = useClockText(active && snapshot.loadedAt !== null, (now) => dataAge(snapshot, now).text);
  if (width <= 0) return null;
  // The tone does not depend on the time: any instant gives it.
  const age = {text: ageText, tone: dataAge(snapshot, 0).tone};
  const glyph = snapshot.stale ? `${theme.glyphs.tone.warning} ` : '';
  const right = ` ${glyph}${age.text}`;
  const rightWidth = Math.min(displayWidth(right), Math.floor(width / 2));
  let room = width - rightWidth;
  const shown: TitlePart[] = [];
  for (const [i, p] of parts.entries()) {
    const text = sanitize((i ? '  ' : '') + p.text);
    const t = fit(text, Math.max(0, Math.min(room, displayWidth(text))), 'left', theme.glyphs.ellipsis);
    room -= displayWidth(t);
    shown.push({text: t, tone: p.tone});
  }
  return (
    <Text wrap="truncate-end">
      {shown.map((p, i) => (
        <Text key={i} {...(p.tone ? theme.style(p.tone) : {})}>
          {p.text}
        </Text>
      ))}
      {' '.repeat(Math.max(0, room))}
      <Text {...theme.style(age.tone ?? 'muted')}>{fit(right, rightWidth, 'right', theme.glyphs.ellipsis)}</Text>
    </Text>
  );
}

/** A one-line note under a list (the selected item's problem or description). */
export function NoteLine({text, tone, width}: {text: string; tone?: Tone; width: number}) {
  const theme = useTheme();
  if (width <= 0) return null;
  return (
    <Text wrap="truncate-end" {...(tone ? theme.style(tone) : theme.style('muted'))}>
      {fit(sanitize(text), width, 'left', theme.glyphs.ellipsis)}
    </Text>
  );
}
