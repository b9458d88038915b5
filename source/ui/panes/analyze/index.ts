// Views of why, matrix, lint, export, plan (owner: analyze panes).
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';

export const analyzeViews: readonly AnyViewDef[] = [];
export const analyzeCommands: readonly ShellCommand[] = [];
