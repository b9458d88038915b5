import {useMemo, useSyncExternalStore} from 'react';

/**
 * The current time as an external store: it ticks every `intervalMs` while
 * `active` (a countdown or a data age is on screen) and reads the clock afresh
 * when it becomes active, so a render never calls the clock itself.
 */
export function useClock(active: boolean, clock: () => number = Date.now, intervalMs = 1000): number {
  const ticker = useMemo(() => createTicker(clock, intervalMs), [clock, intervalMs]);
  return useSyncExternalStore(active ? ticker.subscribe : idle, ticker.now);
}

const idle = () => () => undefined;

function createTicker(clock: () => number, intervalMs: number) {
  let current = clock();
  return {
    now: () => current,
    subscribe: (changed: () => void): (() => void) => {
      // React compares the snapshot right after subscribing and re-renders if it moved.
      current = clock();
      const timer = setInterval(() => {
        current = clock();
        changed();
      }, intervalMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },
  };
}
