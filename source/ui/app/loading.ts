// What a list says before its data is there. "Loading networks…" stayed on
// screen while the site was unreachable: it said something was happening
// when nothing could.
import type {ConsoleState} from '../../session/console-model.js';

export function notLoadedText(
  state: Pick<ConsoleState, 'connection'>,
  error: string | undefined,
  what: string,
): string {
  if (error) return `Cannot load ${what}: ${error}`;
  if (state.connection.kind === 'offline')
    return `No ${what} yet: the site cannot be reached (the banner says why; r retries)`;
  return `Loading ${what}…`;
}
