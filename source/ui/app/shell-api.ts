import {createContext, useContext} from 'react';
import type {ConfirmOptions} from '../components/confirm/ConfirmDialog.js';
import type {ConsoleModel, StatusLevel} from '../../session/console-model.js';

/** What a view may ask of the shell (also available through useShell()). */
export interface ShellApi {
  /** Drill in: pushes a child view (Enter). */
  push(viewId: string, params?: unknown): void;
  /** Back one view (Esc); never destructive. */
  pop(): void;
  /** Replaces the stack with a root view (`:networks`). */
  jump(viewId: string, params?: unknown): void;
  /** Resolves true only when the operator confirmed. */
  confirm(options: ConfirmOptions): Promise<boolean>;
  notify(level: StatusLevel, text: string): void;
  run: ConsoleModel['run'];
  /**
   * Sends text to the terminal's clipboard (OSC 52). Whether the terminal took
   * it cannot be known (tmux drops it by default), so the status line never
   * says it worked; with `show` it also shows the text itself, to select by hand.
   */
  copy(text: string, label?: string, options?: {show?: boolean}): void;
}

export const ShellContext = createContext<ShellApi | null>(null);

export function useShell(): ShellApi {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('useShell() is only available inside the console shell');
  return shell;
}
