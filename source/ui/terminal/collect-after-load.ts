// A full garbage collection once a site load has settled. Loading a large site
// (10,000 rules) leaves tens of MB of response text and parsed rows in V8's
// old space; with nothing else allocating afterwards, V8 would not collect them
// for a long time and the console would sit at its peak size. One collection
// shortly after the load (the frame drawn, the operator not typing yet) frees
// them and lets V8 hand the pages back.
//
// It is a last-resort collection (V8's gc extension, `flavor: 'last-resort'`):
// a plain forced one frees the objects, but V8 keeps the emptied 256 KB pages in
// its pool, resident — measured at scale:200:10000, 190 such pages (47 MB) the
// heap statistics no longer counted. The last-resort kind also releases the
// pool: RSS with the site loaded 171 → 108 MB (docs/PERFORMANCE.md).
//
// Only after loads that grew the heap: the console reloads every poll
// interval, and a full collection of a large site's heap pauses the process
// for 40–50 ms, which a keystroke would wait through every few seconds.
//
// And once at start-up, when the console has drawn and nothing has loaded or
// is loading (the sign-in screen, a site that does not answer, the connect
// still pending): the garbage of starting — module top levels, the first
// render — and the pages V8 grew to while loading its code stay resident
// otherwise. Measured on the idle console (docs/PERFORMANCE.md): 104 → 94 MB.
//
// node:v8 and node:vm are required when the collection runs: imported at the
// top they cost the first frame ~10 ms (node:module is loaded anyway).
import {createRequire} from 'node:module';

type V8 = typeof import('node:v8');
type Vm = typeof import('node:vm');
const builtin = <T>(name: string): T => createRequire(import.meta.url)(name) as T;

interface LoadSource {
  getSnapshot(): {loadedAt: number | null; loading?: boolean};
  subscribe(listener: () => void): () => void;
}

/** V8's gc extension; the options are ignored by older V8s, which then run a plain full collection. */
type Collect = (options?: {type: 'major'; execution: 'sync'; flavor: 'last-resort'}) => void;
const LAST_RESORT = {type: 'major', execution: 'sync', flavor: 'last-resort'} as const;

export function exposeGc(): Collect | undefined {
  try {
    builtin<V8>('node:v8').setFlagsFromString('--expose-gc');
    // A new context sees the flag; the main one was created before it.
    const gc: unknown = builtin<Vm>('node:vm').runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Collect) : undefined;
  } catch {
    return undefined;
  }
}

/** Heap growth since the last collection that makes the next load worth one. */
const GROWTH_BYTES = 16 * 1024 * 1024;

export interface CollectOptions {
  delayMs?: number;
  /** The start-up collection this long after the console is up, if no load happened or is under way. */
  startDelayMs?: number;
  /** How to reach the collector (tests pass their own). */
  collector?: () => Collect | undefined;
  /** Bytes in use on V8's heap now (tests pass their own). */
  heapUsed?: () => number;
}

/**
 * Collects `delayMs` after each load that changed the snapshot and grew the
 * heap by GROWTH_BYTES or more since the last collection (the first load
 * always does), and once `startDelayMs` after start-up while nothing has
 * loaded; returns the unsubscribe.
 */
export function collectAfterLoad(source: LoadSource, options: CollectOptions = {}): () => void {
  const {
    delayMs = 250,
    startDelayMs = 500,
    collector = exposeGc,
    heapUsed = () => builtin<V8>('node:v8').getHeapStatistics().used_heap_size,
  } = options;
  let gc: Collect | undefined | null = null;
  let seen = source.getSnapshot().loadedAt;
  let afterLast: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const collect = () => {
    if (gc === null) gc = collector();
    if (!gc) return;
    gc(LAST_RESORT);
    afterLast = heapUsed();
  };
  const unsubscribe = source.subscribe(() => {
    const loadedAt = source.getSnapshot().loadedAt;
    if (loadedAt === null || loadedAt === seen) return;
    seen = loadedAt;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (afterLast !== undefined && heapUsed() - afterLast < GROWTH_BYTES) return;
      collect();
    }, delayMs);
    timer.unref();
  });
  // A load (done or under way) has its own collection coming.
  const atStart = setTimeout(() => {
    const {loadedAt, loading} = source.getSnapshot();
    if (loadedAt === null && !loading && afterLast === undefined) collect();
  }, startDelayMs);
  atStart.unref();
  return () => {
    clearTimeout(timer);
    clearTimeout(atStart);
    unsubscribe();
  };
}
