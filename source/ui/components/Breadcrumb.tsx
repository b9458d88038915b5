import {Text} from 'ink';
import {sanitize} from '../../domain/text.js';
import {useTheme} from '../theme/context.js';
import {displayWidth, fit} from '../../domain/text-width.js';

/** `site › network web › rules`; the oldest parts give way to `…` when narrow. */
export function breadcrumbText(parts: readonly string[], width: number, crumb: string, ellipsis: string): string {
  const clean = parts.map((p) => sanitize(p));
  const sep = ` ${crumb} `;
  let shown = clean;
  while (shown.length > 1 && displayWidth((shown === clean ? '' : ellipsis + sep) + shown.join(sep)) > width)
    shown = shown.slice(1);
  const text = (shown === clean ? '' : ellipsis + sep) + shown.join(sep);
  return fit(text, width, 'left', ellipsis);
}

export function Breadcrumb({parts, width, right = ''}: {parts: readonly string[]; width: number; right?: string}) {
  const theme = useTheme();
  const tail = right ? ` ${sanitize(right)}` : '';
  const tailWidth = Math.min(displayWidth(tail), Math.floor(width / 2));
  return (
    <Text wrap="truncate-end">
      <Text {...theme.style('title')}>
        {breadcrumbText(parts, width - tailWidth, theme.glyphs.crumb, theme.glyphs.ellipsis)}
      </Text>
      <Text {...theme.style('muted')}>{fit(tail, tailWidth, 'right', theme.glyphs.ellipsis)}</Text>
    </Text>
  );
}
