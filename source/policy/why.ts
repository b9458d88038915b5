// `vseg why` / the what-if pane: resolves two endpoints and a service,
// evaluates the applied and the pending rulesets exactly over the sets
// involved, traces one example packet per outcome, and says in one sentence
// what decides. whyToJson() is the stable JSON shape of the headless command.
import type {Key, Site} from '../domain/model.js';
import {IntervalSet, type Parsed} from '../domain/ip.js';
import {ALL_PORTS} from '../domain/ports.js';
import {compileSite, type CompiledSite} from './compile.js';
import type {PolicyDefaults} from './defaults.js';
import {resolveEndpoint, type Endpoint} from './endpoints.js';
import {evaluateCompiled, type FlowResult, type Outcome} from './evaluate.js';
import {formatPacket, formatService, parseService, serviceProtocols, type Service} from './protocols.js';
import {tracePacket, type HopTrace, type PacketTrace} from './trace.js';
import type {HopAction, PacketText, RuleRef, RulesetChoice, Verdict} from './types.js';

export interface WhyQuery {
  from: string;
  to: string;
  /** "tcp/443", "udp/53", "icmp", "any" … (alternative to protocol + port). */
  service?: string;
  protocol?: string;
  port?: number | string;
  sourcePort?: number;
}

export interface WhyOptions {
  defaults?: PolicyDefaults;
  /** At most this many outcomes are traced in detail (default 50). */
  maxOutcomes?: number;
}

export interface OutcomeView {
  verdict: 'allow' | 'deny';
  reason: string;
  from: string;
  to: string;
  example: PacketText;
  trace: PacketTrace;
}

export interface WhyView {
  verdict: Verdict;
  reason: string;
  /** The hops of outcomes[0] (deny outcomes come first). */
  hops: HopTrace[];
  /** Hops that outcome would meet next had it not been stopped. */
  unreachedHops: HopTrace[];
  outcomes: OutcomeView[];
  notes: string[];
}

export interface WhyResult extends WhyView {
  query: {from: Endpoint; to: Endpoint; service: string};
  /** Which ruleset the top-level verdict describes. */
  ruleset: RulesetChoice;
  appliedState: 'current' | 'baseline' | 'unknown' | 'mixed';
  /** Networks on the path whose live rules are unknown (pending changes, no baseline). */
  unknownApplied: string[];
  /** The staged ruleset's answer, when it differs from the applied one. */
  pending?: WhyView;
  /** The verdict changes when Apply Rules runs. */
  changesOnApply: boolean;
}

function hopPhrase(h: HopTrace): string {
  const who = h.rule ? `rule "${h.rule.name}" (#${h.rule.position})` : 'its default';
  return `${h.network} ${h.direction} ${h.action === 'accept' ? 'accepts it' : h.action === 'reject' ? 'rejects it' : 'drops it'} by ${who}`;
}

function natPhrase(t: PacketTrace): string {
  const nats = t.hops
    .filter((h) => h.nat)
    .map((h) => `${h.nat!.field} ${h.nat!.from} → ${h.nat!.to} by "${h.nat!.rule.name}" on ${h.network}`);
  return nats.length ? ` Translated: ${nats.join('; ')}.` : '';
}

/** One sentence on what decided a traced packet. */
export function traceReason(t: PacketTrace): string {
  if (t.kind === 'same-network')
    return `Same network (${t.fromName}): the traffic does not cross a router, so no rule applies.`;
  if (t.kind === 'no-router') return 'Neither address is in a VergeOS network: no VergeOS router is on the path.';
  if (t.verdict === 'deny') {
    const h = t.hops[t.hops.length - 1];
    if (h.route?.via === 'stopped') return `Blocked: router stopped — ${h.route.detail}.`;
    if (h.action === 'no-route')
      return `Blocked: ${h.network} has no route to ${t.toName} — ${h.route?.detail ?? 'no path'}.${natPhrase(t)}`;
    if (h.rule)
      return `Blocked by ${h.network} ${h.direction} rule "${h.rule.name}" (#${h.rule.position}, ${h.action}).${natPhrase(t)}`;
    return `Blocked by ${h.network}'s default for ${h.direction} traffic (${h.action}): no rule matched.${natPhrase(t)}`;
  }
  return `Allowed: ${t.hops.map(hopPhrase).join(', then ')}.${natPhrase(t)}`;
}

function viewOf(cs: CompiledSite, flow: FlowResult, choice: RulesetChoice, opts: WhyOptions): WhyView {
  const max = opts.maxOutcomes ?? 50;
  const notes: string[] = [];
  const outcomes: OutcomeView[] = flow.outcomes.slice(0, max).map((o: Outcome) => {
    const trace = tracePacket(cs, o.example, {ruleset: choice, defaults: opts.defaults});
    notes.push(...trace.notes.filter((n) => !notes.includes(n)));
    return {
      verdict: o.verdict,
      reason: traceReason(trace),
      from: trace.fromName,
      to: trace.toName,
      example: trace.packet,
      trace,
    };
  });
  if (flow.outcomes.length > max) notes.push(`${flow.outcomes.length - max} more outcome groups are not shown`);
  for (const o of outcomes)
    for (const h of o.trace.hops) for (const n of h.notes) if (!notes.includes(n)) notes.push(n);
  const first = outcomes[0];
  let reason = first ? first.reason : 'Nothing to evaluate.';
  if (flow.verdict === 'partial') {
    const allow = flow.outcomes.find((o) => o.verdict === 'allow')!;
    const denyAt = flow.outcomes.findIndex((o) => o.verdict === 'deny');
    const denyReason = outcomes[denyAt]?.reason ?? '';
    reason = `Partly allowed: e.g. ${formatPacket(allow.example)} passes, but ${formatPacket(flow.outcomes[denyAt].example)} does not. ${denyReason}`;
  }
  return {
    verdict: flow.verdict,
    reason,
    hops: first?.trace.hops ?? [],
    unreachedHops: first?.trace.unreached ?? [],
    outcomes,
    notes,
  };
}

function sameAnswer(a: WhyView, b: WhyView): boolean {
  const sig = (v: WhyView) =>
    JSON.stringify([
      v.verdict,
      v.outcomes.map((o) => [
        o.verdict,
        o.example,
        o.trace.hops.map((h) => [h.networkKey, h.direction, h.action, h.rule?.key ?? null, h.nat?.rule.key ?? null]),
      ]),
    ]);
  return sig(a) === sig(b);
}

/** Resolves the service of a query: `service`, or `protocol` + `port`. */
export function queryService(q: Pick<WhyQuery, 'service' | 'protocol' | 'port'>): Parsed<Service> {
  if (q.service !== undefined && q.service !== '') return parseService(q.service);
  const proto = (q.protocol ?? 'any').trim() || 'any';
  const port = q.port === undefined || q.port === '' ? '' : String(q.port);
  return parseService(port ? `${proto}/${port}` : proto);
}

/** What happens to traffic from one endpoint to another, under the applied and the pending rules. */
export function why(site: Site | CompiledSite, query: WhyQuery, opts: WhyOptions = {}): Parsed<WhyResult> {
  const cs = 'index' in site ? site : compileSite(site);
  const from = resolveEndpoint(cs, query.from);
  if (!from.ok) return {ok: false, error: `from: ${from.error}`};
  const to = resolveEndpoint(cs, query.to);
  if (!to.ok) return {ok: false, error: `to: ${to.error}`};
  const service = queryService(query);
  if (!service.ok) return service;
  if (
    query.sourcePort !== undefined &&
    !(Number.isInteger(query.sourcePort) && query.sourcePort >= 0 && query.sourcePort <= 65535)
  ) {
    return {ok: false, error: `source port ${query.sourcePort} is out of range (0–65535)`};
  }
  const svc = service.value;
  const q = {
    src: from.value.set,
    dst: to.value.set,
    protocols: serviceProtocols(svc),
    destinationPorts: svc.ports ? IntervalSet.range(svc.ports[0], svc.ports[1]) : ALL_PORTS,
    sourcePorts: query.sourcePort === undefined ? ALL_PORTS : IntervalSet.point(query.sourcePort),
  };
  const appliedFlow = evaluateCompiled(cs, q, {ruleset: 'applied', defaults: opts.defaults});
  // The routers crossed depend on addresses only, not on rules. Where the live
  // rules are the staged ones on all of them, one evaluation serves both.
  const sameRulesets = appliedFlow.networks.every((k) => cs.applied(k)?.rules === cs.pending(k).rules);
  const pendingFlow = sameRulesets
    ? appliedFlow
    : evaluateCompiled(cs, q, {ruleset: 'pending', defaults: opts.defaults});
  const name = (k: Key) => cs.index.networksByKey.get(k)?.name ?? `network ${k}`;
  const unknownApplied = appliedFlow.appliedUnknown.map(name);
  const sources = new Set(appliedFlow.networks.map((k) => cs.appliedSource(k)));
  const appliedState = sources.has('unknown')
    ? 'unknown'
    : sources.size === 0 || (sources.size === 1 && sources.has('current'))
      ? 'current'
      : sources.has('current')
        ? 'mixed'
        : 'baseline';
  const endpointNotes = [...from.value.notes, ...to.value.notes];
  const base = {query: {from: from.value, to: to.value, service: formatService(svc)}, unknownApplied};

  if (unknownApplied.length > 0) {
    const pendingView = viewOf(cs, pendingFlow, 'pending', opts);
    const note = `The rules live on ${unknownApplied.join(', ')} are unknown (changes pending and no baseline recorded): showing the pending ruleset only.`;
    return {
      ok: true,
      value: {
        ...base,
        ...pendingView,
        notes: [note, ...endpointNotes, ...pendingView.notes],
        ruleset: 'pending',
        appliedState: 'unknown',
        changesOnApply: false,
      },
    };
  }
  const appliedView = viewOf(cs, appliedFlow, 'applied', opts);
  const pendingView = sameRulesets ? appliedView : viewOf(cs, pendingFlow, 'pending', opts);
  const differs = !sameRulesets && !sameAnswer(appliedView, pendingView);
  const changesOnApply = appliedFlow.verdict !== pendingFlow.verdict;
  const notes = [...endpointNotes, ...appliedView.notes];
  if (changesOnApply)
    notes.push(`Apply Rules would change this verdict: ${appliedFlow.verdict} → ${pendingFlow.verdict}.`);
  else if (differs) notes.push('Apply Rules would change which rules decide, not the verdict.');
  const value: WhyResult = {...base, ...appliedView, notes, ruleset: 'applied', appliedState, changesOnApply};
  if (differs) value.pending = pendingView;
  return {ok: true, value};
}

// ---------------------------------------------------------------------------
// JSON

export interface HopJson {
  network: string;
  direction: 'incoming' | 'outgoing';
  action: HopAction;
  rule: RuleRef | null;
  default: boolean;
  [extra: string]: unknown;
}

export interface WhyViewJson {
  verdict: Verdict;
  reason: string;
  hops: HopJson[];
  [extra: string]: unknown;
}

export interface WhyJson extends WhyViewJson {
  pending?: WhyViewJson;
}

function ref(r: RuleRef | null): RuleRef | null {
  return r ? {key: r.key, name: r.name, position: r.position} : null;
}

export function hopToJson(h: HopTrace): HopJson {
  const out: HopJson = {
    network: h.network,
    direction: h.direction,
    action: h.action,
    rule: ref(h.rule),
    default: h.default,
  };
  if (h.action === 'no-route')
    out['filter'] = {action: h.filter.action, rule: ref(h.filter.rule), default: h.filter.default};
  if (h.route)
    out['route'] = {
      via: h.route.via,
      rule: ref(h.route.rule),
      ...(h.route.target !== undefined ? {target: h.route.target} : {}),
      ...(h.route.gateway !== undefined ? {gateway: h.route.gateway} : {}),
      detail: h.route.detail,
    };
  if (h.nat) out['nat'] = {rule: ref(h.nat.rule), field: h.nat.field, from: h.nat.from, to: h.nat.to};
  out['matched'] = h.matched.map((m) => ({
    field: m.field,
    token: m.token,
    describe: m.describe,
    ...(m.alias ? {alias: m.alias} : {}),
  }));
  // Trace entries already have exactly this shape (trace.ts skip()); many are shared and frozen.
  out['skipped'] = h.skipped.slice();
  out['packet'] = h.packet;
  out['rulesFrom'] = h.origin;
  if (h.notes.length) out['notes'] = h.notes;
  return out;
}

function viewToJson(v: WhyView): WhyViewJson {
  return {
    verdict: v.verdict,
    reason: v.reason,
    hops: v.hops.map(hopToJson),
    ...(v.unreachedHops.length ? {unreachedHops: v.unreachedHops.map(hopToJson)} : {}),
    outcomes: v.outcomes.map((o) => ({
      verdict: o.verdict,
      reason: o.reason,
      from: o.from,
      to: o.to,
      example: o.example,
      hops: o.trace.hops.map((h) => ({
        network: h.network,
        direction: h.direction,
        action: h.action,
        rule: ref(h.rule),
        default: h.default,
      })),
    })),
    notes: v.notes,
  };
}

/**
 * The `vseg why -o json` document. `verdict`, `reason`, `hops[]` (network,
 * direction, action, rule, default) and `pending` keep this exact shape;
 * everything else is an extension. `verdict` may be "partial" when an
 * endpoint is a set of addresses (see README: partial verdicts).
 */
export function whyToJson(r: WhyResult): WhyJson {
  const out: WhyJson = {
    ...viewToJson(r),
    query: {from: r.query.from.ref, to: r.query.to.ref, service: r.query.service},
    ruleset: r.ruleset,
    appliedState: r.appliedState,
    changesOnApply: r.changesOnApply,
  };
  if (r.unknownApplied.length) out['unknownApplied'] = r.unknownApplied;
  if (r.pending) out.pending = viewToJson(r.pending);
  return out;
}
