// `vseg simulator …`: runs the simulator in the foreground, prints one JSON
// line {"url","user","password","fingerprint"} and stops on SIGINT/SIGTERM.
// No --password flag: secrets never go in argv (stdin or VSEG_SIM_PASSWORD).
import {parseFaults} from './faults.js';
import {startSimulator, type SimulatorOptions} from './index.js';
import {parseSeed} from './seeds/index.js';
import {SIMULATOR_USAGE as USAGE} from './usage.js';

class UsageError extends Error {}

interface Parsed {
  options: SimulatorOptions;
  passwordStdin: boolean;
  help: boolean;
}

function intArg(flag: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new UsageError(
      `${flag}: '${value}' is not a whole number${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}`,
    );
  return Number(value);
}

export function parseSimulatorArgs(argv: readonly string[]): Parsed {
  const options: SimulatorOptions = {};
  let passwordStdin = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '--host':
        options.host = value();
        break;
      case '--port':
        options.port = intArg(flag, value(), 65535);
        break;
      case '--tls':
        noValue();
        options.tls = true;
        break;
      case '--seed': {
        const seed = value();
        try {
          parseSeed(seed);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        options.seed = seed;
        break;
      }
      case '--latency':
        options.latencyMs = intArg(flag, value());
        break;
      case '--faults': {
        const spec = value();
        try {
          parseFaults(spec);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        options.faults = spec;
        break;
      }
      case '--state':
        options.statePath = value();
        break;
      case '--user':
        options.user = value();
        if (!options.user) throw new UsageError('--user needs a name');
        break;
      case '--password-stdin':
        noValue();
        passwordStdin = true;
        break;
      case '--apply-delay':
        options.applyDelayMs = intArg(flag, value());
        break;
      case '--power-delay':
        options.powerDelayMs = intArg(flag, value());
        break;
      case '--strict-queries':
        noValue();
        options.strictQueries = true;
        break;
      case '--query-delay':
        options.queryDelayMs = intArg(flag, value());
        break;
      case '--stale-router': {
        const name = value();
        if (!name) throw new UsageError('--stale-router needs a network name');
        (options.staleRouters ??= []).push(name);
        break;
      }
      case '--l2': {
        const pair = value();
        if (!/^[^:]+:[^:]+$/.test(pair)) throw new UsageError(`--l2: expected TENANT:NETWORK, got '${pair}'`);
        (options.layer2 ??= []).push(pair);
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      case '--password':
        throw new UsageError(
          '--password is not supported: secrets never go in argv; use --password-stdin or VSEG_SIM_PASSWORD',
        );
      default:
        throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  return {options, passwordStdin, help};
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function runSimulatorCommand(argv: string[]): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseSimulatorArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`vseg simulator: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const {options} = parsed;
  if (parsed.passwordStdin) {
    const pw = await readStdin();
    if (!pw) {
      process.stderr.write('vseg simulator: --password-stdin: no password on stdin\n');
      return 2;
    }
    options.password = pw;
  } else if (process.env.VSEG_SIM_PASSWORD) {
    options.password = process.env.VSEG_SIM_PASSWORD;
  }
  let sim;
  try {
    sim = await startSimulator(options);
  } catch (e) {
    process.stderr.write(`vseg simulator: ${(e as Error).message}\n`);
    return 1;
  }
  // handlers first: whoever reads the line may signal us at once
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(
    `${JSON.stringify({url: sim.url, user: sim.user, password: sim.password, fingerprint: sim.fingerprint})}\n`,
  );
  await stopped;
  await sim.close();
  return 0;
}
