// Views of VPN, tenants, mirrors, VMs, profiles (:ctx), sign-in (owner: resources panes).
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';

export const resourcesViews: readonly AnyViewDef[] = [];
export const resourcesCommands: readonly ShellCommand[] = [];
