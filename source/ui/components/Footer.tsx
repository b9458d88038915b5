// Key hints of the current view, straight from the registry; what does not
// fit is left out whole (never a half hint), and help stays last.
import {Text} from 'ink';
import type {BoundAction} from '../actions/types.js';
import {formatKey} from '../keys/names.js';
import {useTheme} from '../theme/context.js';
import {displayWidth, fit} from '../../domain/text-width.js';
import {plainIf} from '../text/ascii.js';

export interface Hint {
  key: string;
  label: string;
}

const GAP = '  ';

export function footerHints(actions: readonly BoundAction[], width: number, ascii = false): Hint[] {
  const candidates = actions
    .filter((a) => a.footer !== undefined && a.keys.length && a.availability === 'available')
    .sort((a, b) => a.footer! - b.footer!)
    .map((a) => ({key: formatKey(a.keys[0], ascii), label: a.hint ?? a.title, id: a.id}));
  const help = candidates.find((c) => c.id === 'app.help');
  const rest = candidates.filter((c) => c !== help);
  const cost = (h: Hint, first: boolean) => (first ? 0 : GAP.length) + displayWidth(h.key) + 1 + displayWidth(h.label);
  let budget = width - (help ? cost(help, false) : 0);
  const out: Hint[] = [];
  for (const c of rest) {
    const w = cost(c, out.length === 0);
    if (w > budget) break;
    out.push({key: c.key, label: c.label});
    budget -= w;
  }
  if (help && cost(help, out.length === 0) <= width) out.push({key: help.key, label: help.label});
  return out;
}

/** What fits of hints given as they are (a form's keys), whole ones only. */
export function fitHints(hints: readonly Hint[], width: number): Hint[] {
  const out: Hint[] = [];
  let used = 0;
  for (const h of hints) {
    const w = (out.length ? GAP.length : 0) + displayWidth(h.key) + 1 + displayWidth(h.label);
    if (used + w > width) break;
    out.push(h);
    used += w;
  }
  return out;
}

/**
 * The view's actions — or, while something takes every key (a form), the
 * keys that work there: `: cmd` or `q quit` would only be typed into it.
 */
export function Footer({
  actions,
  width,
  captured,
}: {
  actions: readonly BoundAction[];
  width: number;
  captured?: readonly Hint[];
}) {
  const theme = useTheme();
  const hints = captured
    ? fitHints(
        captured.map((h) => ({key: plainIf(theme.ascii, h.key), label: plainIf(theme.ascii, h.label)})),
        width,
      )
    : footerHints(actions, width, theme.ascii);
  const used = hints.reduce((n, h, i) => n + (i ? GAP.length : 0) + displayWidth(h.key) + 1 + displayWidth(h.label), 0);
  return (
    <Text wrap="truncate-end">
      {hints.map((h, i) => (
        <Text key={i}>
          {i ? GAP : ''}
          <Text {...theme.style('key')}>{h.key}</Text>
          <Text {...theme.style('muted')}>{` ${h.label}`}</Text>
        </Text>
      ))}
      {fit('', Math.max(0, width - used))}
    </Text>
  );
}
