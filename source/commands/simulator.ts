import {SIMULATOR_USAGE} from '../simulator/usage.js';
import type {Command} from './types.js';

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'run a VergeOS API simulator (demo, tests, benchmarks)',
  usage: SIMULATOR_USAGE,
  async run(argv) {
    const {runSimulatorCommand} = await import('../simulator/main.js');
    return runSimulatorCommand(argv);
  },
};
