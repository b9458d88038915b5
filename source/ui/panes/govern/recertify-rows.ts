// :recertify without React: the sections it reads, words for the reasons, a
// hit sparkline from the sampled counters, and the lines of one rule's page.
import type {DueReason, DueRule} from '../../../domain/lifecycle/due.js';
import {GOVERN_SECTIONS, type Section} from '../../../domain/model.js';
import type {DecidedFlow} from '../../../policy/tighten.js';
import type {RuleHits} from '../../../store/hit-history.js';

export const RECERTIFY_SECTIONS: readonly Section[] = GOVERN_SECTIONS;

export const REASON_WORDS: Record<DueReason, string> = {
  expired: 'expired',
  expiring: 'expiring',
  'never-hit': 'never hit',
  'no-owner': 'no owner',
};

const BARS = '▁▂▃▄▅▆▇█';

/** Packets per interval between samples, newest last, as `width` bars (a reset counts as its new value). */
export function hitSparkline(samples: ReadonlyArray<readonly [number, number]>, width: number): string {
  if (samples.length < 2) return '';
  const deltas: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const d = samples[i][1] - samples[i - 1][1];
    deltas.push(d >= 0 ? d : samples[i][1]);
  }
  const shown = deltas.slice(-width);
  const max = Math.max(...shown);
  if (max === 0) return BARS[0].repeat(shown.length);
  return shown.map((d) => (d === 0 ? BARS[0] : BARS[Math.min(7, 1 + Math.floor((d / max) * 6.999))])).join('');
}

export function lastHitText(hits: RuleHits | undefined, now: number): string {
  if (!hits) return 'not sampled';
  if (!hits.statistics) return 'not counting';
  if (hits.lastHitAt === null) return hits.watchedSince === null ? 'not sampled' : 'none seen';
  const days = Math.floor((now - hits.lastHitAt) / 86_400_000);
  return days === 0 ? 'today' : `${days}d ago`;
}

export function ruleLines(
  d: DueRule,
  hits: RuleHits | undefined,
  flows: readonly DecidedFlow[],
  now: number,
): string[] {
  const l = d.lifecycle;
  const r = d.rule;
  const port = (p: string) => (p ? `:${p}` : '');
  const lines = [
    `${d.network.name} / ${r.name}${r.enabled ? '' : ' (disabled)'}`,
    '',
    `Due:       ${d.reasons.map((x) => REASON_WORDS[x]).join(', ')}`,
    `Owner:     ${l.owner || '(none)'}`,
    `Ticket:    ${l.ticket || '(none)'}`,
    `Expires:   ${l.expires || '(never)'}${d.daysLeft !== null ? ` (${d.daysLeft < 0 ? `${-d.daysLeft} days ago` : `in ${d.daysLeft} days`})` : ''}`,
    `Reviewed:  ${l.reviewed || '(never)'}`,
    `Reason:    ${r.description || '(no description)'}`,
    `Rule:      ${r.direction} ${r.action} ${r.protocol || 'any'} ${r.sourceIp || 'any'}${port(r.sourcePorts)} → ` +
      `${r.destinationIp || 'any'}${port(r.destinationPorts)}`,
    '',
    `Hits:      ${r.packets} packets now; last hit ${lastHitText(hits, now)}`,
  ];
  if (hits && hits.samples.length > 1) {
    lines.push(`           ${hitSparkline(hits.samples, 48)}`);
    lines.push(
      `           ${hits.samples.length} samples since ${new Date(hits.samples[0][0]).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    );
  }
  lines.push('', `Flows it decides (staged rules): ${flows.length === 0 ? 'none — nothing reaches it' : ''}`);
  for (const f of flows)
    lines.push(`  ${f.verdict === 'allow' ? 'allows' : 'stops '} from ${f.peer}: e.g. ${f.example}`);
  lines.push('', 'Back in the list: c re-certify · t tighten · x disable · d delete (each opens a plan to review)');
  return lines;
}
