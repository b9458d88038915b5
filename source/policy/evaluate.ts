// The evaluator (DESIGN.md §5) over sets of packets. A question is a box
// (sources × destinations × protocols × ports); it is split by which network
// each address belongs to, then walked through the source router (outgoing,
// then its routes) and the destination router (incoming). Pieces that end
// the same way are grouped into outcomes, each with an example packet, so a
// "partial" answer is exact and explained.
import type {Key, Network, Site} from '../domain/model.js';
import {ALL_ADDRESSES, IntervalSet} from '../domain/ip.js';
import {ALL_PORTS} from '../domain/ports.js';
import {examplePacket, packetBox, split, type Box, type Piece} from './box.js';
import {ALL_PROTOCOLS} from './protocols.js';
import {compileSite, listIndex, type CompiledRule, type CompiledRuleset, type CompiledSite} from './compile.js';
import {DEFAULT_POLICY, defaultAction, type PolicyDefaults} from './defaults.js';
import {runFilter, runRoutes, type FilterStep} from './region.js';
import {locate, splitByLocation, type SiteIndex} from './site-index.js';
import {
  OUTSIDE,
  type Direction,
  type HopAction,
  type Location,
  type Packet,
  type RulesetChoice,
  type Verdict,
} from './types.js';

export interface FlowQuery {
  src: IntervalSet;
  dst: IntervalSet;
  protocols: IntervalSet;
  sourcePorts?: IntervalSet;
  destinationPorts?: IntervalSet;
}

export interface FlowOptions {
  ruleset: RulesetChoice;
  defaults?: PolicyDefaults;
}

export interface RouteDecision {
  /**
   * `rule`: an outgoing route rule; `connected`: the destination is a router's
   * DMZ address, on the DMZ network every router shares; `gateway`: the
   * default gateway (non-internal destination); `none`: no path; `stopped`:
   * the router is not running, so it forwards nothing.
   */
  via: 'rule' | 'connected' | 'gateway' | 'none' | 'stopped';
  rule: CompiledRule | null;
  gateway: Key | null;
}

export interface OutcomeHop {
  network: Key;
  name: string;
  direction: Direction;
  action: HopAction;
  /** The deciding filter rule; null for the default (and for no-route). */
  rule: CompiledRule | null;
  default: boolean;
  /** The filter decision, kept when `action` is no-route. */
  filter: FilterStep;
  /** Outgoing hops: how the router forwards it. */
  route: RouteDecision | null;
  ruleset: CompiledRuleset;
  /** The applied ruleset was unknown; the pending one stood in. */
  appliedUnknown: boolean;
}

export type OutcomeKind = 'routed' | 'same-network' | 'no-router';

export interface Outcome {
  verdict: 'allow' | 'deny';
  kind: OutcomeKind;
  from: Location;
  to: Location;
  hops: OutcomeHop[];
  example: Packet;
  /** The exact region this outcome covers (original coordinates). */
  pieces: Piece[];
  /** A destination NAT sent the packet to another network, which vseg does not follow. */
  natLeadsTo?: Location;
}

export interface FlowResult {
  verdict: Verdict;
  outcomes: Outcome[];
  /** Networks whose routers the flow crosses. */
  networks: Key[];
  /** Of those, the ones whose applied ruleset was unknown (pending used). */
  appliedUnknown: Key[];
}

function hopSignature(h: OutcomeHop): string {
  const r = h.route ? `${h.route.via}${h.route.rule ? h.route.rule.ref.key : ''}` : '';
  return `${h.network}${h.direction[0]}${h.action}${h.rule ? h.rule.ref.key : 'd'}${h.filter.nat ? `n${h.filter.nat.ref.key}` : ''}${r}`;
}

/** Where a destination translation sends the packet, when it names one address. */
function natLandingIn(idx: SiteIndex, step: FilterStep): Location | undefined {
  const nat = step.nat?.nat;
  if (!nat || nat.field !== 'destination' || nat.ip === null) return undefined;
  const lands = locate(idx, nat.ip);
  return lands === OUTSIDE ? undefined : lands;
}

/** A non-internal destination (or outside) is reached through the default gateway. */
function gatewayReaches(idx: SiteIndex, from: Network, to: Location): boolean {
  const dest = to === OUTSIDE ? null : idx.networksByKey.get(to);
  if (dest && dest.type === 'internal') return false;
  return from.defaultGateway !== null || from.type === 'external';
}

export type LocatedParts = ReadonlyArray<{loc: Location; set: IntervalSet}>;

export function evaluateCompiled(cs: CompiledSite, q: FlowQuery, opts: FlowOptions): FlowResult {
  return evaluateParts(cs, splitByLocation(cs.index, q.src), splitByLocation(cs.index, q.dst), q, opts);
}

/** As evaluateCompiled, with sources and destinations already split by location (the matrix reuses the split). */
export function evaluateParts(
  cs: CompiledSite,
  srcParts: LocatedParts,
  dstParts: LocatedParts,
  q: Omit<FlowQuery, 'src' | 'dst'>,
  opts: FlowOptions,
): FlowResult {
  const defaults = opts.defaults ?? DEFAULT_POLICY;
  const idx = cs.index;
  const proto = q.protocols;
  const sport = q.sourcePorts ?? ALL_PORTS;
  const dport = q.destinationPorts ?? ALL_PORTS;
  const groups = new Map<string, Outcome>();
  const natLanding = (step: FilterStep) => natLandingIn(idx, step);
  const networks = new Set<Key>();
  const unknown = new Set<Key>();

  const finish = (
    piece: Piece,
    from: Location,
    to: Location,
    kind: OutcomeKind,
    hops: OutcomeHop[],
    allow: boolean,
  ) => {
    let sig = `${from}>${to}${kind[0]}`;
    for (const h of hops) sig += '|' + hopSignature(h);
    const g = groups.get(sig);
    if (g) {
      g.pieces.push(piece);
      return;
    }
    const out: Outcome = {
      verdict: allow ? 'allow' : 'deny',
      kind,
      from,
      to,
      hops,
      example: examplePacket(piece.box),
      pieces: [piece],
    };
    const last = hops[hops.length - 1];
    const nat = last?.filter.nat?.nat;
    if (last && last.direction === 'incoming' && nat && nat.field === 'destination' && nat.ip !== null) {
      const lands = locate(idx, nat.ip);
      if (lands !== to) out.natLeadsTo = lands;
    }
    groups.set(sig, out);
  };

  const rulesetOf = (net: Key) => {
    networks.add(net);
    const r = cs.ruleset(net, opts.ruleset);
    if (r.unknown) unknown.add(net);
    return r;
  };

  // A router that is not running forwards nothing: the packet stops there,
  // whatever its rules say (they are not consulted).
  const stoppedHop = (r: {rs: CompiledRuleset; unknown: boolean}, direction: Direction): OutcomeHop => ({
    network: r.rs.network.key,
    name: r.rs.network.name,
    direction,
    action: 'no-route',
    rule: null,
    default: false,
    filter: {decider: null, action: 'drop', nat: null},
    route: {via: 'stopped', rule: null, gateway: null},
    ruleset: r.rs,
    appliedUnknown: r.unknown,
  });

  const hop = (
    r: {rs: CompiledRuleset; unknown: boolean},
    direction: Direction,
    step: FilterStep,
    route: RouteDecision | null,
  ): OutcomeHop => {
    const noRoute = route !== null && route.via === 'none' && step.action === 'accept';
    return {
      network: r.rs.network.key,
      name: r.rs.network.name,
      direction,
      action: noRoute ? 'no-route' : step.action,
      rule: noRoute ? null : step.decider,
      default: !noRoute && step.decider === null,
      filter: step,
      route,
      ruleset: r.rs,
      appliedUnknown: r.unknown,
    };
  };

  for (const sp of srcParts) {
    for (const dp of dstParts) {
      const base: Piece = {box: [proto, sp.set, sport, dp.set, dport], rw: null};
      if (sp.loc === dp.loc) {
        finish(base, sp.loc, dp.loc, sp.loc === OUTSIDE ? 'no-router' : 'same-network', [], true);
        continue;
      }
      const incoming = (
        piece: Piece,
        hops: OutcomeHop[],
        net: Key,
        then: (p: Piece, step: FilterStep, h: OutcomeHop) => void,
      ) => {
        const r = rulesetOf(net);
        if (!r.rs.network.running) {
          finish(piece, sp.loc, dp.loc, 'routed', [...hops, stoppedHop(r, 'incoming')], false);
          return;
        }
        const def = defaultAction(r.rs.network.type, 'incoming', defaults);
        runFilter(
          r.rs.incoming,
          def,
          [piece],
          (p, step) => then(p, step, hop(r, 'incoming', step, null)),
          listIndex(r.rs, 'incoming'),
        );
      };
      const toB = (piece: Piece, hops: OutcomeHop[]) => {
        if (dp.loc === OUTSIDE) {
          finish(piece, sp.loc, dp.loc, 'routed', hops, true);
          return;
        }
        incoming(piece, hops, dp.loc, (p, step, h) => {
          // A destination translation towards another network (a published
          // port) is forwarded there: unless a rule after it decided, the
          // translate rule lets it through (VergeOS's own port forwards rely
          // on that), and that network's router judges it next.
          const lands = natLanding(step);
          if (lands === undefined || lands === dp.loc || (step.decider !== null && step.action !== 'accept')) {
            finish(p, sp.loc, dp.loc, 'routed', [...hops, h], step.action === 'accept');
            return;
          }
          const forwarded = step.decider
            ? h
            : hop(rulesetOf(dp.loc), 'incoming', {...step, decider: step.nat, action: 'accept'}, null);
          incoming(p, [...hops, forwarded], lands, (q, next, hc) => {
            finish(q, sp.loc, dp.loc, 'routed', [...hops, forwarded, hc], next.action === 'accept');
          });
        });
      };
      // Remote addresses of a stopped network's tunnels: nothing passes the tunnel.
      let pieces: Piece[] = [base];
      if (sp.loc === OUTSIDE || dp.loc === OUTSIDE) {
        for (const t of idx.stoppedTunnels) {
          if (t.network.key === sp.loc || t.network.key === dp.loc) continue;
          const cut: Box =
            sp.loc === OUTSIDE
              ? [ALL_PROTOCOLS, t.set, ALL_PORTS, ALL_ADDRESSES, ALL_PORTS]
              : [ALL_PROTOCOLS, ALL_ADDRESSES, ALL_PORTS, t.set, ALL_PORTS];
          const rest: Piece[] = [];
          for (const p of pieces) {
            const s = split(p, cut);
            if (!s) {
              rest.push(p);
              continue;
            }
            const h = stoppedHop(rulesetOf(t.network.key), sp.loc === OUTSIDE ? 'incoming' : 'outgoing');
            finish(s.hit, sp.loc, dp.loc, 'routed', [h], false);
            rest.push(...s.rest);
          }
          pieces = rest;
        }
      }
      if (sp.loc === OUTSIDE) {
        for (const p of pieces) toB(p, []);
        continue;
      }
      const a = rulesetOf(sp.loc);
      if (!a.rs.network.running) {
        for (const p of pieces) finish(p, sp.loc, dp.loc, 'routed', [stoppedHop(a, 'outgoing')], false);
        continue;
      }
      const defA = defaultAction(a.rs.network.type, 'outgoing', defaults);
      runFilter(
        a.rs.outgoing,
        defA,
        pieces,
        (piece, step) => {
          if (step.action !== 'accept') {
            finish(piece, sp.loc, dp.loc, 'routed', [hop(a, 'outgoing', step, null)], false);
            return;
          }
          const forward = (p: Piece, decision: RouteDecision) => {
            const h = hop(a, 'outgoing', step, decision);
            if (decision.via === 'none') finish(p, sp.loc, dp.loc, 'routed', [h], false);
            else toB(p, [h]);
          };
          runRoutes(
            a.rs.routes,
            [piece],
            (p, route) => {
              if (route) {
                forward(p, {via: 'rule', rule: route, gateway: null});
                return;
              }
              // No route rule: a DMZ address is directly connected; the rest needs the gateway.
              let rest: Piece[] = [p];
              if (!idx.dmzAddresses.isEmpty) {
                const s = split(p, [ALL_PROTOCOLS, ALL_ADDRESSES, ALL_PORTS, idx.dmzAddresses, ALL_PORTS]);
                if (s) {
                  forward(s.hit, {via: 'connected', rule: null, gateway: null});
                  rest = s.rest;
                }
              }
              const viaGateway = gatewayReaches(idx, a.rs.network, dp.loc);
              for (const r of rest) {
                forward(
                  r,
                  viaGateway
                    ? {via: 'gateway', rule: null, gateway: a.rs.network.defaultGateway}
                    : {via: 'none', rule: null, gateway: null},
                );
              }
            },
            listIndex(a.rs, 'routes'),
          );
        },
        listIndex(a.rs, 'outgoing'),
      );
    }
  }

  const all = [...groups.values()];
  const outcomes = [...all.filter((o) => o.verdict === 'deny'), ...all.filter((o) => o.verdict === 'allow')];
  const allows = outcomes.filter((o) => o.verdict === 'allow').length;
  const verdict: Verdict =
    outcomes.length === 0 || allows === 0 ? 'deny' : allows === outcomes.length ? 'allow' : 'partial';
  return {verdict, outcomes, networks: [...networks], appliedUnknown: [...unknown]};
}

/** Evaluates a set question against a site (compiled on first use). */
export function evaluateFlow(site: Site | CompiledSite, q: FlowQuery, opts: FlowOptions): FlowResult {
  const cs = 'index' in site ? site : compileSite(site);
  return evaluateCompiled(cs, q, opts);
}

/** Evaluates one packet (a single outcome). */
export function evaluatePacket(site: Site | CompiledSite, packet: Packet, opts: FlowOptions): FlowResult {
  const b: Box = packetBox(packet);
  return evaluateFlow(site, {protocols: b[0], src: b[1], sourcePorts: b[2], dst: b[3], destinationPorts: b[4]}, opts);
}
