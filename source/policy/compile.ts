// Compiles each network's ruleset once into exact boxes, split by direction,
// so a what-if or a 40,000-cell matrix only walks short lists of precomputed
// sets. Compiled data is cached per Site object: treat a Site as immutable
// and pass a new one after a change (the loader does).
import type {Key, Network, Rule, Site} from '../domain/model.js';
import {orderedRules} from '../domain/model.js';
import {IntervalSet, formatIpv4} from '../domain/ip.js';
import {compileAddressField, compilePortField, forgetFields, type Field} from './match.js';
import {PORT_PROTOCOLS, ruleProtocolSet} from './protocols.js';
import {buildSiteIndex, type SiteIndex} from './site-index.js';
import type {Box} from './box.js';
import {
  D_DPORT,
  D_DST,
  D_SPORT,
  D_SRC,
  type AppliedSource,
  type Direction,
  type Problem,
  type RuleRef,
  type RulesetChoice,
} from './types.js';
import {buildRuleIndex, type RuleIndex} from './rule-index.js';
import {runSteps, type Steps} from './steps.js';

export type RuleKind = 'filter' | 'translate' | 'route';

/** What a translate rule writes: incoming rewrites the destination (port forward), outgoing the source (SNAT). */
export interface NatSpec {
  field: 'source' | 'destination';
  ip: number | null;
  port: number | null;
  /** The dimensions to overwrite, for box.rewrite(). */
  changes: ReadonlyArray<readonly [number, number | null]>;
  describe: string;
}

export interface CompiledRule {
  rule: Rule;
  ref: RuleRef;
  kind: RuleKind;
  /** The rule's own direction and enabled flag. */
  readonly direction: Direction;
  readonly enabled: boolean;
  /** Enabled, and its ct_state admits the initiating packet of a connection. */
  readonly live: boolean;
  /** Never matches anything (an empty dimension). */
  readonly never: boolean;
  /** The protocol numbers it matches (= box[0]). */
  readonly protocols: IntervalSet;
  source: Field;
  destination: Field;
  sourcePorts: Field;
  destinationPorts: Field;
  /** True when `interface` is wireguard: sources restricted to WireGuard peers. */
  readonly wireguardOnly: boolean;
  readonly ctAdmitsNew: boolean;
  box: Box;
  nat: NatSpec | null;
  routeTarget: string;
  problems: Problem[];
}

const F_WIREGUARD = 1;
const F_CT_NEW = 2;
const F_NEVER = 4;

/**
 * A compiled rule holds only what cannot be read off the rule or its box (a
 * provider's 50,000 rules are compiled at once, and all of them are kept while
 * a command runs): the derived flags are getters over the rule and one bit field.
 */
class Compiled implements CompiledRule {
  constructor(
    readonly rule: Rule,
    readonly ref: RuleRef,
    readonly kind: RuleKind,
    readonly source: Field,
    readonly destination: Field,
    readonly sourcePorts: Field,
    readonly destinationPorts: Field,
    readonly box: Box,
    readonly nat: NatSpec | null,
    readonly routeTarget: string,
    readonly problems: Problem[],
    private readonly flags: number,
  ) {}

  get direction(): Direction {
    return this.rule.direction;
  }
  get enabled(): boolean {
    return this.rule.enabled;
  }
  get live(): boolean {
    return this.rule.enabled && (this.flags & F_CT_NEW) !== 0;
  }
  get never(): boolean {
    return (this.flags & F_NEVER) !== 0;
  }
  get protocols(): IntervalSet {
    return this.box[0];
  }
  get wireguardOnly(): boolean {
    return (this.flags & F_WIREGUARD) !== 0;
  }
  get ctAdmitsNew(): boolean {
    return (this.flags & F_CT_NEW) !== 0;
  }
}

/** Shared by every rule without a problem (most of them). */
const NO_PROBLEMS: Problem[] = [];

export interface CompiledRuleset {
  network: Network;
  origin: 'pending' | 'current' | 'baseline';
  /** Every rule in evaluation/display order (disabled ones included). */
  rules: CompiledRule[];
  /** Live filter and translate rules per direction, in order. */
  incoming: CompiledRule[];
  outgoing: CompiledRule[];
  /** Live outgoing route rules, in order. */
  routes: CompiledRule[];
  /** Interval indexes of the three lists, built on first use (null: scan). */
  index: {incoming?: RuleIndex | null; outgoing?: RuleIndex | null; routes?: RuleIndex | null};
}

/** The interval index of one list of a ruleset (built once, on first use). */
export function listIndex(rs: CompiledRuleset, list: 'incoming' | 'outgoing' | 'routes'): RuleIndex | null {
  let ix = rs.index[list];
  if (ix === undefined) {
    ix = buildRuleIndex(rs[list]);
    rs.index[list] = ix;
  }
  return ix;
}

function parseCtState(raw: string): {admitsNew: boolean; states: string[]} {
  const states = raw
    .toLowerCase()
    .split(/[\s,|]+/)
    .filter((s) => s !== '');
  return {admitsNew: states.length === 0 || states.includes('new'), states};
}

export function compileRule(idx: SiteIndex, network: Network, rule: Rule, position: number): CompiledRule {
  const problems: Problem[] = [];
  const kind: RuleKind = rule.action === 'translate' ? 'translate' : rule.action === 'route' ? 'route' : 'filter';
  const source = compileAddressField(idx, network, rule.sourceIp, 'source');
  const destination = compileAddressField(idx, network, rule.destinationIp, 'destination');
  const sourcePorts = compilePortField(idx, rule.sourcePorts, 'source ports');
  const destinationPorts = compilePortField(idx, rule.destinationPorts, 'destination ports');
  for (const f of [source, destination, sourcePorts, destinationPorts]) for (const p of f.problems) problems.push(p);

  let protocols = ruleProtocolSet(rule.protocol);
  if (protocols === null) {
    problems.push({
      code: 'unknown-protocol',
      severity: 'error',
      message: `protocol "${rule.protocol}" is not one vseg knows, so the rule never matches`,
    });
    protocols = IntervalSet.EMPTY;
  }
  // Ports exist only in tcp/udp headers: a port condition narrows the rule to them.
  if (!sourcePorts.any || !destinationPorts.any) {
    const narrowed = protocols.intersect(PORT_PROTOCOLS);
    if (narrowed.isEmpty && !protocols.isEmpty) {
      problems.push({
        code: 'ports-without-protocol',
        severity: 'error',
        message: `ports on a ${rule.protocol} rule: ${rule.protocol} has no ports, so the rule never matches`,
      });
    } else if (!narrowed.equals(protocols)) {
      problems.push({
        code: 'ports-on-any',
        severity: 'warning',
        message: `ports on a "${rule.protocol || 'any'}" rule limit it to tcp and udp`,
      });
    }
    protocols = narrowed;
  }

  const ct = parseCtState(rule.ctState);
  if (!ct.admitsNew) {
    problems.push({
      code: 'ct-state',
      severity: 'info',
      message: `ct_state "${rule.ctState}" only sees packets of existing connections; vseg judges the initiating packet, so this rule never decides a what-if`,
    });
  }

  let src = source.set;
  const iface = rule.interface.trim().toLowerCase();
  const wireguardOnly = iface === 'wireguard';
  if (wireguardOnly) {
    const wg = idx.wireguardSources.get(network.key) ?? IntervalSet.EMPTY;
    if (wg.isEmpty)
      problems.push({
        code: 'no-wireguard',
        severity: 'warning',
        message: `interface "wireguard" but ${network.name} has no enabled WireGuard interface, so the rule never matches`,
      });
    src = src.intersect(wg);
  }

  let nat: NatSpec | null = null;
  let routeTarget = '';
  if (kind === 'translate') {
    const field = rule.direction === 'incoming' ? 'destination' : 'source';
    const target = compileAddressField(idx, network, rule.targetIp, 'target');
    const tports = compilePortField(idx, rule.targetPorts, 'target ports');
    problems.push(...target.problems, ...tports.problems);
    const ip = target.any || target.set.isEmpty ? null : target.set.min;
    const port = tports.any || tports.set.isEmpty ? null : tports.set.min;
    if (!target.any && target.set.size() > 1)
      problems.push({
        code: 'nat-pool',
        severity: 'info',
        message: `target "${rule.targetIp}" holds several addresses; vseg follows the first (${formatIpv4(target.set.min)})`,
      });
    if (!tports.any && tports.set.size() > 1)
      problems.push({
        code: 'nat-pool',
        severity: 'info',
        message: `target ports "${rule.targetPorts}" hold several ports; vseg follows the first (${tports.set.min})`,
      });
    if (rule.targetIp.trim() === '' && rule.targetPorts.trim() === '') {
      problems.push({
        code: 'translate-without-target',
        severity: 'error',
        message: 'translate rule without a target address or port: it rewrites nothing',
      });
    }
    const changes: Array<readonly [number, number | null]> =
      field === 'destination'
        ? [
            [D_DST, ip],
            [D_DPORT, port],
          ]
        : [
            [D_SRC, ip],
            [D_SPORT, port],
          ];
    const parts = [ip !== null ? formatIpv4(ip) : null, port !== null ? `port ${port}` : null].filter(Boolean);
    nat = {field, ip, port, changes, describe: `${field} → ${parts.join(' ') || '(unchanged)'}`};
  } else if (kind === 'route') {
    routeTarget = rule.targetIp.trim();
    if (routeTarget === '')
      problems.push({
        code: 'route-without-target',
        severity: 'warning',
        message: 'route rule without a target (next hop)',
      });
  }

  const box: Box = [protocols, src, sourcePorts.set, destination.set, destinationPorts.set];
  const never = box.some((s) => s.isEmpty);
  const flags = (wireguardOnly ? F_WIREGUARD : 0) | (ct.admitsNew ? F_CT_NEW : 0) | (never ? F_NEVER : 0);
  return new Compiled(
    rule,
    {key: rule.key, name: rule.name, position},
    kind,
    source,
    destination,
    sourcePorts,
    destinationPorts,
    box,
    nat,
    routeTarget,
    problems.length === 0 ? NO_PROBLEMS : problems,
    flags,
  );
}

/** Rules compiled between two yields of compileRulesetSteps (a few milliseconds). */
const COMPILE_CHUNK = 400;

export function compileRuleset(
  idx: SiteIndex,
  network: Network,
  rules: readonly Rule[],
  origin: CompiledRuleset['origin'],
): CompiledRuleset {
  return runSteps(compileRulesetSteps(idx, network, rules, origin));
}

/** compileRuleset in steps (see steps.ts): long rulesets yield every few hundred rules. */
export function* compileRulesetSteps(
  idx: SiteIndex,
  network: Network,
  rules: readonly Rule[],
  origin: CompiledRuleset['origin'],
): Steps<CompiledRuleset> {
  const ordered = orderedRules(rules);
  const compiled: CompiledRule[] = [];
  for (let i = 0; i < ordered.length; i++) {
    if (i > 0 && i % COMPILE_CHUNK === 0) yield;
    compiled.push(compileRule(idx, network, ordered[i], i + 1));
  }
  const incoming: CompiledRule[] = [];
  const outgoing: CompiledRule[] = [];
  const routes: CompiledRule[] = [];
  for (const c of compiled) {
    if (!c.live || c.never) continue;
    if (c.kind === 'route') {
      if (c.direction === 'outgoing') routes.push(c);
    } else if (c.direction === 'incoming') incoming.push(c);
    else outgoing.push(c);
  }
  return {network, origin, rules: compiled, incoming, outgoing, routes, index: {}};
}

// ---------------------------------------------------------------------------
// Per-site cache

export interface CompiledSite {
  site: Site;
  index: SiteIndex;
  /** The staged ruleset (what the API shows). */
  pending(net: Key): CompiledRuleset;
  /** The live ruleset, or null when unknown. */
  applied(net: Key): CompiledRuleset | null;
  appliedSource(net: Key): AppliedSource;
  /** The chosen ruleset; `unknown` says the pending one stood in for an unknown applied one. */
  ruleset(net: Key, choice: RulesetChoice): {rs: CompiledRuleset; unknown: boolean};
  /** Compiles what ruleset(net, choice) needs in steps, so that call then costs nothing. */
  prepare(net: Key, choice: RulesetChoice): Steps<void>;
  /**
   * Forgets the network's compiled rulesets (a later call compiles them
   * again, as new objects): for a one-pass analysis that is done with them.
   */
  release(net: Key): void;
}

const RULE_FIELDS: ReadonlyArray<keyof Rule> = [
  'key',
  'orderid',
  'pin',
  'enabled',
  'action',
  'protocol',
  'direction',
  'interface',
  'ctState',
  'sourceIp',
  'sourcePorts',
  'destinationIp',
  'destinationPorts',
  'targetIp',
  'targetPorts',
  'name',
];

/** Same rules for evaluation purposes (order, matching fields, names). */
export function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  if (a.length !== b.length) return false;
  const x = orderedRules(a);
  const y = orderedRules(b);
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    for (const f of RULE_FIELDS) if (x[i][f] !== y[i][f]) return false;
  }
  return true;
}

interface CacheEntry {
  stamp: unknown[];
  cs: CompiledSite;
}

const cache = new WeakMap<Site, CacheEntry>();

function stampOf(site: Site): unknown[] {
  return [
    site.networks,
    site.networks.length,
    site.rules,
    site.rules.length,
    site.aliases,
    site.aliases.length,
    site.addresses,
    site.addresses.length,
    site.vms,
    site.vms.length,
    site.wireguards,
    site.applied,
  ];
}

function createCompiledSite(site: Site): CompiledSite {
  const index = buildSiteIndex(site);
  const staged = new Map<Key, Rule[]>();
  for (const r of site.rules) {
    const list = staged.get(r.vnet);
    if (list) list.push(r);
    else staged.set(r.vnet, [r]);
  }
  const pendingCache = new Map<Key, CompiledRuleset>();
  const appliedCache = new Map<Key, {entry: unknown; rs: CompiledRuleset | null}>();

  const networkOf = (net: Key): Network => {
    const n = index.networksByKey.get(net);
    if (!n) throw new Error(`network ${net} is not in the site`);
    return n;
  };

  const pending = (net: Key): CompiledRuleset => {
    let rs = pendingCache.get(net);
    if (!rs) {
      rs = compileRuleset(index, networkOf(net), staged.get(net) ?? [], 'pending');
      pendingCache.set(net, rs);
    }
    return rs;
  };

  function* preparePending(net: Key): Steps<void> {
    if (pendingCache.has(net)) return;
    const rs = yield* compileRulesetSteps(index, networkOf(net), staged.get(net) ?? [], 'pending');
    // Someone may have needed it synchronously meanwhile: keep theirs (identity matters to callers).
    if (!pendingCache.has(net)) pendingCache.set(net, rs);
  }

  const appliedSource = (net: Key): AppliedSource => {
    const entry = site.applied.get(net);
    if (entry) return entry.source;
    // Not recorded: with nothing pending the staged rules are the live ones.
    return networkOf(net).needFwApply ? 'unknown' : 'current';
  };

  /** The live rules when they differ from the staged ones and must be compiled on their own. */
  const ownApplied = (net: Key) => {
    const entry = site.applied.get(net);
    if (!entry || entry.source === 'unknown' || sameRules(entry.rules, staged.get(net) ?? [])) return null;
    return entry;
  };

  const applied = (net: Key): CompiledRuleset | null => {
    const entry = site.applied.get(net);
    const hit = appliedCache.get(net);
    if (hit && hit.entry === entry) return hit.rs;
    let rs: CompiledRuleset | null;
    const own = ownApplied(net);
    if (own) {
      rs = compileRuleset(index, networkOf(net), own.rules, own.source);
    } else if (!entry) {
      rs = networkOf(net).needFwApply ? null : {...pending(net), origin: 'current'};
    } else if (entry.source === 'unknown') {
      rs = null;
    } else {
      rs = {...pending(net), origin: entry.source};
    }
    appliedCache.set(net, {entry, rs});
    return rs;
  };

  function* prepare(net: Key, choice: RulesetChoice): Steps<void> {
    yield* preparePending(net);
    if (choice !== 'applied') return;
    const entry = site.applied.get(net);
    if (appliedCache.get(net)?.entry === entry) return;
    const own = ownApplied(net);
    if (!own) return;
    const rs = yield* compileRulesetSteps(index, networkOf(net), own.rules, own.source);
    if (appliedCache.get(net)?.entry !== entry) appliedCache.set(net, {entry, rs});
  }

  return {
    site,
    index,
    pending,
    applied,
    appliedSource,
    prepare,
    release(net) {
      pendingCache.delete(net);
      appliedCache.delete(net);
      // The shared fields too: a one-pass analysis would otherwise keep every distinct one.
      forgetFields(index);
    },
    ruleset(net, choice) {
      if (choice === 'pending') return {rs: pending(net), unknown: false};
      const a = applied(net);
      return a ? {rs: a, unknown: false} : {rs: pending(net), unknown: true};
    },
  };
}

/** The compiled form of a site, built on first use and cached per Site object. */
export function compileSite(site: Site): CompiledSite {
  const stamp = stampOf(site);
  const hit = cache.get(site);
  if (hit && hit.stamp.length === stamp.length && hit.stamp.every((v, i) => v === stamp[i])) return hit.cs;
  const cs = createCompiledSite(site);
  cache.set(site, {stamp, cs});
  return cs;
}
