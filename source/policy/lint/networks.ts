// Network-level findings: staged changes not applied, east/west mirroring
// left on, rules on stopped networks, and the classic half-configured flow
// (B accepts traffic from A, but A has no route to B).
import type {Key, Network, Rule} from '../../domain/model.js';
import {formatAddressSet, type IntervalSet} from '../../domain/ip.js';
import type {Piece} from '../box.js';
import {listIndex, type CompiledRuleset, type CompiledSite} from '../compile.js';
import {runRoutes} from '../region.js';
import {locate} from '../site-index.js';
import {runSteps, type Steps} from '../steps.js';
import {OUTSIDE, type RuleRef, type RulesetChoice} from '../types.js';
import {finding, type Finding} from './types.js';
import {layer2Links, layer2Note} from '../layer2.js';

function changedRules(applied: readonly Rule[], staged: readonly Rule[]): number {
  const a = new Map(applied.map((r) => [r.key, r]));
  let changed = 0;
  for (const r of staged) {
    const x = a.get(r.key);
    if (!x || JSON.stringify(x) !== JSON.stringify(r)) changed++;
    a.delete(r.key);
  }
  return changed + a.size;
}

/** `staged`: the network's staged rules. */
export function networkStateFindings(cs: CompiledSite, n: Network, staged: readonly Rule[]): Finding[] {
  const out: Finding[] = [];
  if (n.needFwApply) {
    const entry = cs.site.applied.get(n.key);
    const count = entry && entry.source !== 'unknown' ? changedRules(entry.rules, staged) : null;
    out.push(
      finding({
        severity: 'warning',
        code: 'need-fw-apply',
        message:
          `${n.name} has rule changes that are not applied` +
          (count !== null ? ` (${count} rule${count === 1 ? '' : 's'} differ from the live set)` : '') +
          `: they take effect on Apply Rules${n.running ? '' : ' or when the network starts'}`,
        network: n.name,
        networkKey: n.key,
        rules: [],
      }),
    );
  }
  if (n.portMirroring === 'east_west') {
    out.push(
      finding({
        severity: 'warning',
        code: 'east-west-mirroring',
        message: `${n.name} mirrors east/west traffic (every packet inside the network): meant for temporary captures; turn it off when done`,
        network: n.name,
        networkKey: n.key,
        rules: [],
      }),
    );
  }
  for (const link of layer2Links(cs)) {
    if (link.vnet !== n.key) continue;
    out.push(
      finding({
        severity: 'warning',
        code: 'l2-pass-through',
        message: `${layer2Note(link)} (tenant_layer2_vnets); segment it with the tenant's own rules, or stop passing it through`,
        network: n.name,
        networkKey: n.key,
        rules: [],
      }),
    );
  }
  const enabled = staged.filter((r) => r.enabled).length;
  if (!n.running && enabled > 0) {
    out.push(
      finding({
        severity: 'warning',
        code: 'stopped-network',
        message: `${n.name} is ${n.status || 'not running'}: its ${enabled} enabled rule${enabled === 1 ? '' : 's'} do nothing until it starts`,
        network: n.name,
        networkKey: n.key,
        rules: [],
      }),
    );
  }
  return out;
}

/**
 * B (internal) accepts traffic its rule clearly means to come from A
 * (internal): a source token naming A (vnet:A) or lying inside A's block.
 * If no outgoing route rule on A covers any of it, the flow is half built.
 */
export function missingRouteFindings(cs: CompiledSite, choice: RulesetChoice): Finding[] {
  return runSteps(missingRouteSteps(cs, choice, null));
}

/** missingRouteFindings in steps; `scope`: only the accept rules of these networks. */
export function* missingRouteSteps(
  cs: CompiledSite,
  choice: RulesetChoice,
  scope: ReadonlySet<Key> | null,
): Steps<Finding[]> {
  const order = routeCheckOrder(cs);
  const questions: RouteQuestion[] = [];
  for (const b of order.internal) {
    if (scope && !scope.has(b.key)) continue;
    yield;
    for (const q of routeQuestions(cs, order, b, cs.ruleset(b.key, choice).rs)) questions.push(q);
  }
  return yield* routeAnswerSteps(questions, (a) => cs.ruleset(a, choice).rs);
}

/** The networks whose accept rules may need a route from another (internal, with a block), in site order. */
export interface RouteCheckOrder {
  internal: Network[];
  order: Map<Key, number>;
}

export function routeCheckOrder(cs: CompiledSite): RouteCheckOrder {
  const internal = cs.site.networks.filter((n) => n.type === 'internal' && !cs.index.cidrSets.get(n.key)!.isEmpty);
  return {internal, order: new Map(internal.map((n, i) => [n.key, i]))};
}

/**
 * One accept rule of B whose sources name A, with the packets it means (A's
 * addresses to B's block): whether A has a route for them needs only A's
 * route rules, so lint can ask once every network has been checked, keeping
 * no more of each ruleset than its routes.
 */
export interface RouteQuestion {
  a: Network;
  b: Network;
  rule: RuleRef;
  piece: Piece;
  dst: IntervalSet;
}

/** The questions B's accept rules raise (none when B is not in `order`). */
export function routeQuestions(
  cs: CompiledSite,
  order: RouteCheckOrder,
  b: Network,
  rsB: CompiledRuleset,
): RouteQuestion[] {
  const out: RouteQuestion[] = [];
  if (!order.order.has(b.key)) return out;
  const idx = cs.index;
  const bSet = idx.locationSets.get(b.key)!;
  for (const rule of rsB.incoming) {
    if (rule.kind !== 'filter' || rule.rule.action !== 'accept') continue;
    // DMZ addresses are directly connected; only the block behind the router needs a route.
    const dst = rule.box[3].intersect(bSet).subtract(idx.dmzAddresses);
    if (dst.isEmpty) continue;
    // The networks this rule names as sources: a vnet: token, or addresses inside a network's block.
    const named = new Set<Key>();
    const consider = (set: IntervalSet, exact: boolean) => {
      if (set.isEmpty) return;
      const loc = locate(idx, set.min);
      const net = loc === OUTSIDE ? undefined : idx.networksByKey.get(loc);
      const cidr = net ? idx.cidrSets.get(net.key)! : null;
      if (net && cidr && (exact ? cidr.equals(set) : cidr.covers(set))) named.add(net.key);
    };
    for (const t of rule.source.tokens) {
      if (t.kind === 'vnet') {
        consider(t.set, true);
      } else if (t.alias) {
        for (const e of t.alias.entries) if (e.kind === 'address') consider(e.set, false);
      } else {
        consider(t.set, false);
      }
    }
    // In the order of `internal`, as a scan of every network would find them.
    const sources = [...named]
      .filter((k) => order.order.has(k))
      .sort((x, y) => order.order.get(x)! - order.order.get(y)!);
    for (const aKey of sources) {
      const a = order.internal[order.order.get(aKey)!];
      if (a.key === b.key) continue;
      const aCidr = idx.cidrSets.get(a.key)!;
      let intent = rule.box[1].intersect(aCidr);
      if (intent.isEmpty) continue;
      intent = intent.intersect(idx.locationSets.get(a.key)!);
      if (intent.isEmpty) continue;
      out.push({
        a,
        b,
        rule: rule.ref,
        piece: {box: [rule.box[0], intent, rule.box[2], dst, rule.box[4]], rw: null},
        dst,
      });
    }
  }
  return out;
}

/** Questions answered between two yields of routeAnswerSteps. */
const ANSWER_CHUNK = 200;

/** A missing-route finding for each question no route rule of A answers; `routesOf(a)` holds A's route rules. */
export function* routeAnswerSteps(
  questions: readonly RouteQuestion[],
  routesOf: (a: Key) => CompiledRuleset,
): Steps<Finding[]> {
  const out: Finding[] = [];
  for (let i = 0; i < questions.length; i++) {
    if (i % ANSWER_CHUNK === 0) yield;
    const {a, b, rule, piece, dst} = questions[i];
    const rsA = routesOf(a.key);
    let routed = false;
    runRoutes(
      rsA.routes,
      [piece],
      (_p, route) => {
        if (route) routed = true;
      },
      listIndex(rsA, 'routes'),
    );
    if (routed) continue;
    out.push(
      finding({
        severity: 'warning',
        code: 'missing-route',
        message:
          `${b.name} accepts traffic from ${a.name} ("${rule.name}", #${rule.position}), ` +
          `but ${a.name} has no outgoing route rule to ${formatAddressSet(dst, 3)}: ` +
          `add one on ${a.name} with destination vnet:${b.name}${b.dmzIp ? ` and target ${b.dmzIp} (${b.name}'s DMZ IP)` : ''}`,
        network: a.name,
        networkKey: a.key,
        rules: [rule],
      }),
    );
  }
  return out;
}
