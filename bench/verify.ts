// `vseg why … --verify` end to end on the demo site through 50 ms of added
// latency: sign in, load what the analysis needs, judge, probe from the
// source router, (for the second flow) trace the deciding rule — turn it on,
// apply, read, turn it off, apply — and sign out. The simulator keeps its
// defaults for how long a router tool (400 ms a query step) and an apply
// (800 ms) take, so the figure is the operator's wait, not only vseg's.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, Writable} from 'node:stream';
import {whyCommand} from '../source/commands/why.js';
import type {CommandIO} from '../source/session/io.js';
import {startSimulator} from '../source/simulator/index.js';

export interface VerifyFigure {
  flow: string;
  ms: number;
  requests: number;
  /** Of which GETs polling a router query. */
  polls: number;
  exit: number;
  observed: string;
}

async function once(
  args: string[],
  sim: Awaited<ReturnType<typeof startSimulator>>,
  home: string,
): Promise<VerifyFigure & {stderr: string}> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  stdin.end('');
  const io: CommandIO = {
    stdout: new Writable({write: (c: Buffer, _e, done) => ((stdout += c.toString()), done())}),
    stderr: new Writable({write: (c: Buffer, _e, done) => ((stderr += c.toString()), done())}),
    stdin,
    env: {
      HOME: home,
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CONFIG_HOME: join(home, 'config'),
      VSEG_KEYRING: 'off',
      VSEG_PASSWORD: sim.password,
    },
    isTTY: false,
    columns: 100,
  };
  sim.clearRequests();
  const t = performance.now();
  const exit = await whyCommand.run(
    [...args, '--verify', '-o', 'json', '--url', sim.url, '--user', sim.user, '--fingerprint', sim.fingerprint!],
    io,
  );
  const ms = performance.now() - t;
  const requests = sim.requests.length;
  const polls = sim.requests.filter(
    (r) => r.method === 'GET' && /^\/api\/v4\/vnet_queries\/[0-9a-f]{40}/.test(r.path),
  ).length;
  let observed = '?';
  try {
    observed = (JSON.parse(stdout) as {verify: {observed: string}}).verify.observed;
  } catch {
    // reported through stderr
  }
  return {flow: args.join(' '), ms: Math.round(ms), requests, polls, exit, observed, stderr};
}

export async function benchVerify(latencyMs = 50): Promise<VerifyFigure[]> {
  const sim = await startSimulator({seed: 'demo', tls: true, latencyMs, password: 'bench-verify-password'});
  const home = mkdtempSync(join(tmpdir(), 'vseg-bench-verify-'));
  try {
    await once(['web-01', 'db-01', 'tcp/3306'], sim, home); // warm-up: TLS, JIT
    const out: VerifyFigure[] = [];
    for (const flow of [
      ['web-01', 'db-01', 'tcp/3306'],
      ['jump-01', 'web-01', 'tcp/22'],
      ['web-01', 'db-01', 'tcp/5432'],
      ['dev-01', 'web-01', 'tcp/443'],
    ]) {
      const r = await once(flow, sim, home);
      if (r.exit === 2) throw new Error(`why ${flow.join(' ')} --verify failed: ${r.stderr}`);
      out.push({flow: r.flow, ms: r.ms, requests: r.requests, polls: r.polls, exit: r.exit, observed: r.observed});
    }
    return out;
  } finally {
    rmSync(home, {recursive: true, force: true});
    await sim.close();
  }
}
