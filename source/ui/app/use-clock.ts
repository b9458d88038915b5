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

/**
 * Text that depends on the time, as useClock keeps it: the component
 * re-renders when the text changes, not at every tick. A tick that leaves the
 * text as it was ("2 min ago" for a minute, "no data yet" for ever) costs no
 * render — and no frame: Ink lays out and draws the whole screen for every
 * render it commits, so a title ticking in an idle console kept allocating a
 * full frame every second.
 */
export function useClockText(
  active: boolean,
  text: (now: number) => string,
  clock: () => number = Date.now,
  intervalMs = 1000,
): string {
  const ticker = useMemo(() => createTicker(clock, intervalMs), [clock, intervalMs]);
  return useSyncExternalStore(active ? ticker.subscribe : idle, () => text(ticker.now()));
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
