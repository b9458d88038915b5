// The simulated system's state: the database, the live rulesets, pending
// timers and the per-table behaviour hooks. The HTTP layer and the seeds both
// change it only through db/writes.ts, so the same invariants hold for both.
import {Database} from './db/database.js';
import type {Row} from './db/table.js';
import {Rng} from './rng.js';
import {realClock, type SimClock} from './clock.js';

export interface SimConfig {
  seedName: string;
  applyDelayMs: number;
  powerDelayMs: number;
  /** Unknown fields / filter columns are 422s instead of being ignored (see query/fields.ts). */
  strictQueries: boolean;
}

export interface WriteOpts {
  /** A write by the system itself: read-only fields and tables are writable, guards for users are off. */
  internal?: boolean;
  /** Insert with this key (status rows share their owner's key). */
  key?: number;
}

export type Draft = Record<string, unknown>;

export interface TableHooks {
  /** Validate and complete a new row before it is stored (throw ApiError to refuse). */
  beforeCreate?(sim: Sim, values: Draft, opts: WriteOpts): void;
  /** Create dependent rows; may return extra members of the 201 body (e.g. `response`). */
  afterCreate?(sim: Sim, row: Row, opts: WriteOpts): Record<string, unknown> | void;
  beforeUpdate?(sim: Sim, old: Row, next: Draft, patch: Draft, opts: WriteOpts): void;
  afterUpdate?(sim: Sim, old: Row, row: Row, patch: Draft, opts: WriteOpts): void;
  beforeDelete?(sim: Sim, row: Row, opts: WriteOpts): void;
  afterDelete?(sim: Sim, row: Row, opts: WriteOpts): void;
  /** Fields computed at read time (hit counters, handshakes). */
  computed?: Record<string, (sim: Sim, row: Row) => unknown>;
  /** Rows computed at read time instead of stored ones (live connections). */
  virtualRows?(sim: Sim): Row[];
}

export class Sim {
  readonly db = new Database();
  /** Per network key: the ruleset live on its router, in evaluation order. */
  readonly active = new Map<number, readonly Row[]>();
  /** Deterministic randomness for generated data (MACs, ids, counters). */
  readonly rng: Rng;
  /** While true (seeding, loading) scheduled side effects run at once. */
  immediate = false;
  /** Called after every committed write (persistence hooks in here). */
  onChange: () => void = () => {};
  private readonly timers = new Set<() => void>();
  private readonly generations = new Map<string, number>();
  private closed = false;

  constructor(
    readonly config: SimConfig,
    readonly hooks: Readonly<Record<string, TableHooks>>,
    /** Delays and time stamps run on this (real time unless a test passes its own). */
    readonly clock: SimClock = realClock,
  ) {
    this.rng = new Rng(`vseg-sim:${config.seedName}`);
  }

  /** Unix seconds. */
  now(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** Runs fn after ms (at once while seeding); cancelled by close(). */
  later(ms: number, fn: () => void): void {
    if (this.immediate) {
      fn();
      return;
    }
    if (this.closed) return;
    const cancel = this.clock.schedule(() => {
      this.timers.delete(cancel);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(cancel);
  }

  /**
   * A new generation for a stateful thing (a machine's power state): a
   * transition scheduled under an older generation is stale and must not run.
   */
  bump(thing: string): number {
    const g = (this.generations.get(thing) ?? 0) + 1;
    this.generations.set(thing, g);
    return g;
  }

  isCurrent(thing: string, generation: number): boolean {
    return this.generations.get(thing) === generation;
  }

  changed(): void {
    this.onChange();
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }
}
