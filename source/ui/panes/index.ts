// Every view of the console, and the command-line vocabulary. Each area keeps
// its own registry so the areas grow independently.
import {DEFAULT_COMMANDS, type ShellCommand} from '../app/commands.js';
import type {AnyViewDef} from '../app/views.js';
import {analyzeCommands, analyzeViews} from './analyze/index.js';
import {coreCommands, coreViews} from './core/index.js';
import {diagCommands, diagViews} from './diag/index.js';
import {governCommands, governViews} from './govern/index.js';
import {resourcesCommands, resourcesViews} from './resources/index.js';
import {wizardsCommands, wizardsViews} from './wizards/index.js';

export const consoleViews: readonly AnyViewDef[] = [
  ...coreViews,
  ...resourcesViews,
  ...analyzeViews,
  ...wizardsViews,
  ...diagViews,
  ...governViews,
];

const own: readonly ShellCommand[] = [
  ...coreCommands,
  ...resourcesCommands,
  ...analyzeCommands,
  ...wizardsCommands,
  ...diagCommands,
  ...governCommands,
];

/** Area commands (with run) replace the default entries of the same name. */
export const consoleCommands: readonly ShellCommand[] = [
  ...DEFAULT_COMMANDS.filter((c) => !own.some((o) => o.name === c.name)),
  ...own,
];

export const INITIAL_VIEW = 'networks';
