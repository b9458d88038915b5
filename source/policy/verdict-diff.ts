// What changes, in verdicts, between two states: `vseg plan` (the site now vs
// the site after a plan) and the pre-Apply summary (the live rules vs the
// staged ones on the same site). Every ordered pair of networks (plus
// outside) is judged for "any" traffic and for every service a rule on
// either side mentions; only pairs whose routers' rulesets differ are
// recomputed.
import type {NetworkType} from '../api/enums.js';
import type {Key, Rule, Site} from '../domain/model.js';
import {parsePortSpec} from '../domain/ports.js';
import {ALL_PORTS} from '../domain/ports.js';
import {touches, type Piece} from './box.js';
import {compileSite, type CompiledRule, type CompiledRuleset, type CompiledSite} from './compile.js';
import type {PolicyDefaults} from './defaults.js';
import {cellOf, evaluateCell, matrixNodes, type MatrixNode, type MatrixOutcome} from './matrix.js';
import {ANY_SERVICE, formatService, servicePorts, serviceProtocols, type Service} from './protocols.js';
import {findAlias, locate, type SiteIndex} from './site-index.js';
import {OUTSIDE, type AppliedSource, type RulesetChoice, type Verdict} from './types.js';

export interface VerdictChange {
  from: string;
  to: string;
  service: string;
  before: Verdict;
  after: Verdict;
  /** The outcomes (deciding rule per hop, example packet) on each side. */
  rules: {before: MatrixOutcome[]; after: MatrixOutcome[]};
  /** "web → db tcp/3306: deny → allow" */
  text: string;
}

export interface VerdictDiffOptions {
  defaults?: PolicyDefaults;
  /** Ruleset judged on both sides (default pending: a plan compares staged states). */
  ruleset?: RulesetChoice;
  /** Network types compared (default internal) plus outside. */
  types?: readonly NetworkType[];
  outside?: boolean;
  /** Services to judge instead of those the rules mention ("any" is always added). */
  services?: readonly Service[];
}

export function formatVerdictChange(c: Pick<VerdictChange, 'from' | 'to' | 'service' | 'before' | 'after'>): string {
  return `${c.from} → ${c.to} ${c.service}: ${c.before} → ${c.after}`;
}

/** Services a set of rules mentions: protocol and destination ports of filter and translate rules. */
export function servicesMentioned(idx: SiteIndex, rules: Iterable<Rule>): Service[] {
  const out = new Map<string, Service>();
  const add = (s: Service) => out.set(formatService(s), s);
  for (const r of rules) {
    if (r.action === 'route') continue;
    const proto = r.protocol.trim().toLowerCase() || 'any';
    const ranges: Array<[number, number]> = [];
    for (const token of r.destinationPorts
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')) {
      if (token.toLowerCase().startsWith('alias:')) {
        const a = findAlias(idx, token.slice(6).trim());
        for (const e of a?.entries ?? []) if (e.kind === 'port') ranges.push([e.set.min, e.set.max]);
        continue;
      }
      const p = parsePortSpec(token);
      if (p.ok) ranges.push([p.value.lo, p.value.hi]);
    }
    const protos: Array<'tcp' | 'udp'> =
      proto === 'tcp'
        ? ['tcp']
        : proto === 'udp'
          ? ['udp']
          : proto === 'tcpudp' || (proto === 'any' && ranges.length)
            ? ['tcp', 'udp']
            : [];
    for (const p of protos) {
      if (ranges.length === 0) add({protocol: p});
      for (const range of ranges) add({protocol: p, ports: range});
    }
    if (proto === 'icmp') add({protocol: 'icmp'});
    else if (/^\d{1,3}$/.test(proto) && Number(proto) <= 255) add({protocol: Number(proto)});
  }
  // tcp, udp, icmp, then numbered protocols; by port within each.
  const rank = (s: Service) =>
    typeof s.protocol === 'number'
      ? 3 * 100000 + s.protocol
      : ['tcp', 'udp', 'icmp'].indexOf(s.protocol) * 100000 + (s.ports?.[0] ?? -1);
  return [...out.values()].sort((a, b) => rank(a) - rank(b) || (a.ports?.[1] ?? 0) - (b.ports?.[1] ?? 0));
}

const entryCache = new WeakMap<CompiledRule, string>();

/** What a live rule contributes to decisions: identity, kind, action, exact box, NAT. */
function entry(c: CompiledRule): string {
  let e = entryCache.get(c);
  if (e === undefined) {
    e = `${c.ref.key}:${c.kind}:${c.rule.action}:${c.box.map((s) => s.b.join(',')).join(';')}:${c.nat ? JSON.stringify(c.nat.changes) : ''}`;
    entryCache.set(c, e);
  }
  return e;
}

/** Rules present in one list but not the other (by entry): the only ones that can change a decision. */
function listDiff(a: readonly CompiledRule[], b: readonly CompiledRule[]): CompiledRule[] {
  if (a === b) return [];
  const inA = new Set(a.map(entry));
  const inB = new Set(b.map(entry));
  return [...a.filter((c) => !inB.has(entry(c))), ...b.filter((c) => !inA.has(entry(c)))];
}

interface NetworkDiff {
  /** Type, default gateway or block changed: every flow through it is recomputed. */
  whole: boolean;
  /** Differing rules a flow leaving the network meets (outgoing filters and routes). */
  leaving: CompiledRule[];
  /** Differing incoming rules. */
  entering: CompiledRule[];
  /** Translate rules of either side: they move packets, so pruning by box stops there. */
  natLeaving: CompiledRule[];
  natEntering: CompiledRule[];
}

function networkDiff(x: CompiledRuleset, y: CompiledRuleset | null): NetworkDiff {
  const nat = (l: readonly CompiledRule[]) => l.filter((c) => c.kind === 'translate');
  if (!y) return {whole: true, leaving: [], entering: [], natLeaving: [], natEntering: []};
  const a = x.network;
  const b = y.network;
  return {
    whole: a.type !== b.type || a.defaultGateway !== b.defaultGateway || a.cidr !== b.cidr,
    leaving: [...listDiff(x.outgoing, y.outgoing), ...listDiff(x.routes, y.routes)],
    entering: listDiff(x.incoming, y.incoming),
    natLeaving: [...nat(x.outgoing), ...nat(y.outgoing)],
    natEntering: [...nat(x.incoming), ...nat(y.incoming)],
  };
}

function sameLocations(a: SiteIndex, b: SiteIndex): boolean {
  if (a.locLo.length !== b.locLo.length) return false;
  // A router that starts or stops changes every flow through it, and through its tunnels.
  for (const n of a.site.networks) if (b.networksByKey.get(n.key)?.running !== n.running) return false;
  if (a.stoppedTunnels.length !== b.stoppedTunnels.length) return false;
  for (let i = 0; i < a.stoppedTunnels.length; i++) {
    const x = a.stoppedTunnels[i];
    const y = b.stoppedTunnels[i];
    if (x.network.key !== y.network.key || !x.set.equals(y.set)) return false;
  }
  for (let i = 0; i < a.locLo.length; i++) if (a.locLo[i] !== b.locLo[i] || a.locNet[i] !== b.locNet[i]) return false;
  return true;
}

interface Side {
  cs: CompiledSite;
  choice: RulesetChoice;
}

function diffSides(a: Side, b: Side, opts: VerdictDiffOptions): VerdictChange[] {
  const types = opts.types ?? ['internal'];
  const outside = opts.outside ?? true;
  const nodesA = new Map(matrixNodes(a.cs, types, outside).map((n) => [n.name, n]));
  const nodesB = new Map(matrixNodes(b.cs, types, outside).map((n) => [n.name, n]));
  const names = [...nodesA.keys()].filter((k) => nodesB.has(k));
  const rulesOf = (s: Side) =>
    s.cs.site.networks.flatMap((n) => s.cs.ruleset(n.key, s.choice).rs.rules.map((c) => c.rule));
  const services = [
    ANY_SERVICE,
    ...(opts.services ?? [...servicesMentioned(a.cs.index, rulesOf(a)), ...servicesMentioned(b.cs.index, rulesOf(b))]),
  ];
  const uniq = new Map(services.map((s) => [formatService(s), s]));
  const locs = sameLocations(a.cs.index, b.cs.index);

  // Per network: which rules differ between the two sides. A flow can only
  // change verdict if one of them touches it (first match over the rules
  // both sides share is the same), unless a translate rule moves packets.
  const diffs = new Map<Key, NetworkDiff>();
  const diffOf = (k: Key): NetworkDiff => {
    let d = diffs.get(k);
    if (!d) {
      const y = b.cs.index.networksByKey.has(k) ? b.cs.ruleset(k, b.choice).rs : null;
      d = networkDiff(a.cs.ruleset(k, a.choice).rs, y);
      diffs.set(k, d);
    }
    return d;
  };
  const svcSets = new Map(
    [...uniq].map(([label, svc]) => [label, [serviceProtocols(svc), servicePorts(svc)] as const]),
  );
  // A published port carries the flow on into another network, whose
  // incoming rules then decide too: such flows are always recomputed.
  const forwards = (k: Key): boolean =>
    diffOf(k).natEntering.some((c) => {
      const nat = c.nat;
      return nat !== null && nat.field === 'destination' && nat.ip !== null && locate(a.cs.index, nat.ip) !== k;
    });
  // Whether a node's flows can change at all, per node (a million pairs ask; a thousand nodes answer).
  const memo = (f: (n: MatrixNode) => boolean) => {
    const known = new Map<string, boolean>();
    return (n: MatrixNode): boolean => {
      let v = known.get(n.name);
      if (v === undefined) known.set(n.name, (v = f(n)));
      return v;
    };
  };
  const sameSet = memo((n) => n.set.equals(nodesB.get(n.name)!.set));
  const leavesAlike = memo((x) =>
    x.parts.every((p) => {
      if (p.loc === OUTSIDE) return true;
      const d = diffOf(p.loc);
      return !d.whole && d.leaving.length === 0;
    }),
  );
  const entersAlike = memo((y) =>
    y.parts.every((p) => {
      if (p.loc === OUTSIDE) return true;
      const d = diffOf(p.loc);
      return !forwards(p.loc) && !d.whole && d.entering.length === 0;
    }),
  );
  const stable = (x: MatrixNode, y: MatrixNode): boolean =>
    locs && sameSet(x) && sameSet(y) && entersAlike(y) && leavesAlike(x);
  // Services a network's differing rules can touch at all (protocol and port only).
  const svcTouched = new Map<string, Set<string>>();
  const servicesTouching = (k: Key, side: 'leaving' | 'entering'): Set<string> => {
    const id = `${side}${k}`;
    let hit = svcTouched.get(id);
    if (!hit) {
      const d = diffOf(k);
      const rules = side === 'leaving' ? [...d.leaving, ...d.natLeaving] : [...d.entering, ...d.natEntering];
      hit = new Set();
      for (const [label, [protos, ports]] of svcSets) {
        if (d.whole || rules.some((c) => c.box[0].overlaps(protos) && c.box[4].overlaps(ports))) hit.add(label);
      }
      svcTouched.set(id, hit);
    }
    return hit;
  };
  const candidateServices = (x: MatrixNode, y: MatrixNode): Set<string> => {
    if (!locs || y.parts.some((p) => p.loc !== OUTSIDE && forwards(p.loc))) return new Set(uniq.keys());
    const out = new Set<string>();
    for (const p of x.parts) if (p.loc !== OUTSIDE) for (const l of servicesTouching(p.loc, 'leaving')) out.add(l);
    for (const p of y.parts) if (p.loc !== OUTSIDE) for (const l of servicesTouching(p.loc, 'entering')) out.add(l);
    return out;
  };
  const mayChange = (x: MatrixNode, y: MatrixNode, label: string): boolean => {
    if (!locs || !x.set.equals(nodesB.get(x.name)!.set) || !y.set.equals(nodesB.get(y.name)!.set)) return true;
    if (y.parts.some((p) => p.loc !== OUTSIDE && forwards(p.loc))) return true;
    const [protos, ports] = svcSets.get(label)!;
    const q: Piece = {box: [protos, x.set, ALL_PORTS, y.set, ports], rw: null};
    const touched = (rules: readonly CompiledRule[]) => rules.some((c) => touches(q, c.box));
    for (const p of x.parts) {
      if (p.loc === OUTSIDE) continue;
      const d = diffOf(p.loc);
      if (d.whole || touched(d.leaving) || touched(d.natLeaving)) return true;
    }
    for (const p of y.parts) {
      if (p.loc === OUTSIDE) continue;
      const d = diffOf(p.loc);
      if (d.whole || touched(d.entering) || touched(d.natEntering)) return true;
    }
    return false;
  };

  const out: VerdictChange[] = [];
  for (const from of names) {
    for (const to of names) {
      if (from === to) continue;
      const xa = nodesA.get(from)!;
      const ya = nodesA.get(to)!;
      const xb = nodesB.get(from)!;
      const yb = nodesB.get(to)!;
      if (stable(xa, ya)) continue;
      const candidates = candidateServices(xa, ya);
      for (const [label, svc] of uniq) {
        if (!candidates.has(label) || !mayChange(xa, ya, label)) continue;
        const fa = evaluateCell(a.cs, xa, ya, svc, a.choice, opts.defaults);
        const fb = evaluateCell(b.cs, xb, yb, svc, b.choice, opts.defaults);
        if (!fa || !fb || fa.verdict === fb.verdict) continue;
        const change = {from, to, service: label, before: fa.verdict, after: fb.verdict};
        out.push({
          ...change,
          rules: {before: cellOf(fa).outcomes, after: cellOf(fb).outcomes},
          text: formatVerdictChange(change),
        });
      }
    }
  }
  return out;
}

/** Flows whose verdict differs between two sites (e.g. now and after a plan). */
export function verdictChanges(
  before: Site | CompiledSite,
  after: Site | CompiledSite,
  opts: VerdictDiffOptions = {},
): VerdictChange[] {
  const a = 'index' in before ? before : compileSite(before);
  const b = 'index' in after ? after : compileSite(after);
  const choice = opts.ruleset ?? 'pending';
  return diffSides({cs: a, choice}, {cs: b, choice}, opts);
}

export interface PendingNetwork {
  network: string;
  key: Key;
  needFwApply: boolean;
  applied: AppliedSource;
  /** Verdict changes on flows from or to this network. */
  changes: VerdictChange[];
}

export interface PendingChanges {
  /** Every verdict that changes when Apply Rules runs on all networks. */
  changes: VerdictChange[];
  /** Networks whose staged rules differ from the live ones (or that say so). */
  networks: PendingNetwork[];
  /** Networks whose live rules are unknown: their flows could not be compared. */
  unknown: string[];
}

/** What changes when Apply Rules runs: the applied vs the pending ruleset of the same site. */
export function pendingChanges(
  site: Site | CompiledSite,
  opts: Omit<VerdictDiffOptions, 'ruleset'> = {},
): PendingChanges {
  const cs = 'index' in site ? site : compileSite(site);
  const changes = diffSides({cs, choice: 'applied'}, {cs, choice: 'pending'}, opts);
  const networks: PendingNetwork[] = [];
  const unknown: string[] = [];
  for (const n of [...cs.site.networks].sort((x, y) => x.name.localeCompare(y.name))) {
    const source = cs.appliedSource(n.key);
    if (source === 'unknown') {
      unknown.push(n.name);
      continue;
    }
    const d = networkDiff(cs.applied(n.key)!, cs.pending(n.key));
    const differs = d.leaving.length > 0 || d.entering.length > 0;
    if (!differs && !n.needFwApply) continue;
    networks.push({
      network: n.name,
      key: n.key,
      needFwApply: n.needFwApply,
      applied: source,
      changes: changes.filter((c) => c.from === n.name || c.to === n.name),
    });
  }
  return {changes, networks, unknown};
}
