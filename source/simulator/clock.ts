// The simulator's time: what its delays (Apply Rules, power transitions,
// diagnostic queries) and expiries (session tokens) are measured on, and what
// its time stamps (last_fw_apply, modified, started) read. The command line and
// the demo run on real time; a test passes a ManualClock and moves time itself,
// so "nothing happened within the delay" is a fact it sets up, not a sleep.

export interface SimClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn once `ms` from now; the returned function cancels it. */
  schedule(fn: () => void, ms: number): () => void;
}

export const realClock: SimClock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setTimeout(fn, ms);
    // A pending simulated transition never keeps a process alive.
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

export interface ManualClockOptions {
  /** Default: the next whole second of real time, so stamps the client compares with its own clock stay plausible. */
  start?: number;
  /**
   * Delays still pass in real time; only now() is manual. For code under test that
   * itself polls on real timers (applyRules waiting for the flag to drop) while the
   * test controls which second the time stamps fall in.
   */
  realTimers?: boolean;
}

/** Time that moves only when told to; due callbacks run in time order inside advance(). */
export class ManualClock implements SimClock {
  private current: number;
  private seq = 0;
  private readonly pending = new Set<Pending>();
  private readonly realTimers: boolean;

  constructor(options: ManualClockOptions = {}) {
    this.current = options.start ?? Math.ceil(Date.now() / 1000) * 1000;
    this.realTimers = options.realTimers ?? false;
  }

  now(): number {
    return this.current;
  }

  schedule(fn: () => void, ms: number): () => void {
    if (this.realTimers) return realClock.schedule(fn, ms);
    const p: Pending = {at: this.current + Math.max(0, ms), seq: this.seq++, fn};
    this.pending.add(p);
    return () => this.pending.delete(p);
  }

  /** Callbacks still waiting for their time. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Moves time forward by `ms`, running every callback that falls due on the way (and those they schedule). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`a clock only moves forward, got ${ms} ms`);
    const end = this.current + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending)
        if (p.at <= end && (!next || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      if (!next) break;
      this.pending.delete(next);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = end;
  }
}
