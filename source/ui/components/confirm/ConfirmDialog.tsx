import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {sanitize, textOf} from '../../../domain/text.js';
import {useKeys} from '../../keys/context.js';
import type {Layer} from '../../keys/router.js';
import {useTheme} from '../../theme/context.js';
import {displayWidth, fit, takeColumns} from '../../../domain/text-width.js';
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
  const {onConfirm, onCancel, layer = 'dialog', isActive} = props;
  const [state, setState, latest] = useSyncState<ConfirmState>(() => initialConfirmState(props));
  useKeys(
    layer,
    (event) => {
      const step = confirmKey(latest.current, event, props);
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
    },
  );
  return <ConfirmView {...props} state={state} />;
}

export function ConfirmView({
  title,
  message,
  calls = [],
  confirmLabel = 'Confirm',
  typeToConfirm,
  dangerous,
  width,
  height,
  state,
}: ConfirmOptions & {width: number; height: number; state: ConfirmState}) {
  const theme = useTheme();
  const boxWidth = Math.min(width, 78);
  const inner = Math.max(1, boxWidth - 4);
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

  // The name to type is never cut: it gets lines of its own, above the input.
  const promptLines = typeToConfirm !== undefined ? chunk(`Type ${sanitize(typeToConfirm)} to confirm:`, inner) : [];
  const fixed = 1 + (typeToConfirm !== undefined ? promptLines.length + 2 : 0) + 2; // title, prompt+input+error, gap+buttons
  const room = Math.max(0, height - 2 - fixed);
  const messageLines = message ? message.split('\n').map(sanitize) : [];
  const shownMessage = messageLines.slice(0, Math.max(0, Math.min(messageLines.length, room - (calls.length ? 2 : 0))));
  const callRoom = Math.max(0, room - shownMessage.length - (calls.length ? 1 : 0));

  text(sanitize(title), dangerous ? theme.style('danger') : theme.style('title'));
  for (const m of shownMessage) text(m);
  if (calls.length && callRoom > 0) {
    text('This sends:', theme.style('muted'));
    const shown = calls.length > callRoom ? callRoom - 1 : calls.length;
    for (const call of calls.slice(0, shown)) {
      const body = summarizeBody(call.body);
      text(
        `${sanitize(call.method.toUpperCase())} ${sanitize(call.path)}${body ? `  ${sanitize(body)}` : ''}`,
        theme.style('accent'),
      );
    }
    if (shown < calls.length) text(`${theme.glyphs.ellipsis} and ${calls.length - shown} more`, theme.style('muted'));
  }
  if (typeToConfirm !== undefined) {
    for (const p of promptLines) text(p);
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
      <Text {...theme.style('muted')}>{'  Tab moves · Esc cancels'}</Text>
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
