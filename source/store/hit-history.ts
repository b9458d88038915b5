// Rule hit counters over time, per site. VergeOS shows only a rule's packet
// and byte counters now; "not hit in the last 30 days" needs readings over
// those days. Every site load offers the counters (sessions/site.ts); a
// sample is kept at most every SAMPLE_EVERY_MS, a rise between two samples
// is a hit in that interval, and a fall is a reset (Clear Statistics, a
// network restart) — after which any count is a hit.
//
// The questions other parts ask (recertification, the monitor wizard) go
// through ruleHitHistory(): lastHit() and notHitFor(days) answer "unknown"
// rather than "not hit" when vseg has not watched the rule that long, or the
// rule does not count (statistics off).
import {join} from 'node:path';
import {readIfExists, safeFileName, writeFileAtomic} from './files.js';

export const SAMPLE_EVERY_MS = 5 * 60_000;
/** Samples kept per rule: the newest ones, then one a day further back. */
const RECENT_SAMPLES = 288;
const DAY_MS = 86_400_000;

/** The counters of one rule as a site load reads them. */
export interface RuleCounter {
  key: number;
  vnet: number;
  name: string;
  /** Whether the rule counts at all (its `statistics` flag). */
  statistics: boolean;
  packets: number;
}

interface StoredRule {
  vnet: number;
  name: string;
  /** [ms, packets] oldest first. */
  samples: [number, number][];
  /** End of the newest interval with a rise; null when never seen hit. */
  lastHitAt: number | null;
  /** When vseg first read this rule's counter while it counted. */
  watchedSince: number | null;
  statistics: boolean;
}

interface HitFile {
  version: 1;
  host: string;
  lastSampleAt: number;
  rules: Record<string, StoredRule>;
}

export function hitHistoryFile(dir: string, host: string): string {
  return join(dir, `${safeFileName(host.toLowerCase())}.json`);
}

function read(dir: string, host: string): HitFile {
  const text = readIfExists(hitHistoryFile(dir, host));
  if (text !== undefined) {
    try {
      const f = JSON.parse(text) as HitFile;
      if (f && f.version === 1 && f.rules && typeof f.rules === 'object') return f;
    } catch {
      // a damaged history is started over: it only ever answers "unknown" for the gap
    }
  }
  return {version: 1, host, lastSampleAt: 0, rules: {}};
}

function thin(samples: [number, number][]): [number, number][] {
  if (samples.length <= RECENT_SAMPLES) return samples;
  const recent = samples.slice(-RECENT_SAMPLES);
  const older = samples.slice(0, -RECENT_SAMPLES);
  const daily: [number, number][] = [];
  for (const s of older) if (!daily.length || s[0] - daily[daily.length - 1][0] >= DAY_MS) daily.push(s);
  return [...daily, ...recent];
}

/**
 * Records the counters when the last sample is older than SAMPLE_EVERY_MS
 * (or `force`). Rules gone from the list are kept until `prune` names the
 * live keys. Returns whether a sample was written.
 */
export function recordRuleHits(
  dir: string,
  host: string,
  counters: readonly RuleCounter[],
  now = Date.now(),
  options: {force?: boolean; liveKeys?: ReadonlySet<number>} = {},
): boolean {
  const file = read(dir, host);
  if (!options.force && now - file.lastSampleAt < SAMPLE_EVERY_MS) return false;
  for (const c of counters) {
    const id = String(c.key);
    let r = file.rules[id];
    if (!r || r.vnet !== c.vnet) {
      // a new rule, or a reused key on another network: its history starts now
      r = {vnet: c.vnet, name: c.name, samples: [], lastHitAt: null, watchedSince: null, statistics: c.statistics};
      file.rules[id] = r;
    }
    r.name = c.name;
    if (!c.statistics) {
      // not counting: nothing can be learnt, and the watch restarts when it counts again
      r.statistics = false;
      r.watchedSince = null;
      continue;
    }
    r.statistics = true;
    const prev = r.samples[r.samples.length - 1];
    if (prev && r.watchedSince !== null) {
      const rose = c.packets > prev[1] || (c.packets < prev[1] && c.packets > 0);
      if (rose) r.lastHitAt = now;
    }
    if (r.watchedSince === null) r.watchedSince = now;
    r.samples = thin([...r.samples, [now, c.packets]]);
  }
  if (options.liveKeys)
    for (const k of Object.keys(file.rules)) if (!options.liveKeys.has(Number(k))) delete file.rules[k];
  file.lastSampleAt = now;
  writeFileAtomic(hitHistoryFile(dir, host), `${JSON.stringify({...file, host})}\n`);
  return true;
}

export interface RuleHits {
  /** When vseg last saw the counter rise (end of that interval), or null. */
  lastHitAt: number | null;
  /** Since when vseg has watched the rule while it counted; null when not (or no longer) counting. */
  watchedSince: number | null;
  statistics: boolean;
  samples: readonly [number, number][];
}

export interface HitHistory {
  rule(key: number): RuleHits | undefined;
  /**
   * "not-hit": watched for at least `days` and no rise in them; "hit": a rise
   * within them; "unknown": not watched that long, or not counting.
   */
  notHitFor(key: number, days: number, now?: number): 'not-hit' | 'hit' | 'unknown';
  /** The sample times and packet counts, for sparklines. */
  samples(key: number): readonly [number, number][];
  /** When sampling of this site began (ms), or null before the first sample. */
  since(): number | null;
  /**
   * The shape contract checks take (policy/contracts HitEvidence): the oldest
   * sample, and per rule the last rise (null: none seen; undefined: never sampled).
   */
  evidence(): {since: number; lastHit(ruleKey: number): number | null | undefined};
}

export function ruleHitHistory(dir: string, host: string): HitHistory {
  const file = read(dir, host);
  const get = (key: number): StoredRule | undefined => file.rules[String(key)];
  let oldest: number | null = null;
  for (const r of Object.values(file.rules)) {
    const first = r.samples[0]?.[0];
    if (first !== undefined && (oldest === null || first < oldest)) oldest = first;
  }
  return {
    rule(key) {
      const r = get(key);
      return r
        ? {lastHitAt: r.lastHitAt, watchedSince: r.watchedSince, statistics: r.statistics, samples: r.samples}
        : undefined;
    },
    notHitFor(key, days, now = Date.now()) {
      const r = get(key);
      if (!r || !r.statistics || r.watchedSince === null) return 'unknown';
      const since = now - days * DAY_MS;
      if (r.lastHitAt !== null && r.lastHitAt > since) return 'hit';
      return r.watchedSince <= since ? 'not-hit' : 'unknown';
    },
    samples(key) {
      return get(key)?.samples ?? [];
    },
    since() {
      return oldest;
    },
    evidence() {
      return {
        since: oldest ?? Date.now(),
        lastHit: (key) => {
          const r = get(key);
          return r && r.watchedSince !== null ? r.lastHitAt : undefined;
        },
      };
    },
  };
}
