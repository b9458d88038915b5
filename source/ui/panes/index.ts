// Every view of the console, and the command-line vocabulary. Each area keeps
// its own registry so the areas grow independently.
import type {ShellCommand} from '../app/commands.js';
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

/** The areas' commands; with the views' jumps and quit they are the whole vocabulary (commandVocabulary). */
export const consoleCommands: readonly ShellCommand[] = [
  ...coreCommands,
  ...resourcesCommands,
  ...analyzeCommands,
  ...wizardsCommands,
  ...diagCommands,
  ...governCommands,
];

export const INITIAL_VIEW = 'networks';
