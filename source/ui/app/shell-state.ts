// The shell's own state, kept pure: the view stack and which input mode the
// bottom lines are in.
import type {ConfirmOptions} from '../components/confirm/ConfirmDialog.js';
import type {CommandLineState} from '../components/command-line.js';
import type {LineState} from '../components/line-edit.js';

export interface StackEntry {
  key: number;
  viewId: string;
  params: unknown;
  /** Kept `/` filter of this view. */
  filter: string;
}

export type Mode =
  {kind: 'normal'} | {kind: 'command'; line: CommandLineState} | {kind: 'filter'; line: LineState} | {kind: 'help'};

export interface PendingConfirm {
  id: number;
  options: ConfirmOptions;
  resolve: (ok: boolean) => void;
  /** Opened by the quit guard: a second Ctrl+C quits at once. */
  quit?: boolean;
}

export interface ShellState {
  stack: readonly StackEntry[];
  mode: Mode;
  confirm?: PendingConfirm;
  history: readonly string[];
  nextKey: number;
}

export function initialShellState(viewId: string, params?: unknown): ShellState {
  return {stack: [{key: 1, viewId, params, filter: ''}], mode: {kind: 'normal'}, history: [], nextKey: 2};
}

export function pushView(state: ShellState, viewId: string, params?: unknown): ShellState {
  return {
    ...state,
    stack: [...state.stack, {key: state.nextKey, viewId, params, filter: ''}],
    nextKey: state.nextKey + 1,
  };
}

export function popView(state: ShellState): ShellState {
  return state.stack.length > 1 ? {...state, stack: state.stack.slice(0, -1)} : state;
}

export function jumpView(state: ShellState, viewId: string, params?: unknown): ShellState {
  return {...state, stack: [{key: state.nextKey, viewId, params, filter: ''}], nextKey: state.nextKey + 1};
}

export function setTopFilter(state: ShellState, filter: string): ShellState {
  const stack = [...state.stack];
  stack[stack.length - 1] = {...stack[stack.length - 1], filter};
  return {...state, stack};
}

const HISTORY_LIMIT = 100;

export function remember(history: readonly string[], line: string): string[] {
  if (!line) return [...history];
  return [...history.filter((h) => h !== line), line].slice(-HISTORY_LIMIT);
}

export const top = (state: ShellState): StackEntry => state.stack[state.stack.length - 1];
