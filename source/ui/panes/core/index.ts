// Views of networks, rules and aliases (owner: core panes).
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';
import {networksView} from '../networks/NetworksList.js';

export const coreViews: readonly AnyViewDef[] = [networksView];
export const coreCommands: readonly ShellCommand[] = [];
