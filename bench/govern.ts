// vseg report on a large site, end to end as an operator runs it: a new
// process signs in, loads the whole site, judges every matrix cell of each
// service, lints every rule, draws the map and writes the HTML.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {VSEG_BIN} from '../test/e2e/harness.js';
import {startSimulator} from '../source/simulator/index.js';
import {median, round} from './site-load.js';

export interface ReportFigures {
  seed: string;
  services: string[];
  ms: number;
  bytes: number;
  runs: number;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [VSEG_BIN, ...args], {env, stdio: ['ignore', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - t) : reject(new Error(`report exited ${code}: ${stderr}`)),
    );
  });
}

export async function benchReport(seed = 'scale:200:10000', runs = 3): Promise<ReportFigures> {
  const sim = await startSimulator({seed, tls: true, password: 'bench-password'});
  const home = mkdtempSync(join(tmpdir(), 'vseg-bench-report-'));
  const out = join(home, 'r.html');
  const services: string[] = [];
  try {
    const env = {
      PATH: process.env['PATH'],
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_STATE_HOME: join(home, 'state'),
      VSEG_PASSWORD: sim.password,
    };
    const args = [
      'report',
      '-o',
      out,
      ...services.flatMap((s) => ['--service', s]),
      '--url',
      sim.url,
      '--user',
      sim.user,
      '--fingerprint',
      sim.fingerprint!,
    ];
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await run(args, env));
    return {seed, services, ms: round(median(times)), bytes: statSync(out).size, runs};
  } finally {
    await sim.close();
    rmSync(home, {recursive: true, force: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchReport(), null, 2));
}
