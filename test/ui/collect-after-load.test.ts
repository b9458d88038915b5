// One full collection shortly after each load that changed the snapshot, none
// for notifications that did not, none after the console stopped listening;
// and in this process the collector is really reachable.
import {describe, expect, it} from 'vitest';
import {collectAfterLoad, exposeGc} from '../../source/ui/terminal/collect-after-load.js';

function fakeSource() {
  let loadedAt: number | null = null;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => ({loadedAt}),
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load(at: number | null) {
      loadedAt = at;
      for (const l of listeners) l();
    },
  };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('collectAfterLoad', () => {
  it('collects once per new load, after the delay, and stops when told', async () => {
    const source = fakeSource();
    let collections = 0;
    const stop = collectAfterLoad(source, 5, () => () => void collections++);
    source.load(null);
    await settle(20);
    expect(collections).toBe(0);
    source.load(1);
    source.load(1);
    await settle(20);
    expect(collections).toBe(1);
    source.load(2);
    await settle(20);
    expect(collections).toBe(2);
    stop();
    source.load(3);
    await settle(20);
    expect(collections).toBe(2);
  });

  it('reaches V8s collector without --expose-gc on the command line', () => {
    const gc = exposeGc();
    expect(typeof gc).toBe('function');
    gc!();
  });
});
