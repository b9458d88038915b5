// What :recertify does to a rule, as a site file of its network with that one
// rule changed: the console plans it like any :plan (reviewed, journaled,
// undone with vseg rollback). Re-certify records the review and sets the next
// expiry; disable turns the rule off; delete removes it (the plan prunes it).
import type {Rule, Site} from '../model.js';
import {serialiseSitefile} from '../sitefile/serialise.js';
import {siteToDoc} from '../sitefile/from-site.js';
import {addDays, lifecycleOf} from './model.js';

export type RecertifyAction =
  | {kind: 'recertify'; owner: string; ticket: string; expires: string; today: string}
  | {kind: 'disable'}
  | {kind: 'delete'};

export interface RecertifyPlan {
  /** For the plan view's title and the journal: "re-certify web/Allow ICMP from mgmt". */
  title: string;
  text: string;
  prune: boolean;
}

/** The default next expiry: as long again as the rule's last term (review to expiry), else 90 days. */
export function nextExpiry(site: Site, rule: Rule, today: string): string {
  const life = lifecycleOf(site, rule);
  if (life.expires && life.reviewed && life.expires > life.reviewed) {
    const term = Math.round((Date.parse(life.expires) - Date.parse(life.reviewed)) / 86_400_000);
    return addDays(today, Math.min(Math.max(term, 1), 3650));
  }
  return addDays(today, 90);
}

export function recertifyPlan(site: Site, rule: Rule, action: RecertifyAction): RecertifyPlan {
  const net = site.networks.find((n) => n.key === rule.vnet);
  if (!net) throw new Error(`the rule's network is gone (refresh with r)`);
  const doc = siteToDoc(site, {networks: [net.name]});
  const spec = doc.networks.find((n) => n.name === net.name)?.rules;
  const at = spec?.findIndex((r) => r.name === rule.name) ?? -1;
  if (!spec || at < 0) throw new Error(`rule ${net.name}/${rule.name} is not one vseg manages`);
  const label = `${net.name}/${rule.name}`;
  if (action.kind === 'recertify') {
    const r = spec[at];
    r.reviewed = action.today;
    if (action.owner) r.owner = action.owner;
    else delete r.owner;
    if (action.ticket) r.ticket = action.ticket;
    else delete r.ticket;
    if (action.expires) r.expires = action.expires;
    else delete r.expires;
    return {title: `re-certify ${label}`, text: serialiseSitefile(doc), prune: false};
  }
  if (action.kind === 'disable') {
    spec[at].enabled = false;
    return {title: `disable ${label}`, text: serialiseSitefile(doc), prune: false};
  }
  spec.splice(at, 1);
  return {title: `delete ${label}`, text: serialiseSitefile(doc), prune: true};
}
