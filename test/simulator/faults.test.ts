import {afterEach, describe, expect, it} from 'vitest';
import {parseFaults, type SimulatorHandle} from '../../source/simulator/index.js';
import {Api, basic, start} from './helpers.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** One request; 'dropped' when the connection died without an answer. */
async function attempt(s: SimulatorHandle, init: RequestInit & {path: string}): Promise<number | 'dropped'> {
  try {
    const r = await fetch(`${s.url}${init.path}`, {
      ...init,
      headers: {...basic(s.user, s.password), 'content-type': 'application/json', connection: 'close'},
    });
    await r.text();
    return r.status;
  } catch {
    return 'dropped';
  }
}

describe('parseFaults', () => {
  it('parses every key', () => {
    expect(parseFaults('error=0.2,drop=0.1,jitter=40,429=0.05,expire=60,latency=5,burst429=3,seed=7')).toEqual({
      error: 0.2,
      drop: 0.1,
      jitter: 40,
      tooMany: 0.05,
      expire: 60,
      latency: 5,
      burst429: 3,
      seed: 7,
    });
    expect(parseFaults('')).toEqual({});
    expect(parseFaults('none')).toEqual({});
    expect(parseFaults(' error = 0.5 ')).toEqual({error: 0.5});
  });
  it.each([
    ['error=2', /probability/],
    ['error=-1', /probability/],
    ['drop=x', /probability/],
    ['latency=1.5', /whole number/],
    ['bogus=1', /unknown fault 'bogus'/],
    ['error', /key=value/],
    ['error=0.1,error=0.2', /twice/],
    ['error=0.6,drop=0.6', /more than 1/],
    ['error=0.1,,drop=0.1', /empty item/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(message);
  });
});

describe('fault injection', () => {
  it('error=P answers 5xx without applying the request, at about the rate asked, reproducibly', async () => {
    const outcome = async (): Promise<{statuses: (number | 'dropped')[]; created: number}> => {
      const s = await start({seed: 'empty', faults: 'error=0.3,seed=42'});
      const statuses: (number | 'dropped')[] = [];
      for (let i = 0; i < 200; i++) {
        statuses.push(
          await attempt(s, {
            path: '/api/v4/vnet_rule_aliases',
            method: 'POST',
            body: JSON.stringify({name: `a${i}`, value: '10.0.0.1'}),
          }),
        );
      }
      const created = s.rows('vnet_rule_aliases').length;
      await s.close();
      return {statuses, created};
    };
    const a = await outcome();
    const errors = a.statuses.filter((x) => typeof x === 'number' && x >= 500).length;
    expect(errors).toBeGreaterThan(35);
    expect(errors).toBeLessThan(85);
    expect(new Set(a.statuses.filter((x) => typeof x === 'number' && x >= 500))).toEqual(new Set([500, 502, 503, 504]));
    // nothing applied for the failures
    expect(a.created).toBe(a.statuses.filter((x) => x === 201).length);
    const b = await outcome();
    expect(b.statuses).toEqual(a.statuses);
  });

  it('drop=P kills connections; about half of the drops were applied anyway', async () => {
    sim = await start({seed: 'empty', faults: 'drop=0.5,seed=3'});
    const outcomes: (number | 'dropped')[] = [];
    for (let i = 0; i < 120; i++) {
      outcomes.push(
        await attempt(sim, {
          path: '/api/v4/vnet_rule_aliases',
          method: 'POST',
          body: JSON.stringify({name: `d${i}`, value: '10.0.0.1'}),
        }),
      );
    }
    const dropped = outcomes.filter((x) => x === 'dropped').length;
    expect(dropped).toBeGreaterThan(40);
    expect(dropped).toBeLessThan(80);
    const applied = sim.rows('vnet_rule_aliases').length - outcomes.filter((x) => x === 201).length;
    expect(applied).toBeGreaterThan(dropped * 0.25);
    expect(applied).toBeLessThan(dropped * 0.75);
    const log = sim.requests.filter((r) => r.fault?.startsWith('drop'));
    expect(log).toHaveLength(dropped);
    expect(log.filter((r) => r.fault === 'drop-after')).toHaveLength(applied);
    expect(log.every((r) => r.status === 0)).toBe(true);
  });

  it('429=P and burst429=N answer 429 without Retry-After', async () => {
    sim = await start({seed: 'empty', faults: 'burst429=3'});
    const api = new Api(sim);
    const first = await api.get('vnets');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBeNull();
    expect(first.body).toEqual({err: 'Too Many Requests'});
    expect((await api.get('vnets')).status).toBe(429);
    expect((await api.get('vnets')).status).toBe(429);
    expect((await api.get('vnets')).status).toBe(200);
    sim.setFaults('429=0.5,seed=1');
    const statuses = [];
    for (let i = 0; i < 100; i++) statuses.push((await api.get('vnets/1', {fields: 'name'})).status);
    const n = statuses.filter((s) => s === 429).length;
    expect(n).toBeGreaterThan(30);
    expect(n).toBeLessThan(70);
  });

  it('never applies to /version.json', async () => {
    sim = await start({seed: 'empty', faults: 'error=1'});
    for (let i = 0; i < 20; i++) expect((await fetch(`${sim.url}/version.json`)).status).toBe(200);
    expect((await new Api(sim).get('vnets')).status).toBeGreaterThanOrEqual(500);
  });

  it('latency, jitter and setLatency delay answers', async () => {
    sim = await start({seed: 'empty', latencyMs: 60});
    const api = new Api(sim);
    let t = performance.now();
    await api.get('vnets/1');
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
    sim.setLatency(0);
    sim.setFaults('latency=30,jitter=20');
    t = performance.now();
    await api.get('vnets/1');
    const took = performance.now() - t;
    expect(took).toBeGreaterThanOrEqual(28);
    sim.setFaults('latency=300');
    sim.clearRequests();
    await fetch(`${sim.url}/version.json`);
    expect(sim.requests[0]?.durationMs).toBeLessThan(150); // fault latency does not apply to /version.json
    expect(() => sim!.setFaults('nope=1')).toThrow(/unknown fault/);
  });
});
