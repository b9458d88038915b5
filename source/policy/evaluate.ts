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
  D_DST,
  OUTSIDE,
  type Direction,
  type FilterAction,
  type HopAction,
  type Location,
  type Packet,
  type RulesetChoice,
  type Verdict,
} from './types.js';
import {layer2Links} from './layer2.js';

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
  /**
   * Only the verdict (and the networks crossed) is wanted: no outcomes are
   * built. A grid of a million cells shows verdicts alone, and building each
   * cell's outcomes (hop signatures, examples) was most of its garbage.
   */
  verdictOnly?: boolean;
  /**
   * With verdictOnly: what the source router's outgoing rules and routes do
   * to a source part's traffic to *any* destination, computed once and cut
   * down to each destination (a matrix row asks the same source router about
   * every column). Holds one entry per source part; give each row its own.
   */
  row?: RowShare;
}

/** A's outgoing walk of one source part towards every destination: each piece, its filter step, and its routes when accepted. */
interface SharedPiece {
  piece: Piece;
  step: FilterStep;
  routes: Array<{piece: Piece; route: CompiledRule | null}> | null;
}

export type RowShare = Map<LocatedParts[number], SharedPiece[]>;

/** The piece with its destination dimension cut down to `dst`. */
function withDestination(p: Piece, dst: IntervalSet): Piece {
  return {box: [p.box[0], p.box[1], p.box[2], dst, p.box[4]], rw: p.rw};
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

/** `layer2`: a tenant's address and a network passed through to it at layer 2 (no router crossed). */
export type OutcomeKind = 'routed' | 'same-network' | 'no-router' | 'layer2';

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

  const verdictOnly = opts.verdictOnly === true;
  let allowed = false;
  let denied = false;

  const finish = (
    piece: Piece,
    from: Location,
    to: Location,
    kind: OutcomeKind,
    hops: OutcomeHop[],
    allow: boolean,
  ) => {
    if (verdictOnly) {
      if (allow) allowed = true;
      else denied = true;
      return;
    }
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

  const l2 = layer2Links(cs);
  for (const sp of srcParts) {
    for (const dp of dstParts) {
      let srcSet = sp.set;
      let dstSet = dp.set;
      // A tenant's addresses reach a network passed through to it without its router.
      for (const link of l2) {
        if (dp.loc === link.vnet && srcSet.overlaps(link.addresses)) {
          finish(
            {box: [proto, srcSet.intersect(link.addresses), sport, dstSet, dport], rw: null},
            sp.loc,
            dp.loc,
            'layer2',
            [],
            true,
          );
          srcSet = srcSet.subtract(link.addresses);
        }
        if (sp.loc === link.vnet && dstSet.overlaps(link.addresses)) {
          finish(
            {box: [proto, srcSet, sport, dstSet.intersect(link.addresses), dport], rw: null},
            sp.loc,
            dp.loc,
            'layer2',
            [],
            true,
          );
          dstSet = dstSet.subtract(link.addresses);
        }
      }
      if (srcSet.isEmpty || dstSet.isEmpty) continue;
      const base: Piece = {box: [proto, srcSet, sport, dstSet, dport], rw: null};
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
      const routed = (p: Piece, step: FilterStep, route: CompiledRule | null) => {
        const forward = (q: Piece, decision: RouteDecision) => {
          const h = hop(a, 'outgoing', step, decision);
          if (decision.via === 'none') finish(q, sp.loc, dp.loc, 'routed', [h], false);
          else toB(q, [h]);
        };
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
      };
      const row = verdictOnly && pieces.length === 1 && pieces[0] === base && srcSet === sp.set ? opts.row : undefined;
      if (row) {
        // Every packet meets the same rules whichever piece holds it, so cutting the shared
        // pieces down to this destination decides each packet as a walk of its own would.
        let shared = row.get(sp);
        if (!shared) row.set(sp, (shared = shareOutgoing(a.rs, defA, [proto, srcSet, sport, ALL_ADDRESSES, dport])));
        for (const e of shared) {
          const d = e.piece.box[D_DST].intersect(dstSet);
          if (d.isEmpty) continue;
          if (!e.routes) {
            finish(withDestination(e.piece, d), sp.loc, dp.loc, 'routed', [hop(a, 'outgoing', e.step, null)], false);
            continue;
          }
          for (const r of e.routes) {
            const dr = r.piece.box[D_DST].intersect(dstSet);
            if (!dr.isEmpty) routed(withDestination(r.piece, dr), e.step, r.route);
          }
        }
        continue;
      }
      runFilter(
        a.rs.outgoing,
        defA,
        pieces,
        (piece, step) => {
          if (step.action !== 'accept') {
            finish(piece, sp.loc, dp.loc, 'routed', [hop(a, 'outgoing', step, null)], false);
            return;
          }
          runRoutes(a.rs.routes, [piece], (p, route) => routed(p, step, route), listIndex(a.rs, 'routes'));
        },
        listIndex(a.rs, 'outgoing'),
      );
    }
  }

  if (verdictOnly) {
    const verdict: Verdict = !allowed ? 'deny' : denied ? 'partial' : 'allow';
    return {verdict, outcomes: [], networks: [...networks], appliedUnknown: [...unknown]};
  }
  const all = [...groups.values()];
  const outcomes = [...all.filter((o) => o.verdict === 'deny'), ...all.filter((o) => o.verdict === 'allow')];
  const allows = outcomes.filter((o) => o.verdict === 'allow').length;
  const verdict: Verdict =
    outcomes.length === 0 || allows === 0 ? 'deny' : allows === outcomes.length ? 'allow' : 'partial';
  return {verdict, outcomes, networks: [...networks], appliedUnknown: [...unknown]};
}

/**
 * A's outgoing rules, then its routes, over a box: the pieces with their
 * filter step and, when accepted, the route rule of each part. Outgoing
 * translate rules rewrite the source only, so the destination dimension of
 * every piece is still the one asked about and may be cut down afterwards.
 */
function shareOutgoing(rs: CompiledRuleset, defA: FilterAction, box: Box): SharedPiece[] {
  const out: SharedPiece[] = [];
  runFilter(
    rs.outgoing,
    defA,
    [{box, rw: null}],
    (piece, step) => {
      if (step.action !== 'accept') {
        out.push({piece, step, routes: null});
        return;
      }
      const routes: Array<{piece: Piece; route: CompiledRule | null}> = [];
      runRoutes(rs.routes, [piece], (p, route) => routes.push({piece: p, route}), listIndex(rs, 'routes'));
      out.push({piece, step, routes});
    },
    listIndex(rs, 'outgoing'),
  );
  return out;
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
