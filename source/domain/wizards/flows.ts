// The flow builder: "allow A to B on tcp/3306" becomes what VergeOS needs for
// that flow to work and nothing more (DESIGN.md §5):
//  - on A's network an outgoing `route` to B's block through B's DMZ address,
//    when A and B are different internal networks and no enabled route of A
//    covers B already;
//  - on A's network an outgoing `accept`, only where A's outgoing posture is
//    deny (or a rule of A blocks the flow);
//  - on B's network an incoming `accept` from A's addresses on the ports.
// Names are derived from the flow, so a second run finds the rules of the
// first. The result is checked with the policy evaluator on the planned site;
// where a rule that comes earlier still blocks the flow, the new rule is moved
// before it (and the review says so).
import type {RuleDirection} from '../../api/enums.js';
import {IntervalSet, parseAddressList, parseCidr, cidrRange} from '../ip.js';
import type {Network, Site} from '../model.js';
import type {Plan} from '../plan/types.js';
import {RULE_DEFAULTS, type RuleSpec, type Sitefile} from '../sitefile/schema.js';
import {resolveFlowEndpoint, type FlowEndpoint} from './endpoints.js';
import {slug} from './names.js';
import {checkLine} from './review.js';
import {diffDoc, networkSpec} from './site-plan.js';
import type {ReviewLine, WizardPolicy} from './types.js';

export const FLOW_PROTOCOLS = ['tcp', 'udp', 'tcpudp', 'icmp', 'any'] as const;
export type FlowProtocol = (typeof FLOW_PROTOCOLS)[number];

export interface Flow {
  from: string;
  to: string;
  /** A FlowProtocol, or a protocol name the answers file spelled otherwise (validated before planning). */
  protocol: string;
  /** '' = any port; only for tcp/udp. */
  ports: string;
  name?: string;
  /** Free text for the rules' description. */
  description?: string;
  /** The network the source addresses enter through (a VPN), for the return route through its DMZ address. */
  via?: {network: string; dmzIp: string};
}

/** "tcp/3306", "tcp/80,443" (the evaluator takes the first spec), "icmp", "any". */
export function flowService(f: Pick<Flow, 'protocol' | 'ports'>): string {
  const first = f.ports.split(',')[0]?.trim() ?? '';
  if (f.protocol === 'tcpudp') return first ? `tcp/${first}` : 'tcp';
  return first && (f.protocol === 'tcp' || f.protocol === 'udp') ? `${f.protocol}/${first}` : String(f.protocol);
}

export function flowLabel(f: Pick<Flow, 'from' | 'to' | 'protocol' | 'ports'>): string {
  return `${f.from} → ${f.to} ${f.protocol}${f.ports ? `/${f.ports}` : ''}`;
}

/** `allow-web-to-db-tcp-3306`. */
export function flowRuleName(f: Flow, from: FlowEndpoint, to: FlowEndpoint): string {
  if (f.name) return f.name;
  const ports = f.ports ? `-${slug(f.ports, 24)}` : '';
  return `allow-${from.slug}-to-${to.slug}-${f.protocol}${ports}`.slice(0, 128);
}

/** The addresses a rule field covers, for "is this route already there"; alias and helper tokens resolved where possible. */
export function fieldAddresses(site: Site, field: string): IntervalSet {
  const ranges: Array<[number, number]> = [];
  for (const token of field
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    if (token.startsWith('vnet:')) {
      const c = parseCidr(site.networks.find((n) => n.name === token.slice(5))?.cidr ?? '');
      if (c.ok) ranges.push(cidrRange(c.value));
      continue;
    }
    if (token.startsWith('alias:')) {
      const id = token.slice(6);
      const alias = site.aliases.find((a) => String(a.key) === id || a.name === id);
      for (const e of alias?.entries ?? []) {
        const p = parseAddressList(e.value);
        if (p.ok) ranges.push(...p.value.set.intervals());
      }
      continue;
    }
    const p = parseAddressList(token);
    if (p.ok) ranges.push(...p.value.set.intervals());
  }
  return IntervalSet.from(ranges);
}

function cidrSet(cidr: string): IntervalSet {
  const c = parseCidr(cidr);
  return c.ok ? IntervalSet.range(...cidrRange(c.value)) : IntervalSet.EMPTY;
}

export function rule(spec: Partial<RuleSpec> & Pick<RuleSpec, 'name'>): RuleSpec {
  return {...RULE_DEFAULTS, ...spec};
}

/** Adds `r` to a network's rules unless a rule of that name is there; returns the rule in the list. */
export function ensureRule(rules: RuleSpec[], r: RuleSpec, index?: number): RuleSpec {
  const found = rules.find((x) => x.name === r.name);
  if (found) return found;
  if (index === undefined || index >= rules.length) rules.push(r);
  else rules.splice(index, 0, r);
  return r;
}

export interface FlowPlanning {
  doc: Sitefile;
  sitePlan: Plan | undefined;
  checks: ReviewLine[];
  warnings: string[];
  errors: string[];
  notes: string[];
}

interface Placed {
  network: string;
  direction: RuleDirection;
  name: string;
}

function routeCovered(site: Site, network: Network, target: Network, planned: readonly RuleSpec[]): boolean {
  const want = cidrSet(target.cidr);
  const live = site.rules.some(
    (r) =>
      r.vnet === network.key &&
      r.enabled &&
      r.action === 'route' &&
      r.direction === 'outgoing' &&
      fieldAddresses(site, r.destinationIp).covers(want),
  );
  return (
    live ||
    planned.some(
      (r) =>
        r.enabled &&
        r.action === 'route' &&
        r.direction === 'outgoing' &&
        fieldAddresses(site, r.destination).covers(want),
    )
  );
}

/** A route name free on the network (or already naming this very route). */
function routeName(rules: readonly RuleSpec[], target: Network): string {
  const base = `route-to-${slug(target.name)}`;
  const taken = rules.find((r) => r.name === base);
  if (!taken || (taken.action === 'route' && taken.destination === target.cidr)) return base;
  return `${base}-${slug(target.cidr)}`;
}

/**
 * Writes the rules of `flows` into `doc` (networks are added to it as needed)
 * and checks the planned site with the policy. `title` names the plan.
 */
export function planFlows(
  site: Site,
  doc: Sitefile,
  flows: readonly Flow[],
  policy: WizardPolicy,
  title: string,
): FlowPlanning {
  const warnings: string[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  const placed = new Map<number, Placed[]>();
  const resolved: Array<{flow: Flow; from: FlowEndpoint; to: FlowEndpoint; name: string}> = [];

  flows.forEach((flow, i) => {
    const from = resolveFlowEndpoint(site, flow.from);
    const to = resolveFlowEndpoint(site, flow.to);
    if (!from.ok) return void errors.push(`flow ${i + 1} from: ${from.error}`);
    if (!to.ok) return void errors.push(`flow ${i + 1} to: ${to.error}`);
    resolved.push({flow, from: from.value, to: to.value, name: flowRuleName(flow, from.value, to.value)});
  });
  if (errors.length > 0) return {doc, sitePlan: undefined, checks: [], warnings, errors, notes};

  resolved.forEach(({flow, from, to, name}, i) => {
    const ports = flow.protocol === 'tcp' || flow.protocol === 'udp' || flow.protocol === 'tcpudp' ? flow.ports : '';
    const here: Placed[] = [];
    const description = flow.description ?? `vseg rules wizard: ${flowLabel(flow)}`;
    const sourceNets = new Set(from.parts.map((p) => p.network?.key ?? -1));
    if (
      from.kind === 'outside' &&
      to.kind !== 'outside' &&
      flow.protocol === 'any' &&
      !ports &&
      to.kind === 'network'
    ) {
      warnings.push(
        `flow ${i + 1} (${flowLabel(flow)}) allows any traffic from anywhere into ${to.label}: an any-to-any rule undoes the segmentation`,
      );
    } else if (flow.protocol === 'any' && !ports && from.kind === 'network' && to.kind === 'network') {
      warnings.push(
        `flow ${i + 1} (${flowLabel(flow)}) allows every protocol and port between two whole networks (any-to-any)`,
      );
    }
    // Destination side: B's router accepts it coming in.
    for (const d of to.parts) {
      if (!d.network) continue;
      if (sourceNets.size === 1 && sourceNets.has(d.network.key)) {
        notes.push(
          `flow ${i + 1}: ${from.label} and ${to.label} share network ${d.network.name}; its router does not filter traffic inside the network`,
        );
        continue;
      }
      const spec = networkSpec(doc, site, d.network.name);
      if (!spec) continue;
      ensureRule(
        spec.rules,
        rule({
          name,
          action: 'accept',
          direction: 'incoming',
          protocol: String(flow.protocol),
          source: from.ruleText,
          destination: to.kind === 'network' ? '' : d.text,
          destinationPorts: ports,
          description,
        }),
      );
      here.push({network: d.network.name, direction: 'incoming', name});
    }
    // Source side: A's router lets it out and knows the way.
    for (const s of from.parts) {
      const a = s.network;
      if (!a) continue;
      const others = to.parts.filter((d) => d.network?.key !== a.key);
      if (others.length === 0) continue;
      const spec = networkSpec(doc, site, a.name);
      if (!spec) continue;
      for (const d of others) {
        if (d.network) {
          if (!d.network.dmzIp) {
            errors.push(
              `flow ${i + 1}: network ${d.network.name} has no DMZ address, so ${a.name} cannot route to it (set one with the topology wizard)`,
            );
            continue;
          }
          if (!routeCovered(site, a, d.network, spec.rules)) {
            const rname = routeName(spec.rules, d.network);
            ensureRule(
              spec.rules,
              rule({
                name: rname,
                action: 'route',
                direction: 'outgoing',
                protocol: 'any',
                destination: d.network.cidr,
                target: d.network.dmzIp,
                description: `Route to ${d.network.name} through its DMZ address`,
              }),
            );
          }
        } else if (a.defaultGateway === null) {
          warnings.push(`flow ${i + 1}: ${a.name} has no default gateway, so traffic to ${to.label} has no path out`);
        }
      }
      if (policy.defaultAction(a, 'outgoing') !== 'accept') {
        const outName = here.some((p) => p.network === a.name) ? `${name}-out` : name;
        ensureRule(
          spec.rules,
          rule({
            name: outName,
            action: 'accept',
            direction: 'outgoing',
            protocol: String(flow.protocol),
            source: from.kind === 'network' ? '' : s.text,
            destination: to.ruleText,
            destinationPorts: ports,
            description,
          }),
        );
        here.push({network: a.name, direction: 'outgoing', name: outName});
      }
    }
    // Return routes for sources that enter through a VPN network.
    if (flow.via && from.ruleText) {
      const via = flow.via;
      for (const d of to.parts) {
        if (!d.network || d.network.name === via.network) continue;
        if (!via.dmzIp) {
          warnings.push(
            `network ${via.network} has no DMZ address: ${d.network.name} cannot route replies to ${from.label} through it`,
          );
          continue;
        }
        const spec = networkSpec(doc, site, d.network.name)!;
        const have = spec.rules.some(
          (r) =>
            r.action === 'route' &&
            r.direction === 'outgoing' &&
            r.enabled &&
            fieldAddresses(site, r.destination).covers(fieldAddresses(site, from.ruleText)),
        );
        if (!have)
          ensureRule(
            spec.rules,
            rule({
              name: `route-to-${slug(via.network)}-${from.slug}`.slice(0, 128),
              action: 'route',
              direction: 'outgoing',
              protocol: 'any',
              destination: from.ruleText,
              target: via.dmzIp,
              description: `Replies to ${from.label} go back through ${via.network}`,
            }),
          );
      }
    }
    placed.set(i, here);
  });
  if (errors.length > 0) return {doc, sitePlan: undefined, checks: [], warnings, errors, notes};

  // Check on the planned site; move a new rule before an earlier rule that still blocks its flow.
  let sitePlan = diffDoc(site, doc, title);
  const moved = new Set<string>();
  for (let round = 0; round < 3 && sitePlan.errors.length === 0; round++) {
    let changed = false;
    resolved.forEach(({flow, from, to, name}, i) => {
      const check = policy.checkFlow(sitePlan.after, {from: from.whyText, to: to.whyText, service: flowService(flow)});
      if ('error' in check || check.verdict === 'allow' || !check.blocked?.rule) return;
      const b = check.blocked;
      const spec = doc.networks.find((n) => n.name === b.network);
      const blocker = spec?.rules.find((r) => r.name === b.rule);
      if (!spec || !blocker) return;
      let mine = spec.rules.find((r) =>
        placed.get(i)?.some((p) => p.network === b.network && p.direction === b.direction && p.name === r.name),
      );
      if (!mine && b.direction === 'outgoing') {
        const ports =
          flow.protocol === 'tcp' || flow.protocol === 'udp' || flow.protocol === 'tcpudp' ? flow.ports : '';
        const part = from.parts.find((p) => p.network?.name === b.network);
        const outName = placed.get(i)?.some((p) => p.network === b.network) ? `${name}-out` : name;
        mine = rule({
          name: outName,
          action: 'accept',
          direction: 'outgoing',
          protocol: String(flow.protocol),
          source: from.kind === 'network' ? '' : (part?.text ?? ''),
          destination: to.ruleText,
          destinationPorts: ports,
          description: flow.description ?? `vseg rules wizard: ${flowLabel(flow)}`,
        });
        placed.get(i)?.push({network: b.network, direction: 'outgoing', name: outName});
      }
      if (!mine || mine === blocker) return;
      const key = `${b.network}/${mine.name}`;
      if (moved.has(key)) return;
      moved.add(key);
      spec.rules.splice(spec.rules.indexOf(mine), spec.rules.includes(mine) ? 1 : 0);
      mine.pin = blocker.pin === 'top' ? 'top' : 'no';
      spec.rules.splice(blocker.pin === 'bottom' ? spec.rules.length : spec.rules.indexOf(blocker), 0, mine);
      notes.push(
        `${b.network}: ${mine.name} goes before "${blocker.name}", which would otherwise ${b.action} flow ${i + 1}`,
      );
      changed = true;
    });
    if (!changed) break;
    sitePlan = diffDoc(site, doc, title);
  }
  errors.push(...sitePlan.errors);

  const checks: ReviewLine[] = [];
  resolved.forEach(({flow, from, to}) => {
    const query = {from: from.whyText, to: to.whyText, service: flowService(flow)};
    const check = policy.checkFlow(sitePlan.after, query);
    if ('error' in check) checks.push({kind: 'warning', text: `  ? ${flowLabel(flow)}: ${check.error}`});
    else {
      checks.push(checkLine(flowLabel(flow), check.verdict, check.reason, policy.checkFlow(site, query)));
      if (check.verdict !== 'allow')
        warnings.push(
          `${flowLabel(flow)} is still ${check.verdict === 'partial' ? 'only partly allowed' : 'blocked'} after these changes: ${check.reason}`,
        );
    }
  });
  return {doc, sitePlan, checks, warnings, errors, notes};
}
