// Every view of the console, and the command-line vocabulary.
import {DEFAULT_COMMANDS, type ShellCommand} from '../app/commands.js';
import type {AnyViewDef} from '../app/views.js';
import {networksView} from './networks/NetworksList.js';

export const consoleViews: readonly AnyViewDef[] = [networksView];

export const consoleCommands: readonly ShellCommand[] = DEFAULT_COMMANDS;

export const INITIAL_VIEW = 'networks';
