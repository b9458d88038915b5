// Checks segmentation contracts exactly: every statement is a question about
// whole sets (zone × zone × a region of protocols and ports) answered by the
// evaluator's first-match over boxes, so "never" means no packet at all passes,
// not that a sample did not. Violations carry a witness packet and the rules
// that decided it; hygiene properties look at the rules that decide the
// statement's flows.
import type {Key, Rule, Site} from '../../domain/model.js';
import {IntervalSet} from '../../domain/ip.js';
import {ALL_PORTS} from '../../domain/ports.js';
import {durationDays, type ContractsSpec, type StatementSpec, type ZoneSpec} from '../../domain/sitefile/contracts.js';
import {compileSite, type CompiledSite} from '../compile.js';
import type {PolicyDefaults} from '../defaults.js';
import {resolveEndpoint} from '../endpoints.js';
import {evaluateParts, type FlowResult, type Outcome, type OutcomeHop} from '../evaluate.js';
import {
  ALL_PROTOCOLS,
  PROTO_MAX,
  formatService,
  hasPorts,
  packetText,
  parseService,
  serviceProtocols,
  servicePorts,
  type Service,
} from '../protocols.js';
import {splitByLocation} from '../site-index.js';
import {tracePacket} from '../trace.js';
import type {HopAction, PacketText, RuleRef, RulesetChoice} from '../types.js';
import {traceReason} from '../why.js';

export type ContractStatus = 'pass' | 'fail' | 'unknown';
export type ContractProperty = 'flow' | 'logged' | 'described' | 'maxAge' | 'notUnusedFor';

export interface DecidingHop {
  network: string;
  direction: 'incoming' | 'outgoing';
  action: HopAction;
  rule: RuleRef | null;
  default: boolean;
}

/** One concrete packet that shows a violation, with the hops that decided it. */
export interface Witness {
  verdict: 'allow' | 'deny';
  from: string;
  to: string;
  /** The example packet's service, `tcp/5432`, `icmp`. */
  service: string;
  example: PacketText;
  hops: DecidingHop[];
  reason: string;
}

export interface RuleOnNetwork extends RuleRef {
  network: string;
  networkKey: Key;
}

export interface Violation {
  property: ContractProperty;
  message: string;
  witness?: Witness;
  /** The rules the violation is about (deciding rules, or the ones lacking a property). */
  rules: RuleOnNetwork[];
}

export interface StatementResult {
  name: string;
  kind: StatementSpec['kind'];
  from: string[];
  to: string[];
  services: string[];
  spec: StatementSpec;
  status: ContractStatus;
  violations: Violation[];
  /** Why a statement could not be decided (unknown), and limits worth knowing. */
  notes: string[];
  /** Rules that decide the statement's flows (see README: which rules decide). */
  deciding: RuleOnNetwork[];
}

export interface ContractReport {
  ruleset: RulesetChoice;
  statements: StatementResult[];
  summary: Record<ContractStatus, number>;
  /** Networks whose live rules are unknown; their staged rules stood in. */
  unknownApplied: string[];
}

/** Hit evidence for `notUnusedFor`: the sampled window and the last time each rule's counter grew. */
export interface HitEvidence {
  /** Milliseconds since the epoch of the oldest sample. */
  since: number;
  /** Last time the rule's counter was seen growing; null = not within the window; undefined = rule never sampled. */
  lastHit(ruleKey: Key): number | null | undefined;
}

export interface ContractCheckOptions {
  /** Default `pending`: the staged rules, which Apply Rules makes live. */
  ruleset?: RulesetChoice;
  defaults?: PolicyDefaults;
  /** Milliseconds since the epoch (injectable for tests). */
  now?: number;
  /** The day a rule was last reviewed (`YYYY-MM-DD`), from its lifecycle tags. */
  reviewed?: (rule: Rule) => string | undefined;
  hits?: HitEvidence;
}

interface ZoneSet {
  label: string;
  set: IntervalSet;
  notes: string[];
}

const DAY = 86_400_000;

/** Resolves a zone (or an endpoint written in place of one) to its addresses. */
function resolveZone(
  cs: CompiledSite,
  zones: Record<string, ZoneSpec>,
  ref: string,
): {ok: true; zone: ZoneSet} | {ok: false; error: string} {
  const spec: ZoneSpec = zones[ref] ?? {members: [ref], except: []};
  let set = IntervalSet.EMPTY;
  const notes: string[] = [];
  for (const m of spec.members) {
    const r = resolveEndpoint(cs, m);
    if (!r.ok) return {ok: false, error: `zone ${ref}: ${m}: ${r.error}`};
    set = set.union(r.value.set);
    notes.push(...r.value.notes);
  }
  for (const m of spec.except) {
    const r = resolveEndpoint(cs, m);
    if (!r.ok) return {ok: false, error: `zone ${ref}: except ${m}: ${r.error}`};
    set = set.subtract(r.value.set);
  }
  if (set.isEmpty) return {ok: false, error: `zone ${ref} holds no IPv4 address`};
  return {ok: true, zone: {label: ref, set, notes}};
}

/** A region of protocols × destination ports, as disjoint boxes the evaluator takes one at a time. */
export interface ServiceBox {
  protocols: IntervalSet;
  ports: IntervalSet;
}

function regionOf(services: readonly Service[]): Map<number, IntervalSet> {
  const out = new Map<number, IntervalSet>();
  for (const s of services) {
    const ports = hasPortsService(s) ? servicePorts(s) : ALL_PORTS;
    for (const [lo, hi] of serviceProtocols(s).intervals())
      for (let p = lo; p <= hi; p++) out.set(p, (out.get(p) ?? IntervalSet.EMPTY).union(ports));
  }
  return out;
}

function hasPortsService(s: Service): boolean {
  return s.ports !== undefined;
}

/** Everything outside the services, grouped into boxes (protocols sharing the same port remainder). */
export function complementBoxes(services: readonly Service[]): ServiceBox[] {
  const allowed = regionOf(services);
  const groups = new Map<string, {protocols: Array<[number, number]>; ports: IntervalSet}>();
  for (let p = 0; p <= PROTO_MAX; p++) {
    const a = allowed.get(p);
    // Ports mean something only for tcp and udp: any service naming another protocol takes all of it.
    const rest = a === undefined ? ALL_PORTS : hasPorts(p) ? ALL_PORTS.subtract(a) : IntervalSet.EMPTY;
    if (rest.isEmpty) continue;
    const k = rest.toString();
    const g = groups.get(k) ?? {protocols: [], ports: rest};
    g.protocols.push([p, p]);
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => ({protocols: IntervalSet.from(g.protocols), ports: g.ports}));
}

function serviceBox(s: Service): ServiceBox {
  return {protocols: serviceProtocols(s), ports: s.ports ? servicePorts(s) : ALL_PORTS};
}

function exampleService(p: PacketText): string {
  return p.destinationPort !== undefined ? `${p.protocol}/${p.destinationPort}` : p.protocol;
}

function hopOf(h: OutcomeHop): DecidingHop {
  return {
    network: h.name,
    direction: h.direction,
    action: h.action,
    rule: h.rule ? h.rule.ref : null,
    default: h.default,
  };
}

interface PairFlow {
  from: ZoneSet;
  to: ZoneSet;
  flow: FlowResult;
}

function ruleOn(h: OutcomeHop): RuleOnNetwork | null {
  return h.rule ? {...h.rule.ref, network: h.name, networkKey: h.network} : null;
}

function pushUnique(list: RuleOnNetwork[], r: RuleOnNetwork | null): void {
  if (r && !list.some((x) => x.key === r.key)) list.push(r);
}

/** Checks every statement; zones that cannot be resolved make that statement `unknown`. */
export function checkContracts(
  site: Site | CompiledSite,
  contracts: ContractsSpec,
  options: ContractCheckOptions = {},
): ContractReport {
  const cs = 'index' in site ? site : compileSite(site);
  const ruleset = options.ruleset ?? 'pending';
  const now = options.now ?? Date.now();
  const unknownApplied = new Set<string>();
  const rulesByKey = new Map(cs.site.rules.map((r) => [r.key, r]));
  const zoneCache = new Map<string, ReturnType<typeof resolveZone>>();
  const zone = (ref: string) => {
    let z = zoneCache.get(ref);
    if (!z) zoneCache.set(ref, (z = resolveZone(cs, contracts.zones, ref)));
    return z;
  };

  const evaluate = (from: ZoneSet, to: ZoneSet, box: ServiceBox): FlowResult => {
    const flow = evaluateParts(
      cs,
      splitByLocation(cs.index, from.set),
      splitByLocation(cs.index, to.set),
      {protocols: box.protocols, destinationPorts: box.ports},
      {ruleset, defaults: options.defaults},
    );
    for (const k of flow.appliedUnknown) unknownApplied.add(cs.index.networksByKey.get(k)?.name ?? `network ${k}`);
    return flow;
  };

  const witness = (pair: PairFlow, o: Outcome): Witness => {
    const trace = tracePacket(cs, o.example, {ruleset, defaults: options.defaults});
    const example = packetText(o.example);
    return {
      verdict: o.verdict,
      from: pair.from.label,
      to: pair.to.label,
      service: exampleService(example),
      example,
      hops: o.hops.map(hopOf),
      reason: traceReason(trace),
    };
  };

  const statements = contracts.statements.map((spec): StatementResult => {
    const result: StatementResult = {
      name: spec.name,
      kind: spec.kind,
      from: spec.from,
      to: spec.to,
      services: spec.services,
      spec,
      status: 'pass',
      violations: [],
      notes: [],
      deciding: [],
    };
    const services: Service[] = [];
    for (const text of spec.services) {
      const s = parseService(text);
      if (!s.ok) result.notes.push(`service ${text}: ${s.error}`);
      else services.push(s.value);
    }
    const froms = spec.from.map(zone);
    const tos = spec.to.map(zone);
    const broken = [...froms, ...tos].filter((z) => !z.ok).map((z) => (z.ok ? '' : z.error));
    if (broken.length > 0 || services.length < spec.services.length) {
      result.status = 'unknown';
      result.notes.unshift(...new Set(broken));
      return result;
    }
    const pairs: Array<{from: ZoneSet; to: ZoneSet}> = [];
    for (const f of froms) for (const t of tos) if (f.ok && t.ok) pairs.push({from: f.zone, to: t.zone});
    for (const p of pairs) result.notes.push(...p.from.notes.filter((n) => !result.notes.includes(n)));

    // The flows the statement is about, and the outcomes that break it.
    const decidingOutcomes: Array<{pair: PairFlow; o: Outcome}> = [];
    for (const pair of pairs) {
      if (spec.kind === 'never') {
        const flow = evaluate(pair.from, pair.to, {protocols: ALL_PROTOCOLS, ports: ALL_PORTS});
        const pf = {...pair, flow};
        const bad = flow.outcomes.find((o) => o.verdict === 'allow');
        if (bad)
          result.violations.push({
            property: 'flow',
            message: `${pair.from.label} reaches ${pair.to.label}: ${flowText(bad)}`,
            witness: witness(pf, bad),
            rules: bad.hops.map(ruleOn).filter((r): r is RuleOnNetwork => r !== null),
          });
        for (const o of flow.outcomes) if (o.verdict === 'deny') decidingOutcomes.push({pair: pf, o});
      } else if (spec.kind === 'allowOnly') {
        for (const box of complementBoxes(services)) {
          const flow = evaluate(pair.from, pair.to, box);
          const bad = flow.outcomes.find((o) => o.verdict === 'allow');
          if (bad) {
            result.violations.push({
              property: 'flow',
              message: `${pair.from.label} reaches ${pair.to.label} outside ${spec.services.join(', ')}: ${flowText(bad)}`,
              witness: witness({...pair, flow}, bad),
              rules: bad.hops.map(ruleOn).filter((r): r is RuleOnNetwork => r !== null),
            });
            break;
          }
        }
        if (needsDeciding(spec))
          for (const s of services) {
            const flow = evaluate(pair.from, pair.to, serviceBox(s));
            for (const o of flow.outcomes) if (o.verdict === 'allow') decidingOutcomes.push({pair: {...pair, flow}, o});
          }
      } else {
        for (const s of services) {
          const flow = evaluate(pair.from, pair.to, serviceBox(s));
          const pf = {...pair, flow};
          const bad = flow.outcomes.find((o) => o.verdict === 'deny');
          if (bad)
            result.violations.push({
              property: 'flow',
              message: `${pair.from.label} cannot reach ${pair.to.label} on ${formatService(s)}: ${flowText(bad)}`,
              witness: witness(pf, bad),
              rules: bad.hops.map(ruleOn).filter((r): r is RuleOnNetwork => r !== null),
            });
          for (const o of flow.outcomes) if (o.verdict === 'allow') decidingOutcomes.push({pair: pf, o});
        }
      }
    }

    // The rules that decide: for never, the hop that stopped the packet; otherwise every accepting rule.
    for (const {o} of decidingOutcomes) {
      if (o.verdict === 'deny') pushUnique(result.deciding, ruleOn(o.hops[o.hops.length - 1]));
      else for (const h of o.hops) pushUnique(result.deciding, ruleOn(h));
    }

    if (spec.logged) checkLogged(result, decidingOutcomes, rulesByKey, witness);
    hygiene(result, spec, rulesByKey, now, options);

    if (result.violations.length > 0) result.status = 'fail';
    return result;
  });

  const summary: Record<ContractStatus, number> = {pass: 0, fail: 0, unknown: 0};
  for (const s of statements) summary[s.status]++;
  return {ruleset, statements, summary, unknownApplied: [...unknownApplied].sort()};
}

function needsDeciding(spec: StatementSpec): boolean {
  return spec.logged || spec.described || spec.maxAge !== '' || spec.notUnusedFor !== '';
}

function flowText(o: Outcome): string {
  const p = packetText(o.example);
  const port = p.destinationPort !== undefined ? `/${p.destinationPort}` : '';
  return `e.g. ${p.protocol}${port} ${p.source} → ${p.destination} is ${o.verdict === 'allow' ? 'allowed' : 'denied'}`;
}

function checkLogged(
  result: StatementResult,
  outcomes: ReadonlyArray<{pair: PairFlow; o: Outcome}>,
  rules: ReadonlyMap<Key, Rule>,
  witness: (pair: PairFlow, o: Outcome) => Witness,
): void {
  for (const {pair, o} of outcomes) {
    if (o.verdict === 'deny') {
      const h = o.hops[o.hops.length - 1];
      const rule = h?.rule ? rules.get(h.rule.ref.key) : undefined;
      if (rule?.log) continue;
      result.violations.push({
        property: 'logged',
        message: !h
          ? 'denied without a router on the path: nothing can log it'
          : h.action === 'no-route'
            ? `${h.name} has no route for it: no rule decides it, so nothing logs it`
            : rule
              ? `rule "${rule.name}" on ${h.name} decides but does not log`
              : `${h.name}'s default ${h.direction} policy decides (a default cannot log): add a logging rule`,
        witness: witness(pair, o),
        rules: h?.rule ? [{...h.rule.ref, network: h.name, networkKey: h.network}] : [],
      });
      return;
    }
    if (o.hops.some((h) => h.rule && rules.get(h.rule.ref.key)?.log)) continue;
    result.violations.push({
      property: 'logged',
      message:
        o.hops.length === 0
          ? 'allowed without crossing a router: nothing can log it'
          : `allowed, but no rule on its path logs it (${o.hops.map((h) => (h.rule ? `"${h.rule.ref.name}" on ${h.name}` : `${h.name} default`)).join(', ')})`,
      witness: witness(pair, o),
      rules: o.hops.map(ruleOn).filter((r): r is RuleOnNetwork => r !== null),
    });
    return;
  }
}

function hygiene(
  result: StatementResult,
  spec: StatementSpec,
  rules: ReadonlyMap<Key, Rule>,
  now: number,
  options: ContractCheckOptions,
): void {
  const deciding = result.deciding.map((r) => ({ref: r, rule: rules.get(r.key)})).filter((x) => x.rule);
  if (spec.described) {
    const bare = deciding.filter((x) => x.rule!.description.trim() === '').map((x) => x.ref);
    if (bare.length > 0)
      result.violations.push({
        property: 'described',
        message: `${bare.length} deciding rule${bare.length === 1 ? ' has' : 's have'} no description: ${names(bare)}`,
        rules: bare,
      });
  }
  if (spec.maxAge) {
    const days = durationDays(spec.maxAge)!;
    const old: RuleOnNetwork[] = [];
    const undated: RuleOnNetwork[] = [];
    for (const x of deciding) {
      const reviewed = options.reviewed?.(x.rule!);
      const at = reviewed
        ? Date.parse(`${reviewed}T00:00:00Z`)
        : x.rule!.modified !== null
          ? x.rule!.modified * 1000
          : NaN;
      if (Number.isNaN(at)) undated.push(x.ref);
      else if (now - at > days * DAY) old.push(x.ref);
    }
    if (old.length > 0)
      result.violations.push({
        property: 'maxAge',
        message: `${old.length} deciding rule${old.length === 1 ? ' was' : 's were'} last reviewed or changed more than ${spec.maxAge} ago: ${names(old)}`,
        rules: old,
      });
    if (undated.length > 0)
      result.violations.push({
        property: 'maxAge',
        message: `no review or change date for ${names(undated)}: record a review (vseg recertify)`,
        rules: undated,
      });
  }
  if (spec.notUnusedFor) {
    const days = durationDays(spec.notUnusedFor)!;
    const hits = options.hits;
    if (!hits || now - hits.since < days * DAY) {
      const have = hits ? `${Math.floor((now - hits.since) / DAY)} days` : 'no hit history';
      result.notes.push(
        `cannot decide notUnusedFor ${spec.notUnusedFor}: the sampled hit history covers ${have} (the console samples counters while it runs)`,
      );
      result.status = 'unknown';
      return;
    }
    const idle = deciding
      .filter((x) => {
        const last = hits.lastHit(x.ref.key);
        return last === null || (last !== undefined && now - last > days * DAY);
      })
      .map((x) => x.ref);
    if (idle.length > 0)
      result.violations.push({
        property: 'notUnusedFor',
        message: `${idle.length} deciding rule${idle.length === 1 ? ' saw' : 's saw'} no traffic in ${spec.notUnusedFor}: ${names(idle)}`,
        rules: idle,
      });
  }
}

function names(rules: readonly RuleOnNetwork[]): string {
  const shown = rules.slice(0, 5).map((r) => `"${r.name}" on ${r.network}`);
  return shown.join(', ') + (rules.length > 5 ? ` and ${rules.length - 5} more` : '');
}
