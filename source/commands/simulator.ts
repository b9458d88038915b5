import type {Command} from './types.js';

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'run a VergeOS API simulator (demo, tests, benchmarks)',
  usage: `Usage: vseg simulator [--host 127.0.0.1] [--port N|0] [--tls] [--seed demo|empty|scale:N:M]
                      [--latency MS] [--faults SPEC] [--state FILE] [--user U] [--password-stdin]
                      [--apply-delay MS] [--power-delay MS]

Starts a server that answers like VergeOS's API and prints one line of JSON:
{"url":"...","user":"...","password":"...","fingerprint":"..."}. The password comes from
--password-stdin, VSEG_SIM_PASSWORD, or is generated. Fault spec: see source/simulator/README.md.`,
  async run(argv) {
    const {runSimulatorCommand} = await import('../simulator/main.js');
    return runSimulatorCommand(argv);
  },
};
