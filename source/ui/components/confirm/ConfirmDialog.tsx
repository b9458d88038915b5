import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {sanitize, textOf} from '../../../domain/text.js';
import {useKeys} from '../../keys/context.js';
import type {Layer} from '../../keys/router.js';
import {useTheme} from '../../theme/context.js';
import {displayWidth, fit, takeColumns} from '../../../domain/text-width.js';
import {wrapText} from '../../text/wrap.js';
import {InputLine} from '../InputLine.js';
import {insertText} from '../line-edit.js';
import {useSyncState} from '../use-sync-state.js';
import {confirmKey, initialConfirmState, type ConfirmState} from './confirm-state.js';

/** One request the confirmed action will send, shown verbatim. */
export interface ApiCall {
  method: string;
  path: string;
  body?: unknown;
}

export interface ConfirmOptions {
  title: string;
  message?: string;
  calls?: readonly ApiCall[];
  confirmLabel?: string;
  typeToConfirm?: string;
  triggerKey?: string;
  dangerous?: boolean;
}

export interface ConfirmDialogProps extends ConfirmOptions {
  width: number;
  height: number;
  onConfirm: () => void;
  onCancel: () => void;
  layer?: Layer;
  isActive?: boolean;
}

export function summarizeBody(body: unknown): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return textOf(body);
  }
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const {onConfirm, onCancel, layer = 'dialog', isActive, width, height} = props;
  const theme = useTheme();
  const [state, setState, latest] = useSyncState<ConfirmState>(() => initialConfirmState(props));
  const layout = confirmLayout(props, width, height, theme.glyphs.ellipsis);
  const scroll = {max: Math.max(0, layout.body.length - layout.room), page: Math.max(1, layout.room - 1)};
  useKeys(
    layer,
    (event) => {
      const step = confirmKey(latest.current, event, {...props, scroll});
      if (!step) return false;
      setState(step.state);
      if (step.effect === 'confirm') onConfirm();
      if (step.effect === 'cancel') onCancel();
      return true;
    },
    {
      isActive,
      onPaste: (text) => {
        if (latest.current.focus === 'input') setState((s) => ({...s, typed: insertText(s.typed, text)}));
        return true;
      },
      hints: [
        ...(scroll.max > 0 ? [{key: '↑/↓', label: 'scroll'}] : []),
        {key: 'Tab', label: 'move'},
        {key: 'Enter', label: 'choose'},
        {key: 'Esc', label: 'cancel'},
      ],
    },
  );
  return <ConfirmView {...props} state={state} />;
}

interface BodyLine {
  text: string;
  tone?: 'muted' | 'accent';
}

/**
 * What the dialog shows, for the room there is: up to 160 columns wide (the
 * whole terminal on a narrow one), the message and the API calls wrapped —
 * never cut, they are what the operator agrees to — and scrolled when they
 * do not fit (`room` body lines at a time).
 */
export function confirmLayout(
  {title, message, calls = [], typeToConfirm}: ConfirmOptions,
  width: number,
  height: number,
  ellipsis = '…',
): {boxWidth: number; inner: number; title: string[]; body: BodyLine[]; prompt: string[]; room: number} {
  const boxWidth = Math.min(width, Math.max(78, Math.min(160, width - 4)));
  const inner = Math.max(1, boxWidth - 4);
  const body: BodyLine[] = [];
  for (const paragraph of message ? message.split('\n').map(sanitize) : [])
    for (const l of paragraph === '' ? [''] : wrapText(paragraph, inner, Number.POSITIVE_INFINITY, ellipsis))
      body.push({text: l});
  if (calls.length) {
    body.push({text: 'This sends:', tone: 'muted'});
    for (const call of calls) {
      const b = summarizeBody(call.body);
      const head = `${sanitize(call.method.toUpperCase())} ${sanitize(call.path)}`;
      // The call's first line, then its body indented under it.
      const wrapped = wrapText(`${head}${b ? `  ${sanitize(b)}` : ''}`, inner, Number.POSITIVE_INFINITY, ellipsis);
      const [first = '', ...rest] = wrapped;
      body.push({text: first, tone: 'accent'});
      for (const r of rest.length ? wrapText(rest.join(' '), inner - 4, Number.POSITIVE_INFINITY, ellipsis) : [])
        body.push({text: `    ${r}`, tone: 'accent'});
    }
  }
  const titleLines = wrapText(sanitize(title), inner, 2, ellipsis);
  // The name to type is never cut: it gets lines of its own, above the input.
  const prompt = typeToConfirm !== undefined ? chunk(`Type ${sanitize(typeToConfirm)} to confirm:`, inner) : [];
  const fixed = titleLines.length + (typeToConfirm !== undefined ? prompt.length + 2 : 0) + 2; // prompt+input+error, gap+buttons
  const room = Math.max(0, height - 2 - fixed);
  return {boxWidth, inner, title: titleLines, body, prompt, room};
}

export function ConfirmView(props: ConfirmOptions & {width: number; height: number; state: ConfirmState}) {
  const {confirmLabel = 'Confirm', typeToConfirm, dangerous, width, height, state} = props;
  const theme = useTheme();
  const layout = confirmLayout(props, width, height, theme.glyphs.ellipsis);
  const {boxWidth, inner} = layout;
  if (height < 3 || boxWidth < 10) return null;
  const lines: ReactNode[] = [];
  const line = (node: ReactNode) =>
    lines.push(
      <Box key={lines.length} height={1} width={inner}>
        {node}
      </Box>,
    );
  const text = (s: string, style = {}) =>
    line(
      <Text wrap="truncate-end" {...style}>
        {fit(s, inner, 'left', theme.glyphs.ellipsis)}
      </Text>,
    );

  for (const t of layout.title) text(t, dangerous ? theme.style('danger') : theme.style('title'));
  // A window of the body; when it does not fit, its first and last lines say what is hidden.
  const max = Math.max(0, layout.body.length - layout.room);
  const offset = Math.min(state.offset, max);
  const shown = layout.body.slice(offset, offset + layout.room);
  if (max > 0 && layout.room >= 2) {
    if (offset > 0) shown[0] = {text: `${theme.ascii ? '^' : '↑'} ${offset} more above (↑/PgUp)`, tone: 'muted'};
    const below = layout.body.length - offset - layout.room;
    if (below > 0)
      shown[shown.length - 1] = {text: `${theme.ascii ? 'v' : '↓'} ${below + 1} more below (↓/PgDn)`, tone: 'muted'};
  }
  for (const b of shown) text(b.text, b.tone ? theme.style(b.tone) : {});
  if (typeToConfirm !== undefined) {
    for (const p of layout.prompt) text(p);
    line(
      <InputLine
        line={state.typed}
        width={inner}
        prefix={`${theme.glyphs.marker} `}
        focused={state.focus === 'input'}
      />,
    );
    text(state.error ? `${theme.glyphs.tone.danger} ${state.error}` : '', theme.style('danger'));
  }
  text('');
  const button = (label: string, focused: boolean) => (
    <Text {...(focused ? theme.style('selection') : {})}>{`${focused ? theme.glyphs.marker : ' '}[ ${label} ]`}</Text>
  );
  line(
    <Text wrap="truncate-end">
      {button('Cancel', state.focus === 'cancel')}
      {'  '}
      {button(sanitize(confirmLabel), state.focus === 'confirm')}
      <Text {...theme.style('muted')}>{theme.ascii ? '  Tab moves | Esc cancels' : '  Tab moves · Esc cancels'}</Text>
    </Text>,
  );
  return (
    <Box width={width} height={height} justifyContent="center" alignItems="center">
      <Box
        flexDirection="column"
        width={boxWidth}
        height={Math.min(height, lines.length + 2)}
        borderStyle={theme.ascii ? 'classic' : 'round'}
        borderColor={dangerous && theme.color ? 'red' : theme.borderColor()}
        paddingX={1}
        overflowY="hidden"
      >
        {lines.slice(0, Math.max(0, height - 2))}
      </Box>
    </Box>
  );
}

/** Splits text into pieces of at most `width` cells (on characters: names have no spaces to wrap at). */
function chunk(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (displayWidth(rest) > width) {
    const head = takeColumns(rest, width);
    out.push(head);
    rest = rest.slice(head.length);
  }
  out.push(rest);
  return out;
}
