// One full collection shortly after each load that changed the snapshot and
// grew the heap, none for notifications that did not, none after the console
// stopped listening; one at start-up while nothing has loaded or is loading;
// and in this process the collector is really reachable.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {collectAfterLoad, exposeGc} from '../../source/ui/terminal/collect-after-load.js';

function fakeSource() {
  let loadedAt: number | null = null;
  let loading = false;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => ({loadedAt, loading}),
    setLoading(value: boolean) {
      loading = value;
    },
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

// The collection is a timer: fake time moves it, nothing sleeps.
const settle = (ms: number) => vi.advanceTimersByTime(ms);

describe('collectAfterLoad', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('collects once per new load, after the delay, and stops when told', () => {
    vi.useFakeTimers();
    const source = fakeSource();
    let collections = 0;
    // Each load leaves 32 MB more on the heap: every one is worth a collection.
    let heap = 0;
    const stop = collectAfterLoad(source, {
      delayMs: 5,
      collector: () => () => void collections++,
      heapUsed: () => (heap += 32 * 1024 * 1024),
    });
    source.load(null);
    settle(20);
    expect(collections).toBe(0);
    source.load(1);
    source.load(1);
    settle(4);
    expect(collections).toBe(0); // not before the delay
    settle(1);
    expect(collections).toBe(1);
    source.load(2);
    settle(20);
    expect(collections).toBe(2);
    stop();
    source.load(3);
    settle(20);
    expect(collections).toBe(2);
  });

  it('skips the collection after a load that left the heap about as it was (the poll of a steady site)', () => {
    vi.useFakeTimers();
    const source = fakeSource();
    let collections = 0;
    let heap = 100 * 1024 * 1024;
    const stop = collectAfterLoad(source, {
      delayMs: 5,
      collector: () => () => void collections++,
      heapUsed: () => heap,
    });
    source.load(1);
    settle(20);
    expect(collections).toBe(1);
    heap += 4 * 1024 * 1024;
    source.load(2);
    settle(20);
    expect(collections).toBe(1);
    heap += 20 * 1024 * 1024;
    source.load(3);
    settle(20);
    expect(collections).toBe(2);
    stop();
  });

  it('asks for a last-resort collection, the kind that also hands V8s emptied pages back', () => {
    vi.useFakeTimers();
    try {
      const source = fakeSource();
      const calls: unknown[][] = [];
      const stop = collectAfterLoad(source, {
        delayMs: 5,
        collector:
          () =>
          (...args: unknown[]) =>
            void calls.push(args),
      });
      source.load(1);
      vi.advanceTimersByTime(5);
      expect(calls).toEqual([[{type: 'major', execution: 'sync', flavor: 'last-resort'}]]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('collects once at start-up while nothing has loaded or is loading (the idle console)', () => {
    vi.useFakeTimers();
    const source = fakeSource();
    let collections = 0;
    const stop = collectAfterLoad(source, {
      delayMs: 5,
      startDelayMs: 50,
      collector: () => () => void collections++,
      heapUsed: () => 0,
    });
    settle(49);
    expect(collections).toBe(0);
    settle(1);
    expect(collections).toBe(1);
    settle(1000);
    expect(collections).toBe(1);
    stop();
  });

  it('leaves start-up to the load collection when a load is under way or done, and stops when told', () => {
    vi.useFakeTimers();
    const loading = fakeSource();
    let collections = 0;
    const collector = () => () => void collections++;
    const stopLoading = collectAfterLoad(loading, {delayMs: 5, startDelayMs: 50, collector, heapUsed: () => 0});
    loading.setLoading(true);
    settle(100);
    expect(collections).toBe(0);
    stopLoading();
    const loaded = fakeSource();
    const stopLoaded = collectAfterLoad(loaded, {delayMs: 5, startDelayMs: 50, collector, heapUsed: () => 0});
    loaded.load(1);
    settle(100);
    expect(collections).toBe(1); // the load's, not a second one at start-up
    stopLoaded();
    const stopped = collectAfterLoad(fakeSource(), {delayMs: 5, startDelayMs: 50, collector, heapUsed: () => 0});
    stopped();
    settle(100);
    expect(collections).toBe(1);
  });

  it('reaches V8s collector without --expose-gc on the command line', () => {
    const gc = exposeGc();
    expect(typeof gc).toBe('function');
    gc!();
  });
});
