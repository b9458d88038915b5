// The command line's vocabulary is data: each area adds its commands (with
// `run`) and every view with a `command` adds its jump.
import type {CommandSpec} from '../components/command-line.js';
import type {ShellApi} from './shell-api.js';
import {viewTitle, type AnyViewDef} from './views.js';

export interface ShellCommand extends CommandSpec {
  /** What the command does; without it (and without a view) it is "not available yet". */
  run?: (args: string[], shell: ShellApi) => void;
}

/** The shell's own command; every other one comes from a view (its `command`) or an area's list. */
export const QUIT_COMMAND: ShellCommand = {name: 'quit', description: 'Leave the console', aliases: ['q', 'exit']};

/**
 * The command line's whole vocabulary, in one place: a jump for every view
 * with a `command`, then the commands given (a view's jump wins a name), then
 * quit.
 */
export function commandVocabulary(views: readonly AnyViewDef[], commands: readonly ShellCommand[]): ShellCommand[] {
  const fromViews = views
    .filter((v) => v.command)
    .map((v) => ({
      name: v.command!,
      description: v.description ?? viewTitle(v, undefined as never),
      aliases: v.aliases,
    }));
  const taken = new Set(fromViews.map((c) => c.name));
  return [...fromViews, ...commands.filter((c) => !taken.has(c.name) && c.name !== QUIT_COMMAND.name), QUIT_COMMAND];
}
