// The `:` command line as pure state: completion over the commands the shell
// knows (Tab cycles, Shift+Tab goes back), history on ↑/↓.
import type {KeyEvent} from '../keys/names.js';
import {editLine, lineAt, type LineState} from './line-edit.js';

export interface CommandSpec {
  name: string;
  description: string;
  aliases?: readonly string[];
  /** Shown in help: `<network> [port]`. */
  args?: string;
}

export interface CommandLineState {
  line: LineState;
  completion?: {candidates: readonly string[]; index: number};
  /** While browsing history: the position and the text typed before browsing. */
  history?: {index: number; draft: string};
}

export type CommandLineOutcome = {state: CommandLineState} | {submit: string} | {cancel: true};

export const emptyCommandLine = (): CommandLineState => ({line: lineAt('')});

export function parseCommand(text: string): {name: string; args: string[]} {
  const [name = '', ...args] = text.trim().replace(/^:/, '').split(/\s+/).filter(Boolean);
  return {name: name.toLowerCase(), args};
}

/** Command names (and aliases) starting with the first word typed. */
export function completions(text: string, commands: readonly CommandSpec[]): string[] {
  if (/\s/.test(text.trimStart())) return [];
  const prefix = text.trim().toLowerCase();
  const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  return [...new Set(names.filter((n) => n.toLowerCase().startsWith(prefix)))].sort();
}

/** Exact name or alias, else a unique prefix. */
export function findCommand<C extends CommandSpec>(name: string, commands: readonly C[]): C | undefined {
  const lower = name.toLowerCase();
  const exact = commands.find((c) => c.name === lower || c.aliases?.includes(lower));
  if (exact) return exact;
  const prefixed = commands.filter((c) => c.name.startsWith(lower));
  return lower && prefixed.length === 1 ? prefixed[0] : undefined;
}

const withText = (state: CommandLineState, text: string): CommandLineState => ({...state, line: lineAt(text)});

export function commandLineKey(
  state: CommandLineState,
  event: KeyEvent,
  commands: readonly CommandSpec[],
  history: readonly string[],
): CommandLineOutcome | undefined {
  switch (event.name) {
    case 'escape':
      return {cancel: true};
    case 'enter':
      return {submit: state.line.value.trim()};
    case 'tab':
    case 'shift+tab': {
      const step = event.name === 'tab' ? 1 : -1;
      if (state.completion && state.completion.candidates.length > 1) {
        const n = state.completion.candidates.length;
        const index = (state.completion.index + step + n) % n;
        return {
          state: {...withText(state, state.completion.candidates[index]), completion: {...state.completion, index}},
        };
      }
      const candidates = completions(state.line.value, commands);
      if (candidates.length === 1) return {state: {line: lineAt(`${candidates[0]} `)}};
      if (candidates.length === 0) return {state: {line: state.line, completion: {candidates, index: -1}}};
      const index = step === 1 ? 0 : candidates.length - 1;
      return {state: {line: lineAt(candidates[index]), completion: {candidates, index}}};
    }
    case 'up': {
      if (!history.length) return {state};
      const index = state.history ? Math.max(0, state.history.index - 1) : history.length - 1;
      return {
        state: {line: lineAt(history[index]), history: {index, draft: state.history?.draft ?? state.line.value}},
      };
    }
    case 'down': {
      if (!state.history) return {state};
      const index = state.history.index + 1;
      if (index >= history.length) return {state: {line: lineAt(state.history.draft)}};
      return {state: {line: lineAt(history[index]), history: {...state.history, index}}};
    }
    default: {
      const line = editLine(state.line, event);
      return line ? {state: {line}} : undefined;
    }
  }
}
