// The simulator's injectable clock: a ManualClock runs due callbacks in time
// order when advanced and never on its own; a closed simulator runs none.
import {describe, expect, it} from 'vitest';
import {ManualClock} from '../../source/simulator/index.js';
import {Api, start, vnetState} from './helpers.js';

describe('ManualClock', () => {
  it('runs callbacks in time order, at their time, including ones scheduled on the way', () => {
    const clock = new ManualClock({start: 1_000_000});
    const seen: string[] = [];
    clock.schedule(() => seen.push(`b@${clock.now()}`), 20);
    clock.schedule(() => {
      seen.push(`a@${clock.now()}`);
      clock.schedule(() => seen.push(`c@${clock.now()}`), 15);
    }, 10);
    const cancel = clock.schedule(() => seen.push('cancelled'), 5);
    cancel();
    clock.advance(9);
    expect(seen).toEqual([]);
    expect(clock.now()).toBe(1_000_009);
    clock.advance(100);
    expect(seen).toEqual(['a@1000010', 'b@1000020', 'c@1000025']);
    expect(clock.now()).toBe(1_000_109);
    expect(clock.waiting).toBe(0);
    expect(() => clock.advance(-1)).toThrow('a clock only moves forward');
  });

  it('drives the simulator: a power-on completes exactly at powerDelayMs, and close() drops what was pending', async () => {
    const clock = new ManualClock();
    const sim = await start({seed: 'empty', clock, powerDelayMs: 1000});
    try {
      const api = new Api(sim);
      const k = Number((await api.post('vnets', {name: 'n', network: '10.9.0.0/24', ipaddress: '10.9.0.1'})).body.$key);
      await api.post('vnet_actions', {vnet: k, action: 'poweron'});
      clock.advance(999);
      expect((await vnetState(api, k)).status).toBe('starting');
      clock.advance(1);
      expect((await vnetState(api, k)).status).toBe('running');
      await api.post('vnet_actions', {vnet: k, action: 'poweroff'});
      expect(clock.waiting).toBe(1);
    } finally {
      await sim.close();
    }
    expect(clock.waiting).toBe(0);
  });
});
