// The headless commands, in the order `vseg --help` lists them.
import {infoCommand} from './info.js';
import {loginCommand} from './login.js';
import {logoutCommand} from './logout.js';
import {profilesCommand} from './profiles.js';
import {simulatorCommand} from './simulator.js';
import type {Command} from './types.js';

export const commands: Command[] = [loginCommand, logoutCommand, profilesCommand, infoCommand, simulatorCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
