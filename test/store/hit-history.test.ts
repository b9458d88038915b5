// Rule hit history: "not hit in the last N days" is answered from samples
// over those days, and "unknown" when vseg has not watched that long or the
// rule does not count.
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {
  SAMPLE_EVERY_MS,
  hitHistoryFile,
  recordRuleHits,
  ruleHitHistory,
  type RuleCounter,
} from '../../source/store/hit-history.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vseg-hits-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
});

const rule = (packets: number, extra: Partial<RuleCounter> = {}): RuleCounter => ({
  key: 7,
  vnet: 3,
  name: 'Allow PostgreSQL',
  statistics: true,
  packets,
  ...extra,
});

describe('hit history', () => {
  it('answers hit / not-hit / unknown from samples over time', () => {
    const dir = tmp();
    recordRuleHits(dir, 'site', [rule(100)], T0);
    const h0 = ruleHitHistory(dir, 'site');
    expect(h0.notHitFor(7, 30, T0 + DAY)).toBe('unknown'); // watched for a day only
    for (let d = 1; d <= 31; d++) recordRuleHits(dir, 'site', [rule(100)], T0 + d * DAY);
    expect(ruleHitHistory(dir, 'site').notHitFor(7, 30, T0 + 31 * DAY)).toBe('not-hit');
    recordRuleHits(dir, 'site', [rule(105)], T0 + 32 * DAY);
    const h = ruleHitHistory(dir, 'site');
    expect(h.notHitFor(7, 30, T0 + 32 * DAY)).toBe('hit');
    expect(h.rule(7)).toMatchObject({lastHitAt: T0 + 32 * DAY, watchedSince: T0, statistics: true});
    expect(h.notHitFor(8, 30)).toBe('unknown');
    const e = h.evidence();
    expect(e.since).toBe(T0);
    expect(e.lastHit(7)).toBe(T0 + 32 * DAY);
    expect(e.lastHit(8)).toBeUndefined();
  });

  it('samples at most every few minutes, unless forced', () => {
    const dir = tmp();
    expect(recordRuleHits(dir, 'site', [rule(1)], T0)).toBe(true);
    expect(recordRuleHits(dir, 'site', [rule(2)], T0 + SAMPLE_EVERY_MS - 1)).toBe(false);
    expect(recordRuleHits(dir, 'site', [rule(2)], T0 + SAMPLE_EVERY_MS)).toBe(true);
    expect(recordRuleHits(dir, 'site', [rule(3)], T0 + SAMPLE_EVERY_MS + 1, {force: true})).toBe(true);
    expect(
      ruleHitHistory(dir, 'site')
        .samples(7)
        .map(([, p]) => p),
    ).toEqual([1, 2, 3]);
    expect(statSync(hitHistoryFile(dir, 'site')).mode & 0o777).toBe(0o600);
  });

  it('takes a fall for a reset (Clear Statistics) and any count after it for a hit', () => {
    const dir = tmp();
    recordRuleHits(dir, 'site', [rule(500)], T0);
    recordRuleHits(dir, 'site', [rule(0)], T0 + DAY);
    expect(ruleHitHistory(dir, 'site').rule(7)?.lastHitAt).toBeNull();
    recordRuleHits(dir, 'site', [rule(0)], T0 + 2 * DAY);
    recordRuleHits(dir, 'site', [rule(3)], T0 + 3 * DAY);
    expect(ruleHitHistory(dir, 'site').rule(7)?.lastHitAt).toBe(T0 + 3 * DAY);
  });

  it('knows nothing about a rule that does not count, and restarts the watch when it does', () => {
    const dir = tmp();
    recordRuleHits(dir, 'site', [rule(0)], T0);
    recordRuleHits(dir, 'site', [rule(0, {statistics: false})], T0 + 40 * DAY);
    expect(ruleHitHistory(dir, 'site').notHitFor(7, 30, T0 + 40 * DAY)).toBe('unknown');
    recordRuleHits(dir, 'site', [rule(0)], T0 + 41 * DAY);
    expect(ruleHitHistory(dir, 'site').notHitFor(7, 30, T0 + 41 * DAY)).toBe('unknown');
    expect(ruleHitHistory(dir, 'site').rule(7)?.watchedSince).toBe(T0 + 41 * DAY);
  });

  it('starts over for a key reused on another network, and forgets deleted rules', () => {
    const dir = tmp();
    recordRuleHits(dir, 'site', [rule(10), rule(1, {key: 8})], T0);
    recordRuleHits(dir, 'site', [rule(20, {vnet: 4})], T0 + DAY, {liveKeys: new Set([7])});
    const h = ruleHitHistory(dir, 'site');
    expect(h.samples(7)).toEqual([[T0 + DAY, 20]]);
    expect(h.rule(8)).toBeUndefined();
  });

  it('keeps the newest samples and one a day further back', () => {
    const dir = tmp();
    for (let i = 0; i < 400; i++) recordRuleHits(dir, 'site', [rule(i)], T0 + i * 60 * 60_000);
    const s = ruleHitHistory(dir, 'site').samples(7);
    expect(s.length).toBeLessThan(300);
    expect(s[0][0]).toBe(T0);
    expect(s.at(-1)![0]).toBe(T0 + 399 * 60 * 60_000);
  });
});
