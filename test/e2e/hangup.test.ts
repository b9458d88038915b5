// An SSH session that drops takes the terminal away under the console. The
// console must notice, write nothing more, delete its session token and end
// within seconds; it used to spin at 100% CPU, growing by ~40 MB/s, turning
// each failed write into an error whose report was another failed write.
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {openConsole} from './console.js';
import {startTerminal} from './harness.js';

function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

describe('terminal hang-up', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({seed: 'demo', tls: true, applyDelayMs: 5, powerDelayMs: 5});
  });
  afterAll(async () => {
    await sim.close();
  });

  it('ends the console within seconds, deletes the session token, and does not grow meanwhile', async () => {
    const t = startTerminal({
      args: ['--url', sim.url, '--user', sim.user, '--fingerprint', sim.fingerprint!],
      env: {VSEG_PASSWORD: sim.password},
      cols: 100,
      rows: 30,
    });
    try {
      await openConsole(t);
      const before = rssMb(t.pid);
      sim.clearRequests();
      t.hangUp();
      const peak = {mb: before ?? 0};
      const sampler = setInterval(() => (peak.mb = Math.max(peak.mb, rssMb(t.pid) ?? 0)), 50);
      const status = await Promise.race([
        t.exited,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 8000)),
      ]);
      clearInterval(sampler);
      expect(status, 'still running 8 s after the hang-up').toBeDefined();
      expect(
        sim.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/api/sys/tokens/')),
        `exit ${JSON.stringify(status)}; requests ${sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')}`,
      ).toHaveLength(1);
      if (before !== undefined) expect(peak.mb - before).toBeLessThan(60);
    } finally {
      await t.close();
    }
  }, 30_000);
});
