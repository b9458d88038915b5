// A rule's hit history in words, for its details: when vseg last saw its
// counter rise, and since when it has watched it (store/hit-history.ts).
import {ruleHitHistory} from '../store/hit-history.js';

function when(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, ' UTC');
}

export function ruleHitSummary(target: {host: string; paths: {hitsDir: string}}, ruleKey: number): string {
  let hits;
  try {
    hits = ruleHitHistory(target.paths.hitsDir, target.host).rule(ruleKey);
  } catch {
    return 'not readable';
  }
  if (!hits) return 'not sampled yet (vseg samples counters while it runs)';
  if (!hits.statistics || hits.watchedSince === null) return 'not recorded: statistics are off for this rule';
  const since = `watched since ${when(hits.watchedSince)}`;
  return hits.lastHitAt === null ? `no rise seen yet (${since})` : `last rise seen ${when(hits.lastHitAt)} (${since})`;
}
