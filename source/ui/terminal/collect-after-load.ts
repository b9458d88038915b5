// A full garbage collection once a site load has settled. Loading a large site
// (10,000 rules) leaves tens of MB of response text and parsed rows in V8's
// old space; with nothing else allocating afterwards, V8 would not collect them
// for a long time and the console would sit at its peak size. One collection
// shortly after the load (the frame drawn, the operator not typing yet) frees
// them and lets V8 hand the pages back.
//
// Only after loads that grew the heap: the console reloads every poll
// interval, and a full collection of a large site's heap pauses the process
// for 40–50 ms, which a keystroke would wait through every few seconds.
import {getHeapStatistics, setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

interface LoadSource {
  getSnapshot(): {loadedAt: number | null};
  subscribe(listener: () => void): () => void;
}

type Collect = () => void;

export function exposeGc(): Collect | undefined {
  try {
    setFlagsFromString('--expose-gc');
    // A new context sees the flag; the main one was created before it.
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Collect) : undefined;
  } catch {
    return undefined;
  }
}

/** Heap growth since the last collection that makes the next load worth one. */
const GROWTH_BYTES = 16 * 1024 * 1024;

export interface CollectOptions {
  delayMs?: number;
  /** How to reach the collector (tests pass their own). */
  collector?: () => Collect | undefined;
  /** Bytes in use on V8's heap now (tests pass their own). */
  heapUsed?: () => number;
}

/**
 * Collects `delayMs` after each load that changed the snapshot and grew the
 * heap by GROWTH_BYTES or more since the last collection (the first load
 * always does); returns the unsubscribe.
 */
export function collectAfterLoad(source: LoadSource, options: CollectOptions = {}): () => void {
  const {delayMs = 250, collector = exposeGc, heapUsed = () => getHeapStatistics().used_heap_size} = options;
  let gc: Collect | undefined | null = null;
  let seen = source.getSnapshot().loadedAt;
  let afterLast: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const unsubscribe = source.subscribe(() => {
    const loadedAt = source.getSnapshot().loadedAt;
    if (loadedAt === null || loadedAt === seen) return;
    seen = loadedAt;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (afterLast !== undefined && heapUsed() - afterLast < GROWTH_BYTES) return;
      if (gc === null) gc = collector();
      if (!gc) return;
      gc();
      afterLast = heapUsed();
    }, delayMs);
    timer.unref();
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
