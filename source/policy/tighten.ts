// What a rule actually decides, and the narrowest rule that would decide the
// same: the evaluator walks every other network (and outside) to the rule's
// network over all protocols and ports (or the other way for outgoing rules),
// and keeps the flows this rule decides. :recertify shows those flows and its
// "tighten" opens the rule form with their addresses as the new source
// (incoming rules) or destination (outgoing rules), never wider than now.
import {formatIpv4, IntervalSet, rangeToCidrs} from '../domain/ip.js';
import type {Key, Rule, Site} from '../domain/model.js';
import {ALL_PORTS} from '../domain/ports.js';
import {compileSite, type CompiledSite} from './compile.js';
import type {PolicyDefaults} from './defaults.js';
import {evaluateParts} from './evaluate.js';
import {ALL_PROTOCOLS, formatPacket} from './protocols.js';
import {splitByLocation} from './site-index.js';
import {OUTSIDE, type Location} from './types.js';

export interface DecidedFlow {
  /** The other end: a network name, or "outside". */
  peer: string;
  location: Location;
  verdict: 'allow' | 'deny';
  /** One packet of the flow, as "tcp 10.10.1.10:49152 → 10.10.2.10:5432". */
  example: string;
}

/** The flows a rule decides on its own network, one per other end and outcome. */
export function decidedFlows(site: Site | CompiledSite, rule: Rule, defaults?: PolicyDefaults): DecidedFlow[] {
  const cs = 'index' in site ? site : compileSite(site);
  const idx = cs.index;
  const home: Key = rule.vnet;
  const incoming = rule.direction === 'incoming';
  const homeParts = splitByLocation(idx, idx.locationSets.get(home) ?? IntervalSet.EMPTY);
  if (homeParts.length === 0) return [];
  const out: DecidedFlow[] = [];
  for (const [loc, set] of idx.locationSets) {
    if (loc === home || set.isEmpty) continue;
    const parts = splitByLocation(idx, set);
    const flow = evaluateParts(
      cs,
      incoming ? parts : homeParts,
      incoming ? homeParts : parts,
      {protocols: ALL_PROTOCOLS, destinationPorts: ALL_PORTS},
      {ruleset: 'pending', defaults},
    );
    for (const o of flow.outcomes) {
      const hop = o.hops.find((h) => h.network === home && h.direction === rule.direction);
      if (hop?.filter.decider?.rule.key !== rule.key) continue;
      out.push({
        peer: loc === OUTSIDE ? 'outside' : (idx.networksByKey.get(loc)?.name ?? String(loc)),
        location: loc,
        verdict: o.verdict,
        example: formatPacket(o.example),
      });
    }
  }
  return out.sort((a, b) => a.peer.localeCompare(b.peer));
}

export type Tightening =
  {ok: true; field: 'source' | 'destination'; value: string; from: string[]} | {ok: false; reason: string};

const MAX_CIDRS = 16;

function cidrList(set: IntervalSet): string | null {
  const out: string[] = [];
  for (const [lo, hi] of set.intervals()) {
    out.push(...(lo === hi ? [formatIpv4(lo)] : rangeToCidrs(lo, hi)));
    if (out.length > MAX_CIDRS) return null;
  }
  return out.join(',');
}

export function narrowestMatch(site: Site | CompiledSite, rule: Rule, defaults?: PolicyDefaults): Tightening {
  if (rule.action !== 'accept')
    return {ok: false, reason: 'only accept rules are tightened (a narrower drop would let more through)'};
  if (!rule.enabled) return {ok: false, reason: 'the rule is disabled: it decides nothing'};
  const cs = 'index' in site ? site : compileSite(site);
  const cr = cs.pending(rule.vnet).rules.find((r) => r.rule.key === rule.key);
  if (!cr) return {ok: false, reason: 'the rule is not on the site any more'};
  const incoming = rule.direction === 'incoming';
  const flows = decidedFlows(cs, rule, defaults);
  if (flows.length === 0)
    return {ok: false, reason: 'no traffic from another network or outside reaches this rule: consider disabling it'};
  if (flows.some((f) => f.location === OUTSIDE))
    return {
      ok: false,
      reason: `traffic from outside reaches this rule: its ${incoming ? 'source' : 'destination'} cannot be narrowed to networks`,
    };
  const field = incoming ? cr.source : cr.destination;
  let wanted = IntervalSet.EMPTY;
  for (const f of flows)
    wanted = wanted.union(
      cs.index.cidrSets.get(f.location) ?? cs.index.locationSets.get(f.location) ?? IntervalSet.EMPTY,
    );
  if (!field.any) wanted = wanted.intersect(field.set);
  if (!field.any && wanted.equals(field.set))
    return {ok: false, reason: 'the rule already names exactly the networks whose traffic it decides'};
  const value = cidrList(wanted);
  if (value === null) return {ok: false, reason: 'the traffic it decides comes from too many places to list'};
  return {ok: true, field: incoming ? 'source' : 'destination', value, from: [...new Set(flows.map((f) => f.peer))]};
}
