// Headless `vseg` commands as child processes with the jump-host environment
// (no terminal): what a script on the jump host runs.
import {spawn} from 'node:child_process';
import {jumpHostEnv, VSEG_BIN} from './harness.js';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  home: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
  command?: string;
  timeoutMs?: number;
}

export function runVseg(args: string[], options: CliOptions): Promise<CliRun> {
  const env = jumpHostEnv(options.home, 'xterm-256color', options.env);
  const child = spawn(options.command ?? VSEG_BIN, args, {env, cwd: options.home, stdio: ['pipe', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(options.stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({code, signal, stdout, stderr});
    });
  });
}
