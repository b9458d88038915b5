// A full garbage collection once a site load has settled. Loading a large site
// (10,000 rules) leaves tens of MB of response text and parsed rows in V8's
// old space; with nothing else allocating afterwards, V8 would not collect them
// for a long time and the console would sit at its peak size. One collection
// shortly after the load (the frame drawn, the operator not typing yet) frees
// them and lets V8 hand the pages back.
import {setFlagsFromString} from 'node:v8';
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

/**
 * Collects `delayMs` after each load that changed the snapshot; returns the
 * unsubscribe. `collector`: how to reach the collector (tests pass their own).
 */
export function collectAfterLoad(source: LoadSource, delayMs = 250, collector: () => Collect | undefined = exposeGc): () => void {
  let gc: Collect | undefined | null = null;
  let seen = source.getSnapshot().loadedAt;
  let timer: NodeJS.Timeout | undefined;
  const unsubscribe = source.subscribe(() => {
    const loadedAt = source.getSnapshot().loadedAt;
    if (loadedAt === null || loadedAt === seen) return;
    seen = loadedAt;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (gc === null) gc = collector();
      gc?.();
    }, delayMs);
    timer.unref();
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
