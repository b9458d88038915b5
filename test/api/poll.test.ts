// Waiting for VergeOS to finish what it accepted ends at its limit, with the
// polled call and the limit in the message — also when the reads themselves
// are slower than the limit (the wait does not stretch to the request timeout).
import {afterEach, describe, expect, it} from 'vitest';
import {applyRules} from '../../source/api/apply-rules.js';
import {VergeClient} from '../../source/api/client.js';
import {VergeError} from '../../source/api/errors.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';

let sim: SimulatorHandle | undefined;
let client: VergeClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  sim = client = undefined;
});

async function pendingNetwork(applyDelayMs: number) {
  sim = await startSimulator({seed: 'demo', applyDelayMs, powerDelayMs: 5});
  client = new VergeClient({
    url: sim.url,
    auth: {kind: 'basic', user: sim.user, password: sim.password},
    // Far above the wait's limit: only the wait's own limit can end it in time.
    timeoutMs: 120_000,
    retries: 0,
  });
  const dev = sim.rows('vnets').find((r) => r['name'] === 'dev')!;
  expect(dev['need_fw_apply']).toBe(true);
  return dev['$key'] as number;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the wait to fail');
    },
    (e: unknown) => e as VergeError,
  );

describe('waiting for Apply Rules', () => {
  it('a router that never finishes: the wait ends at its limit and names the call and the limit', async () => {
    const vnet = await pendingNetwork(600_000);
    const e = await failure(applyRules(client!, vnet, {timeoutMs: 400, pollMs: 50}));
    expect(e).toBeInstanceOf(VergeError);
    expect(e.kind).toBe('timeout');
    expect(e.describe()).toMatch(
      new RegExp(
        `^Could not apply rules on network dev: still waiting for the rules of network dev to load .* after 0\\.4 s, ` +
          `the limit for this wait \\(checked every 0\\.05 s\\) \\(GET /api/v4/vnets/${vnet}\\)$`,
      ),
    );
  });

  it('reads slower than the limit: the wait still ends at the limit, not when a read answers', async () => {
    const vnet = await pendingNetwork(600_000);
    const e = await failure(
      applyRules(client!, vnet, {
        timeoutMs: 500,
        pollMs: 50,
        // Once Apply Rules is accepted, every answer takes a minute.
        onProgress: (m) => {
          if (/waiting/.test(m)) sim!.setFaults('latency=60000');
        },
      }),
    );
    expect(e.kind).toBe('timeout');
    expect(e.describe()).toMatch(/after 0\.5 s, the limit for this wait/);
  }, 20_000);
});
