// `?`: the keys of the current view and the console, generated from the
// action registry (read-only and offline filtering included).
import {Box, Text} from 'ink';
import {sanitize} from '../../domain/text.js';
import type {ActionRegistry} from '../actions/registry.js';
import type {ActionContext} from '../actions/types.js';
import {useKeys} from '../keys/context.js';
import {formatKey} from '../keys/names.js';
import {useTheme} from '../theme/context.js';
import {displayWidth, fit} from '../../domain/text-width.js';
import {moveForKey} from './table/window.js';
import {useSyncState} from './use-sync-state.js';

export interface HelpLine {
  text: string;
  kind: 'heading' | 'item' | 'offline' | 'blank';
}

/** A command as help lists it. */
export interface HelpCommand {
  name: string;
  args?: string;
  description?: string;
}

/** The commands, after the keys: `?` is where an operator looks for :why, :matrix or :wizard setup. */
export function commandLines(commands: readonly HelpCommand[]): HelpLine[] {
  const listed = commands.filter((c) => c.description);
  if (!listed.length) return [];
  const head = (c: HelpCommand) => `:${c.name}${c.args ? ` ${c.args}` : ''}`;
  const width = Math.min(34, Math.max(...listed.map((c) => displayWidth(sanitize(head(c))))));
  return [
    {text: '', kind: 'blank'},
    {text: 'Commands (: then the name; Tab completes)', kind: 'heading'},
    ...listed.map((c) => ({
      text: `  ${fit(sanitize(head(c)), width)}  ${sanitize(c.description ?? '')}`,
      kind: 'item' as const,
    })),
  ];
}

export function helpLines(
  registry: ActionRegistry,
  scope: string,
  context: ActionContext,
  scopeTitle: string,
  ascii = false,
): HelpLine[] {
  const actions = registry.visible(scope, context).filter((a) => a.keys.length);
  const groups = new Map<string, typeof actions>();
  for (const a of actions) {
    const heading = a.scope === 'global' ? (a.group ?? 'Console') : sanitize(scopeTitle);
    groups.set(heading, [...(groups.get(heading) ?? []), a]);
  }
  // The view's own actions come first: they are what the operator is looking for.
  const ordered = [...groups.entries()].sort(
    ([a], [b]) => Number(b === sanitize(scopeTitle)) - Number(a === sanitize(scopeTitle)),
  );
  const keyText = (keys: readonly string[]) => keys.map((k) => formatKey(k, ascii)).join(' ');
  const keyWidth = Math.min(16, Math.max(...actions.map((a) => displayWidth(keyText(a.keys))), 3));
  const titleWidth = Math.min(24, Math.max(...actions.map((a) => displayWidth(a.title)), 5));
  const out: HelpLine[] = [];
  for (const [heading, list] of ordered) {
    if (out.length) out.push({text: '', kind: 'blank'});
    out.push({text: heading, kind: 'heading'});
    for (const a of list) {
      // Tags before the description: they must survive truncation.
      const tags = [a.availability === 'offline' ? 'offline' : '', a.dangerous ? 'confirms' : ''].filter(Boolean);
      const text =
        `  ${fit(keyText(a.keys), keyWidth)}  ${fit(sanitize(a.title), titleWidth)}  ` +
        `${tags.length ? `[${tags.join(', ')}] ` : ''}${sanitize(a.description)}`;
      out.push({text, kind: a.availability === 'offline' ? 'offline' : 'item'});
    }
  }
  return out;
}

export interface HelpOverlayProps {
  registry: ActionRegistry;
  commands?: readonly HelpCommand[];
  scope: string;
  scopeTitle: string;
  context: ActionContext;
  width: number;
  height: number;
  onClose: () => void;
}

export function HelpOverlay({
  registry,
  commands = [],
  scope,
  scopeTitle,
  context,
  width,
  height,
  onClose,
}: HelpOverlayProps) {
  const theme = useTheme();
  const lines = [...helpLines(registry, scope, context, scopeTitle, theme.ascii), ...commandLines(commands)];
  const body = Math.max(0, height - 1);
  const maxOffset = Math.max(0, lines.length - body);
  const [offset, setOffset, latest] = useSyncState(0);
  useKeys('overlay', (event) => {
    if (event.name === 'ctrl+c') return false;
    if (event.name === 'escape' || event.name === '?' || event.name === 'q') {
      onClose();
      return true;
    }
    const move = moveForKey(event.name);
    const page = Math.max(1, body - 1);
    if (move) {
      const next = {
        down: latest.current + 1,
        up: latest.current - 1,
        pageDown: latest.current + page,
        pageUp: latest.current - page,
        first: 0,
        last: maxOffset,
      }[move];
      setOffset(Math.min(Math.max(0, next), maxOffset));
    }
    // Modal: nothing reaches the view underneath.
    return true;
  });
  if (height <= 0) return null;
  const from = Math.min(offset, maxOffset);
  const more =
    lines.length > body ? `  ${from + 1}–${Math.min(lines.length, from + body)}/${lines.length} j/k scroll` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style('header')}>
        {fit(`Keys — ${sanitize(scopeTitle)}   Esc closes${more}`, width, 'left', theme.glyphs.ellipsis)}
      </Text>
      {lines.slice(from, from + body).map((line, i) => (
        <Text
          key={i}
          wrap="truncate-end"
          {...(line.kind === 'heading' ? theme.style('title') : line.kind === 'offline' ? theme.style('muted') : {})}
        >
          {fit(line.text, width, 'left', theme.glyphs.ellipsis)}
        </Text>
      ))}
    </Box>
  );
}
