// The explanation of one concrete packet: for each router it crosses, the
// rules above the decider and the first field of each that did not match,
// which token (alias entry, helper) made the decider match, NAT and routing.
// Region evaluation (evaluate.ts) gives exact answers over sets; this gives
// the story for the example packet of each outcome.
import type {Key, Site} from '../domain/model.js';
import {formatIpv4} from '../domain/ip.js';
import {compileSite, type CompiledRule, type CompiledRuleset, type CompiledSite} from './compile.js';
import {DEFAULT_POLICY, defaultAction} from './defaults.js';
import type {FlowOptions, OutcomeKind} from './evaluate.js';
import {whichToken, type TokenMatch} from './match.js';
import {hasPorts, packetText, protocolName} from './protocols.js';
import {locate, networkName, type SiteIndex} from './site-index.js';
import {
  OUTSIDE,
  type Direction,
  type FilterAction,
  type HopAction,
  type Location,
  type Packet,
  type PacketText,
  type RuleRef,
} from './types.js';
import {layer2Between, layer2Links, layer2Note} from './layer2.js';

export type SkipField =
  | 'disabled'
  | 'direction'
  | 'ct_state'
  | 'protocol'
  | 'source'
  | 'source ports'
  | 'destination'
  | 'destination ports'
  | 'interface'
  | 'route'
  | 'translate';

export interface SkippedRule extends RuleRef {
  /** The first field that did not match (or why a matching rule did not decide). */
  field: SkipField;
  detail: string;
}

export interface MatchedField extends TokenMatch {
  field: 'source' | 'destination' | 'source ports' | 'destination ports';
}

export interface NatNote {
  rule: RuleRef;
  field: 'source' | 'destination';
  from: string;
  to: string;
}

export interface RouteTrace {
  via: 'rule' | 'connected' | 'gateway' | 'none' | 'stopped';
  rule: RuleRef | null;
  /** Route rule target (next hop). */
  target?: string;
  /** Default gateway network name. */
  gateway?: string | null;
  detail: string;
}

export interface HopTrace {
  network: string;
  networkKey: Key;
  direction: Direction;
  action: HopAction;
  rule: RuleRef | null;
  default: boolean;
  /** The filter verdict of the hop, also when routing failed. */
  filter: {action: FilterAction; rule: RuleRef | null; default: boolean};
  skipped: SkippedRule[];
  /** What made the deciding rule match (empty for the default). */
  matched: MatchedField[];
  nat: NatNote | null;
  route: RouteTrace | null;
  /** The packet as this hop saw it (after NAT on earlier hops). */
  packet: PacketText;
  origin: CompiledRuleset['origin'];
  appliedUnknown: boolean;
  notes: string[];
}

export interface PacketTrace {
  verdict: 'allow' | 'deny';
  kind: OutcomeKind;
  from: Location;
  to: Location;
  fromName: string;
  toName: string;
  packet: PacketText;
  hops: HopTrace[];
  /** Hops the packet would meet next had it not been stopped (for information). */
  unreached: HopTrace[];
  notes: string[];
}

const DISABLED = {field: 'disabled', detail: 'rule is disabled'} as const;
const WRONG_DIRECTION = {
  incoming: {field: 'direction', detail: 'incoming rule'},
  outgoing: {field: 'direction', detail: 'outgoing rule'},
} as const;

/** The packet's addresses as text, formatted once per hop rather than once per rule. */
interface PacketStrings {
  packet: Packet;
  src: string;
  dst: string;
}

function strings(p: Packet): PacketStrings {
  return {packet: p, src: formatIpv4(p.src), dst: formatIpv4(p.dst)};
}

function mismatch(
  c: CompiledRule,
  p: Packet,
  direction: Direction,
  text?: PacketStrings,
): {field: SkipField; detail: string} | null {
  const r = c.rule;
  const t = text && text.packet === p ? text : null;
  // Shared objects for the common cases: a hop may list thousands of skipped rules.
  if (!c.enabled) return DISABLED;
  if (c.direction !== direction) return WRONG_DIRECTION[c.direction];
  if (!c.ctAdmitsNew) return {field: 'ct_state', detail: `ct_state "${r.ctState}" does not include new connections`};
  if (!c.protocols.has(p.proto)) return {field: 'protocol', detail: protocolDetail(c, p.proto)};
  if (!c.source.set.has(p.src))
    return {
      field: 'source',
      detail: `${t ? t.src : formatIpv4(p.src)} is not in "${r.sourceIp}"${emptyNote(c.source.set.isEmpty)}`,
    };
  if (p.sport !== null && !c.sourcePorts.set.has(p.sport)) {
    return {
      field: 'source ports',
      detail: `port ${p.sport} is not in "${r.sourcePorts}"${emptyNote(c.sourcePorts.set.isEmpty)}`,
    };
  }
  if (!c.destination.set.has(p.dst))
    return {
      field: 'destination',
      detail: `${t ? t.dst : formatIpv4(p.dst)} is not in "${r.destinationIp}"${emptyNote(c.destination.set.isEmpty)}`,
    };
  if (p.dport !== null && !c.destinationPorts.set.has(p.dport)) {
    return {
      field: 'destination ports',
      detail: `port ${p.dport} is not in "${r.destinationPorts}"${emptyNote(c.destinationPorts.set.isEmpty)}`,
    };
  }
  if (!c.box[1].has(p.src))
    return {
      field: 'interface',
      detail: `${formatIpv4(p.src)} does not arrive through a WireGuard interface of this network`,
    };
  return null;
}

function protocolDetail(c: CompiledRule, proto: number): string {
  const r = c.rule;
  const limited = c.protocols.isEmpty
    ? ' (matches no protocol)'
    : (!c.sourcePorts.any || !c.destinationPorts.any) && (r.protocol === 'any' || r.protocol === '')
      ? ' (its ports limit it to tcp/udp)'
      : '';
  return `${r.protocol || 'any'} rule${limited}; packet is ${protocolName(proto)}`;
}

function emptyNote(empty: boolean): string {
  return empty ? ' (which holds nothing vseg can match)' : '';
}

function matchedFields(c: CompiledRule, p: Packet): MatchedField[] {
  const out: MatchedField[] = [];
  const add = (field: MatchedField['field'], m: TokenMatch | null) => {
    if (m) out.push({field, ...m});
  };
  add('source', whichToken(c.source, p.src));
  add('destination', whichToken(c.destination, p.dst));
  if (p.sport !== null) add('source ports', whichToken(c.sourcePorts, p.sport));
  if (p.dport !== null) add('destination ports', whichToken(c.destinationPorts, p.dport));
  return out;
}

function applyNat(c: CompiledRule, p: Packet): {packet: Packet; note: NatNote} {
  const nat = c.nat!;
  const q = {...p};
  let from: string;
  let to: string;
  const ports = hasPorts(p.proto);
  if (nat.field === 'destination') {
    from = `${formatIpv4(p.dst)}${ports && p.dport !== null ? `:${p.dport}` : ''}`;
    if (nat.ip !== null) q.dst = nat.ip;
    if (nat.port !== null && ports) q.dport = nat.port;
    to = `${formatIpv4(q.dst)}${ports && q.dport !== null ? `:${q.dport}` : ''}`;
  } else {
    from = `${formatIpv4(p.src)}${ports && p.sport !== null ? `:${p.sport}` : ''}`;
    if (nat.ip !== null) q.src = nat.ip;
    if (nat.port !== null && ports) q.sport = nat.port;
    to = `${formatIpv4(q.src)}${ports && q.sport !== null ? `:${q.sport}` : ''}`;
  }
  return {packet: q, note: {rule: c.ref, field: nat.field, from, to}};
}

/**
 * What a hop's scan can know of a rule list before seeing a packet, built once
 * per list: a hop lists every rule above the decider (thousands on a long
 * list), and most of them are skipped for reasons that do not depend on the
 * packet. Entries are shared by every trace of the list, hence frozen.
 */
interface ListFacts {
  /** Per direction: the skip entry of each rule that is disabled, for the other direction or blind to new connections; else null. */
  fixed: Partial<Record<Direction, ReadonlyArray<SkippedRule | null>>>;
  /** Per protocol number: the skip entry of each rule that does not match it; else null. */
  protocol: Map<number, ReadonlyArray<SkippedRule | null>>;
  /** Rules holding IPv6 addresses: list index and note. */
  ipv6: ReadonlyArray<readonly [number, string]>;
}

const listFacts = new WeakMap<readonly CompiledRule[], ListFacts>();

/** Every skip entry has exactly this shape and key order: whyToJson passes them on as they are. */
function skip(c: CompiledRule, field: SkipField, detail: string): SkippedRule {
  return {key: c.ref.key, name: c.ref.name, position: c.ref.position, field, detail};
}

function factsOf(rules: readonly CompiledRule[]): ListFacts {
  let f = listFacts.get(rules);
  if (!f) {
    const ipv6: Array<readonly [number, string]> = [];
    rules.forEach((c, i) => {
      if (c.problems.some((p) => p.code === 'ipv6'))
        ipv6.push([
          i,
          `rule "${c.rule.name}" (#${c.ref.position}) holds IPv6 addresses, which vseg's analysis ignores`,
        ]);
    });
    f = {fixed: {}, protocol: new Map(), ipv6};
    listFacts.set(rules, f);
  }
  return f;
}

function fixedSkips(
  f: ListFacts,
  rules: readonly CompiledRule[],
  direction: Direction,
): ReadonlyArray<SkippedRule | null> {
  let out = f.fixed[direction];
  if (!out) {
    out = rules.map((c) => {
      if (c.enabled && c.direction === direction && c.ctAdmitsNew) return null;
      // The same checks, in the same order, as mismatch().
      const m = mismatch(c, PROBE, direction)!;
      return Object.freeze(skip(c, m.field, m.detail));
    });
    f.fixed[direction] = out;
  }
  return out;
}

function protocolSkips(f: ListFacts, rules: readonly CompiledRule[], proto: number): ReadonlyArray<SkippedRule | null> {
  let out = f.protocol.get(proto);
  if (!out) {
    out = rules.map((c) =>
      c.protocols.has(proto) ? null : Object.freeze(skip(c, 'protocol', protocolDetail(c, proto))),
    );
    f.protocol.set(proto, out);
  }
  return out;
}

/** Stands in for the packet where only the packet-independent checks of mismatch() run. */
const PROBE: Packet = {proto: 0, src: 0, sport: null, dst: 0, dport: null};

function ipv6Notes(f: ListFacts, scannedUpTo: number): string[] {
  const out: string[] = [];
  for (const [i, note] of f.ipv6) {
    if (i > scannedUpTo) break;
    out.push(note);
  }
  return out;
}

interface HopRun {
  trace: HopTrace;
  after: Packet;
}

function traceFilterHop(
  r: {rs: CompiledRuleset; unknown: boolean},
  direction: Direction,
  p: Packet,
  defaults: FlowOptions['defaults'],
): HopRun {
  const rs = r.rs;
  const rules = rs.rules;
  const facts = factsOf(rules);
  const fixed = fixedSkips(facts, rules, direction);
  const wrongProtocol = protocolSkips(facts, rules, p.proto);
  const skipped: SkippedRule[] = [];
  let decider: CompiledRule | null = null;
  let last = rules.length - 1;
  let nat: NatNote | null = null;
  let natRule: CompiledRule | null = null;
  let cur = p;
  let text = strings(p);
  for (let i = 0; i < rules.length; i++) {
    const known = fixed[i] ?? wrongProtocol[i];
    if (known) {
      skipped.push(known);
      continue;
    }
    const c = rules[i];
    const m = mismatch(c, cur, direction, text);
    if (m) {
      skipped.push(skip(c, m.field, m.detail));
      continue;
    }
    if (c.kind === 'route') {
      skipped.push(
        skip(
          c,
          'route',
          direction === 'outgoing'
            ? 'route rule: decides the path, not the verdict'
            : 'incoming route rule: does not decide the verdict',
        ),
      );
      continue;
    }
    if (c.kind === 'translate') {
      if (natRule) {
        skipped.push(skip(c, 'translate', `matches, but rule #${natRule.ref.position} already translated this packet`));
        continue;
      }
      const t = applyNat(c, cur);
      natRule = c;
      nat = t.note;
      cur = t.packet;
      text = strings(cur);
      skipped.push(
        skip(
          c,
          'translate',
          `translated the ${t.note.field} ${t.note.from} → ${t.note.to}; later rules see the new address`,
        ),
      );
      continue;
    }
    decider = c;
    last = i;
    break;
  }
  const action: FilterAction = decider
    ? (decider.rule.action as FilterAction)
    : defaultAction(rs.network.type, direction, defaults ?? DEFAULT_POLICY);
  const notes = ipv6Notes(facts, last);
  const n = rs.network;
  if (!n.running) notes.push(`${n.name} is ${n.status || 'not running'}: its router forwards nothing until it starts`);
  if (!n.enabled) notes.push(`${n.name} is disabled`);
  if (r.unknown)
    notes.push(`the applied rules of ${n.name} are unknown (changes pending, no baseline): the pending rules stand in`);
  const filter = {action, rule: decider ? decider.ref : null, default: decider === null};
  return {
    after: cur,
    trace: {
      network: n.name,
      networkKey: n.key,
      direction,
      action,
      rule: filter.rule,
      default: filter.default,
      filter,
      skipped,
      matched: decider ? matchedFields(decider, cur) : [],
      nat,
      route: null,
      packet: packetText(p),
      origin: rs.origin,
      appliedUnknown: r.unknown,
      notes,
    },
  };
}

function traceRoute(idx: SiteIndex, rs: CompiledRuleset, p: Packet, to: Location): RouteTrace {
  for (const c of rs.routes) {
    if (mismatch(c, p, 'outgoing') === null) {
      return {
        via: 'rule',
        rule: c.ref,
        target: c.routeTarget,
        detail: `route rule "${c.rule.name}" (#${c.ref.position}) sends it to ${c.routeTarget || '(no target)'}`,
      };
    }
  }
  const dest = to === OUTSIDE ? null : idx.networksByKey.get(to);
  const from = rs.network;
  if (idx.dmzAddresses.has(p.dst)) {
    return {
      via: 'connected',
      rule: null,
      detail: `${formatIpv4(p.dst)} is a router's DMZ address, directly connected on the DMZ network`,
    };
  }
  if (dest && dest.type === 'internal') {
    return {
      via: 'none',
      rule: null,
      detail: `no outgoing route rule on ${from.name} covers ${formatIpv4(p.dst)} (${dest.name} is an internal network)`,
    };
  }
  if (from.defaultGateway !== null) {
    const gw = idx.networksByKey.get(from.defaultGateway)?.name ?? `network ${from.defaultGateway}`;
    return {via: 'gateway', rule: null, gateway: gw, detail: `through the default gateway (${gw})`};
  }
  if (from.type === 'external')
    return {
      via: 'gateway',
      rule: null,
      gateway: null,
      detail: `${from.name} is an external network: its uplink reaches outside`,
    };
  return {
    via: 'none',
    rule: null,
    detail: `${from.name} has no default gateway and no route rule covering ${formatIpv4(p.dst)}`,
  };
}

/** A router that is not running: the packet stops there, its rules are not consulted. */
function stoppedHop(
  r: {rs: CompiledRuleset; unknown: boolean},
  direction: Direction,
  p: Packet,
  why?: string,
): HopTrace {
  const n = r.rs.network;
  const state = n.status && n.status !== 'running' ? n.status : 'not running';
  return {
    network: n.name,
    networkKey: n.key,
    direction,
    action: 'no-route',
    rule: null,
    default: false,
    filter: {action: 'drop', rule: null, default: false},
    skipped: [],
    matched: [],
    nat: null,
    route: {
      via: 'stopped',
      rule: null,
      detail: `router stopped: ${n.name} is ${state}, so it forwards nothing until it starts${why ? ` (${why})` : ''}`,
    },
    packet: packetText(p),
    origin: r.rs.origin,
    appliedUnknown: r.unknown,
    notes: [`${n.name} is ${state}: power it on (with its staged rules applied) to carry this traffic`],
  };
}

/**
 * From outside to an internal address that an external network publishes
 * (an incoming destination translation to it): the address outside reaches,
 * the rule that publishes it, and the answer for that address.
 */
function publishedNote(cs: CompiledSite, packet: Packet, opts: FlowOptions): string | undefined {
  const idx = cs.index;
  for (const n of idx.site.networks) {
    if (n.type !== 'external') continue;
    for (const c of cs.ruleset(n.key, opts.ruleset).rs.incoming) {
      const nat = c.nat;
      if (c.kind !== 'translate' || !c.enabled || !nat || nat.field !== 'destination' || nat.ip !== packet.dst)
        continue;
      if (!c.protocols.has(packet.proto)) continue;
      const ports = hasPorts(packet.proto) && packet.dport !== null;
      const dports = c.box[4];
      let dport = packet.dport;
      if (ports && nat.port === null && !dports.has(packet.dport!)) continue;
      if (ports && nat.port !== null) {
        if (nat.port !== packet.dport) continue;
        dport = dports.has(nat.port) ? nat.port : dports.min;
      }
      const dst = c.box[3];
      if (dst.isEmpty) continue;
      const outside = {...packet, dst: dst.min, dport};
      const via = tracePacket(cs, outside, opts, true);
      const at = `${formatIpv4(dst.min)}${ports ? ` port ${dport}` : ''}`;
      return (
        `${formatIpv4(packet.dst)} is published on ${n.name} as ${at} by rule "${c.rule.name}" (#${c.ref.position}): ` +
        `from outside through it, ${via.verdict}`
      );
    }
  }
  return undefined;
}

/** Explains one packet under the chosen ruleset. */
export function tracePacket(
  site: Site | CompiledSite,
  packet: Packet,
  opts: FlowOptions,
  /** Set when tracing the published path itself (no note about it). */
  inner = false,
): PacketTrace {
  const cs = 'index' in site ? site : compileSite(site);
  const idx = cs.index;
  const from = locate(idx, packet.src);
  const to = locate(idx, packet.dst);
  const base = {
    from,
    to,
    fromName: networkName(idx, from),
    toName: networkName(idx, to),
    packet: packetText(packet),
    notes: [] as string[],
  };
  if (from === to) {
    return {...base, verdict: 'allow', kind: from === OUTSIDE ? 'no-router' : 'same-network', hops: [], unreached: []};
  }
  const link = layer2Between(layer2Links(cs), packet.src, from, packet.dst, to);
  if (link) return {...base, verdict: 'allow', kind: 'layer2', hops: [], unreached: [], notes: [layer2Note(link)]};
  if (from === OUTSIDE || to === OUTSIDE) {
    const far = from === OUTSIDE ? packet.src : packet.dst;
    const t = idx.stoppedTunnels.find((x) => x.network.key !== from && x.network.key !== to && x.set.has(far));
    if (t) {
      const hop = stoppedHop(
        cs.ruleset(t.network.key, opts.ruleset),
        from === OUTSIDE ? 'incoming' : 'outgoing',
        packet,
        `its tunnels carry ${formatIpv4(far)}`,
      );
      return {...base, verdict: 'deny', kind: 'routed', hops: [hop], unreached: []};
    }
  }
  const hops: HopTrace[] = [];
  const unreached: HopTrace[] = [];
  let cur = packet;
  let stopped = false;
  if (from !== OUTSIDE) {
    const a = cs.ruleset(from, opts.ruleset);
    if (!a.rs.network.running) {
      hops.push(stoppedHop(a, 'outgoing', cur));
      stopped = true;
    } else {
      const run = traceFilterHop(a, 'outgoing', cur, opts.defaults);
      hops.push(run.trace);
      cur = run.after;
      if (run.trace.action !== 'accept') stopped = true;
      else {
        const route = traceRoute(idx, a.rs, cur, to);
        run.trace.route = route;
        if (route.via === 'none') {
          run.trace.action = 'no-route';
          run.trace.rule = null;
          run.trace.default = false;
          stopped = true;
        }
      }
    }
  }
  if (to !== OUTSIDE) {
    const b = cs.ruleset(to, opts.ruleset);
    if (stopped)
      unreached.push(
        b.rs.network.running ? traceFilterHop(b, 'incoming', cur, opts.defaults).trace : stoppedHop(b, 'incoming', cur),
      );
    else if (!b.rs.network.running) {
      hops.push(stoppedHop(b, 'incoming', cur));
      stopped = true;
    } else {
      const run = traceFilterHop(b, 'incoming', cur, opts.defaults);
      hops.push(run.trace);
      if (run.trace.action !== 'accept') stopped = true;
      const nat = run.trace.nat;
      if (nat && nat.field === 'destination') {
        const lands = locate(idx, run.after.dst);
        const decidedByRule = !run.trace.filter.default;
        if (lands !== to && lands !== OUTSIDE && (!decidedByRule || run.trace.action === 'accept')) {
          // A published port: forwarded to the translated address, whose router judges it next.
          if (!decidedByRule) Object.assign(run.trace, {action: 'accept', rule: nat.rule, default: false});
          const c = cs.ruleset(lands, opts.ruleset);
          const next = c.rs.network.running
            ? traceFilterHop(c, 'incoming', run.after, opts.defaults).trace
            : stoppedHop(c, 'incoming', run.after);
          hops.push(next);
          stopped = next.action !== 'accept';
          base.notes.push(
            `rule "${nat.rule.name}" on ${run.trace.network} sends it on to ${formatIpv4(run.after.dst)} (${networkName(idx, lands)}), ` +
              'whose router judges it next',
          );
        } else if (lands !== to) {
          base.notes.push(
            `rule "${nat.rule.name}" sends it on to ${formatIpv4(run.after.dst)} ` +
              `(${networkName(idx, lands)}); vseg does not follow the translated packet further`,
          );
        }
      }
    }
  }
  if (from === OUTSIDE && to !== OUTSIDE && !inner) {
    const note = publishedNote(cs, packet, opts);
    if (note) base.notes.push(note);
  }
  return {...base, verdict: stopped ? 'deny' : 'allow', kind: 'routed', hops, unreached};
}
