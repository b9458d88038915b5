// The ruleset a router runs (the `firewall` query: `nft list ruleset`) next
// to the rules vseg reads from the API. VergeOS's nft naming is not public:
// a compiled rule is tied to an API rule only by a rule key in its comment,
// so every match here is a guess, and says so.
import type {NftSummary} from '../api/diag/index.js';
import type {Key, Rule, Site} from '../domain/model.js';
import {orderedRules} from '../domain/model.js';

export interface LiveRow {
  rule: Rule;
  /** Compiled into nftables (enabled filter or translate rules; route rules are routing entries). */
  compiled: boolean;
  /** Its key appears in a comment of the router's ruleset. */
  onRouter: boolean;
}

export interface LiveComparison {
  rows: LiveRow[];
  /** Keys the router's comments name that no staged rule has. */
  routerOnly: {key: number; comment: string}[];
  counts: {staged: number; compiled: number; routerRules: number; keyed: number; matched: number};
  /** One sentence: do the router and the staged rules agree (as far as comments tell)? */
  verdict: string;
  /** True when nothing in the comments names a rule key: no comparison is possible. */
  unkeyed: boolean;
}

export function compareLive(site: Site, vnet: Key, nft: NftSummary): LiveComparison {
  const staged = orderedRules(site.rules.filter((r) => r.vnet === vnet));
  const keyed = new Map<number, string>();
  for (const r of nft.rules) if (r.ruleKey !== null) keyed.set(r.ruleKey, r.comment ?? '');
  const rows = staged.map((rule) => ({
    rule,
    compiled: rule.enabled && rule.action !== 'route',
    onRouter: keyed.has(rule.key),
  }));
  const routerOnly = [...keyed]
    .filter(([k]) => !staged.some((r) => r.key === k))
    .map(([key, comment]) => ({key, comment}));
  const compiled = rows.filter((r) => r.compiled);
  const matched = compiled.filter((r) => r.onRouter).length;
  const missing = compiled.length - matched;
  const network = site.networks.find((n) => n.key === vnet);
  const pending = network?.needFwApply ? ' (changes are staged: the router runs the last applied set)' : '';
  const unkeyed = keyed.size === 0;
  const verdict = unkeyed
    ? "The router's ruleset names no rule keys in its comments: vseg cannot tie its rules to the staged ones; read it raw."
    : missing === 0 && routerOnly.length === 0
      ? `Every compiled staged rule is on the router, and nothing else is (matched by comment keys — a guess)${pending}.`
      : `${missing} staged rule${missing === 1 ? ' is' : 's are'} not on the router and ${routerOnly.length} router rule${
          routerOnly.length === 1 ? ' names a key' : 's name keys'
        } the API does not have (matched by comment keys — a guess)${pending}.`;
  return {
    rows,
    routerOnly,
    counts: {
      staged: staged.length,
      compiled: compiled.length,
      routerRules: nft.rules.length,
      keyed: keyed.size,
      matched,
    },
    verdict,
    unkeyed,
  };
}
