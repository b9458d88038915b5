// Views of the six guided wizards and setup (owner: wizards panes).
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';

export const wizardsViews: readonly AnyViewDef[] = [];
export const wizardsCommands: readonly ShellCommand[] = [];
