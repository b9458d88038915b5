// The headless commands, in the order `vseg --help` lists them.
import type {Command} from './types.js';
import {simulatorCommand} from './simulator.js';

export const commands: Command[] = [simulatorCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
