// Which rules are due: expired (past their last valid day, plus any grace),
// expiring within N days, never hit in the window vseg has sampled, or without
// an owner. `vseg expire` disables the expired ones; :recertify walks them all.
import {isManagedRule} from '../sitefile/from-site.js';
import {compareRuleOrder, type Network, type Rule, type Site} from '../model.js';
import {addDays, dayStart, lifecycleOf, type RuleLifecycle} from './model.js';

export type DueReason = 'expired' | 'expiring' | 'never-hit' | 'no-owner';

/** The part of the hit history (store/hit-history) this needs. */
export interface HitsView {
  notHitFor(key: number, days: number, now?: number): 'not-hit' | 'hit' | 'unknown';
}

export interface DueRule {
  rule: Rule;
  network: Network;
  lifecycle: RuleLifecycle;
  reasons: DueReason[];
  /** Days until (negative: since) the expiry day; null without one. */
  daysLeft: number | null;
}

export interface DueOptions {
  /** `YYYY-MM-DD` (UTC) of today. */
  today: string;
  /** Expiring within this many days counts as due (default 14). */
  within?: number;
  /** Days after the expiry day before a rule counts as expired (default 0). */
  grace?: number;
  hits?: HitsView;
  /** "Never hit" means no hit in this many days of samples (default 30). */
  unusedDays?: number;
  now?: number;
}

/**
 * A rule is valid through its `expires` day; it is expired once today is
 * later than that day plus the grace.
 */
export function isExpired(life: RuleLifecycle, today: string, grace = 0): boolean {
  return life.expires !== '' && today > addDays(life.expires, grace);
}

export function daysUntil(day: string, today: string): number {
  return Math.round((dayStart(day) - dayStart(today)) / 86_400_000);
}

function managedRules(site: Site): Array<{rule: Rule; network: Network}> {
  const nets = new Map(site.networks.map((n) => [n.key, n]));
  return site.rules
    .filter((r) => isManagedRule(r) && nets.has(r.vnet))
    .sort((a, b) => nets.get(a.vnet)!.name.localeCompare(nets.get(b.vnet)!.name) || compareRuleOrder(a, b))
    .map((rule) => ({rule, network: nets.get(rule.vnet)!}));
}

/** Enabled rules past their expiry (and grace): what `vseg expire` disables. */
export function expiredRules(site: Site, today: string, grace = 0): DueRule[] {
  return managedRules(site)
    .filter(({rule}) => rule.enabled && isExpired(lifecycleOf(site, rule), today, grace))
    .map(({rule, network}) => {
      const lifecycle = lifecycleOf(site, rule);
      return {rule, network, lifecycle, reasons: ['expired'], daysLeft: daysUntil(lifecycle.expires, today)};
    });
}

/** Every managed rule with at least one reason to look at it, in network and evaluation order. */
export function dueRules(site: Site, options: DueOptions): DueRule[] {
  const within = options.within ?? 14;
  const unused = options.unusedDays ?? 30;
  const out: DueRule[] = [];
  for (const {rule, network} of managedRules(site)) {
    const lifecycle = lifecycleOf(site, rule);
    const reasons: DueReason[] = [];
    const daysLeft = lifecycle.expires ? daysUntil(lifecycle.expires, options.today) : null;
    if (isExpired(lifecycle, options.today, options.grace ?? 0)) reasons.push('expired');
    else if (daysLeft !== null && daysLeft <= within) reasons.push('expiring');
    if (rule.enabled && options.hits?.notHitFor(rule.key, unused, options.now) === 'not-hit') reasons.push('never-hit');
    if (lifecycle.owner === '') reasons.push('no-owner');
    if (reasons.length > 0) out.push({rule, network, lifecycle, reasons, daysLeft});
  }
  return out;
}
