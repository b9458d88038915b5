// Headless commands measured from the outside: the bundled `vseg` as its own
// process against a simulator in its own process, wall time from spawn to
// exit and the peak resident memory of the command (VmHWM, read from /proc
// while it runs: the launcher execs Node on the same PID, and VmHWM keeps the
// highest RSS the process ever had, so the last reading before exit is it).
//   - provider scale: scale:1000:50000 (1,000 networks, 50,000 rules), every
//     read-only command, and the matrix of 1,001 × 1,001 cells;
//   - lint on one very large network: N identical rules (the worst case for
//     shadowing checks: every rule touches every rule above it), 5k to 140k.
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {jumpHostEnv, VSEG_BIN} from '../test/e2e/harness.js';
import {startSiteProcess, type SiteProcess} from '../test/e2e/site-process.js';
import {writeIdenticalRulesState} from '../test/e2e/site-state.js';

export interface CommandRun {
  command: string;
  ms: number;
  peakMb: number;
  code: number | null;
  stdoutBytes: number;
}

function peakKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs `vseg <args>` once; stdout is counted, not kept. */
export function runMeasured(args: string[], env: Record<string, string>, home: string): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(VSEG_BIN, args, {
      env: jumpHostEnv(home, 'dumb', env),
      cwd: home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    let stdoutBytes = 0;
    let stderr = '';
    const poll = setInterval(() => (peak = Math.max(peak, peakKb(child.pid!))), 5);
    child.stdout.on('data', (d: Buffer) => {
      stdoutBytes += d.length;
      peak = Math.max(peak, peakKb(child.pid!));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    // 'exit' fires before the pipes drain; the process is gone by then, so read the peak on the way.
    child.once('close', (code) => {
      clearInterval(poll);
      const ms = Math.round((performance.now() - started) * 10) / 10;
      if (code !== 0 && code !== 1) process.stderr.write(`vseg ${args[0]} exited ${code}: ${stderr.slice(-400)}\n`);
      resolve({command: args.join(' '), ms, peakMb: Math.round(peak / 102.4) / 10, code, stdoutBytes});
    });
  });
}

/** The median run of `runs` (by time), after one warm-up that fills the V8 compile cache. */
async function median(args: string[], site: SiteProcess, home: string, runs: number): Promise<CommandRun> {
  const env = site.env();
  const all: CommandRun[] = [];
  await runMeasured([...args, ...site.args()], env, home);
  for (let i = 0; i < runs; i++) all.push(await runMeasured([...args, ...site.args()], env, home));
  all.sort((a, b) => a.ms - b.ms);
  const mid = all[Math.floor(all.length / 2)];
  return {...mid, peakMb: Math.max(...all.map((r) => r.peakMb))};
}

export interface ProviderFigures {
  seed: string;
  commands: CommandRun[];
  matrix: CommandRun;
}

export const PROVIDER_COMMANDS: readonly string[][] = [
  ['get', 'networks'],
  ['get', 'rules'],
  ['get', 'aliases'],
  ['export'],
  ['lint'],
  ['why', 'vm-0001-1', 'vm-0002-1', 'tcp/443'],
  ['drift', '-f', '{site}'],
  ['plan', '-f', '{site}'],
];

export async function benchProviderScale(seed = 'scale:1000:50000', runs = 3): Promise<ProviderFigures> {
  const site = await startSiteProcess({seed});
  const home = mkdtempSync(join(tmpdir(), 'vseg-bench-headless-'));
  try {
    // A site file of the site as it is, for plan and drift (nothing to change: the whole read path).
    const exported = join(home, 'site.yaml');
    const out: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(VSEG_BIN, ['export', ...site.args()], {
        env: jumpHostEnv(home, 'dumb', site.env()),
        cwd: home,
      });
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.once('error', reject);
      child.once('close', () => resolve());
    });
    writeFileSync(exported, Buffer.concat(out));
    const commands: CommandRun[] = [];
    for (const args of PROVIDER_COMMANDS) {
      commands.push(
        await median(
          args.map((a) => (a === '{site}' ? exported : a)),
          site,
          home,
          runs,
        ),
      );
    }
    const matrix = await median(['matrix', '--service', 'tcp/443'], site, home, runs);
    return {seed, commands, matrix};
  } finally {
    await site.close();
    rmSync(home, {recursive: true, force: true});
  }
}

export interface LintScaleFigures {
  sizes: Array<{rules: number; ms: number; peakMb: number; findings: string}>;
}

export async function benchLintScaling(
  sizes: readonly number[] = [5_000, 20_000, 50_000, 140_000],
): Promise<LintScaleFigures> {
  const out: LintScaleFigures['sizes'] = [];
  for (const rules of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'vseg-bench-lint-'));
    const state = join(dir, 'state.json');
    await writeIdenticalRulesState(state, rules);
    const site = await startSiteProcess({state});
    try {
      const run = await runMeasured(['lint', '-o', 'json', '--severity', 'error', ...site.args()], site.env(), dir);
      out.push({rules, ms: run.ms, peakMb: run.peakMb, findings: `exit ${run.code}`});
    } finally {
      await site.close();
      rmSync(dir, {recursive: true, force: true});
    }
  }
  return {sizes: out};
}
