// A deliberately naive reference evaluator for property tests: one concrete
// packet at a time, rule fields re-read as strings on every check, no sets,
// no compilation, no shared code with source/policy. It restates DESIGN.md §5
// (and the choices in source/policy/README.md) as directly as possible.
import type {Network, Rule, Site} from '../../source/domain/model.js';

export interface RefPacket {
  proto: number;
  src: number;
  dst: number;
  /** Ignored unless proto is 6 or 17. */
  sport: number;
  dport: number;
}

export interface RefHop {
  network: number;
  direction: 'incoming' | 'outgoing';
  action: 'accept' | 'drop' | 'reject' | 'no-route';
  ruleKey: number | null;
  /** The translate rule that rewrote the packet on this hop. */
  natKey: number | null;
}

export interface RefResult {
  verdict: 'allow' | 'deny';
  hops: RefHop[];
}

type Defaults = Record<string, {incoming?: string; outgoing?: string}>;

function ip(s: string): number | null {
  const parts = s.trim().split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d+$/.test(p) || (p.length > 1 && p.startsWith('0')) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

function inCidr(addr: number, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const b = ip(base);
  const n = Number(bits);
  if (b === null || !/^\d+$/.test(bits ?? '') || n > 32) return false;
  const size = 2 ** (32 - n);
  const start = Math.floor(b / size) * size;
  return addr >= start && addr < start + size;
}

function inSimple(addr: number, spec: string): boolean {
  const s = spec.trim();
  if (s.split(':').length > 2) return false; // IPv6
  if (s.includes('/')) return inCidr(addr, s);
  if (s.includes('-')) {
    const [a, b] = s.split('-');
    const lo = ip(a);
    const hi = ip(b);
    return lo !== null && hi !== null && lo <= addr && addr <= hi;
  }
  return ip(s) === addr;
}

function isPortLike(s: string): boolean {
  return /^\s*\d{1,5}\s*(-\s*\d{1,5}\s*)?$/.test(s);
}

function inPortSpec(port: number, spec: string): boolean {
  const s = spec.trim();
  if (!isPortLike(s)) return false;
  if (s.includes('-')) {
    const [a, b] = s.split('-').map((x) => Number(x.trim()));
    return a <= b && b <= 65535 && a <= port && port <= b;
  }
  return Number(s) === port && Number(s) <= 65535;
}

function findAlias(site: Site, ref: string) {
  if (/^\d+$/.test(ref)) {
    const k = site.aliases.find((a) => a.key === Number(ref));
    if (k) return k;
  }
  const exact = site.aliases.find((a) => a.name === ref);
  if (exact) return exact;
  const ci = site.aliases.filter((a) => a.name.toLowerCase() === ref.toLowerCase());
  return ci.length === 1 ? ci[0] : undefined;
}

function findNet(site: Site, ref: string): Network | undefined {
  const exact = site.networks.find((n) => n.name === ref);
  if (exact) return exact;
  const ci = site.networks.filter((n) => n.name.toLowerCase() === ref.toLowerCase());
  if (ci.length === 1) return ci[0];
  if (/^\d+$/.test(ref)) return site.networks.find((n) => n.key === Number(ref));
  return undefined;
}

function nicIps(site: Site, ref: string): number[] {
  for (let dot = ref.lastIndexOf('.'); dot > 0; dot = ref.lastIndexOf('.', dot - 1)) {
    const vms = site.vms.filter((v) => v.name === ref.slice(0, dot));
    if (vms.length === 0) continue;
    const out: number[] = [];
    for (const v of vms) {
      for (const nic of v.nics) {
        if (nic.name !== ref.slice(dot + 1)) continue;
        const direct = ip(nic.ip.split(',')[0] ?? '');
        if (direct !== null) out.push(direct);
        else {
          const lease =
            site.addresses.find(
              (a) => a.vnet === nic.vnet && a.type === 'static' && a.mac.toLowerCase() === nic.mac.toLowerCase(),
            ) ??
            site.addresses.find(
              (a) => a.vnet === nic.vnet && a.type === 'dynamic' && a.mac.toLowerCase() === nic.mac.toLowerCase(),
            );
          const x = lease ? ip(lease.ip) : null;
          if (x !== null) out.push(x);
        }
      }
    }
    return out;
  }
  return [];
}

function ownIps(site: Site, net: Network): number[] {
  const out = [ip(net.routerIp), ip(net.dmzIp)];
  for (const a of site.addresses) if (a.vnet === net.key && a.type === 'ipalias') out.push(ip(a.ip));
  return out.filter((x): x is number => x !== null);
}

function addrTokenMatches(site: Site, net: Network, token: string, addr: number): boolean {
  const t = token.trim();
  const lower = t.toLowerCase();
  if (lower === 'router') return ip(net.routerIp) === addr;
  if (lower === 'vnetself') return ownIps(site, net).includes(addr);
  if (lower === 'default') return true;
  if (lower.startsWith('alias:')) {
    const a = findAlias(site, t.slice(6).trim());
    return !!a && a.entries.some((e) => !isPortLike(e.value) && inSimple(addr, e.value));
  }
  if (lower.startsWith('vnet:')) {
    const n = findNet(site, t.slice(5).trim());
    return !!n && n.cidr !== '' && inCidr(addr, n.cidr);
  }
  if (lower.startsWith('vmnic:')) return nicIps(site, t.slice(6).trim()).includes(addr);
  return inSimple(addr, t);
}

function addrField(site: Site, net: Network, field: string, addr: number): boolean {
  if (field.trim() === '') return true;
  return field
    .split(',')
    .filter((t) => t.trim() !== '')
    .some((t) => addrTokenMatches(site, net, t, addr));
}

function portField(site: Site, field: string, port: number): boolean {
  if (field.trim() === '') return true;
  return field
    .split(',')
    .filter((t) => t.trim() !== '')
    .some((t) => {
      const s = t.trim();
      if (s.toLowerCase().startsWith('alias:')) {
        const a = findAlias(site, s.slice(6).trim());
        return !!a && a.entries.some((e) => inPortSpec(port, e.value));
      }
      return inPortSpec(port, s);
    });
}

function protoMatches(rule: Rule, proto: number): boolean {
  const p = rule.protocol.trim().toLowerCase();
  const hasPortCond = rule.sourcePorts.trim() !== '' || rule.destinationPorts.trim() !== '';
  if (hasPortCond && proto !== 6 && proto !== 17) return false;
  if (p === '' || p === 'any') return true;
  if (p === 'tcp') return proto === 6;
  if (p === 'udp') return proto === 17;
  if (p === 'tcpudp') return proto === 6 || proto === 17;
  if (p === 'icmp') return proto === 1;
  return /^\d+$/.test(p) && Number(p) === proto;
}

function wgSource(site: Site, net: Network, addr: number): boolean {
  for (const wg of site.wireguards) {
    if (!wg.enabled || wg.vnet !== net.key) continue;
    const all = [wg.ip, ...wg.peers.filter((p) => p.enabled).map((p) => p.allowedIps)];
    for (const list of all) for (const s of list.split(',')) if (inSimple(addr, s)) return true;
  }
  return false;
}

function ruleMatches(site: Site, net: Network, rule: Rule, p: RefPacket): boolean {
  const ct = rule.ctState
    .toLowerCase()
    .split(/[\s,|]+/)
    .filter((x) => x !== '');
  if (ct.length > 0 && !ct.includes('new')) return false;
  if (!protoMatches(rule, p.proto)) return false;
  if (!addrField(site, net, rule.sourceIp, p.src)) return false;
  if (!addrField(site, net, rule.destinationIp, p.dst)) return false;
  const ports = p.proto === 6 || p.proto === 17;
  if (ports && !portField(site, rule.sourcePorts, p.sport)) return false;
  if (ports && !portField(site, rule.destinationPorts, p.dport)) return false;
  if (rule.interface.toLowerCase() === 'wireguard' && !wgSource(site, net, p.src)) return false;
  return true;
}

function firstIp(site: Site, net: Network, field: string): number | null {
  if (field.trim() === '') return null;
  // Smallest address the target names (vseg follows the first of a pool).
  let best: number | null = null;
  for (const token of field.split(',')) {
    const t = token.trim();
    if (t === '') continue;
    const candidates: number[] = [];
    const lower = t.toLowerCase();
    if (lower === 'router') candidates.push(...[ip(net.routerIp)].filter((x): x is number => x !== null));
    else if (lower === 'vnetself') candidates.push(...ownIps(site, net));
    else if (lower.startsWith('vmnic:')) candidates.push(...nicIps(site, t.slice(6)));
    else if (t.includes('/')) {
      const [b, bits] = t.split('/');
      const x = ip(b);
      if (x !== null) candidates.push(Math.floor(x / 2 ** (32 - Number(bits))) * 2 ** (32 - Number(bits)));
    } else if (t.includes('-')) {
      const x = ip(t.split('-')[0]);
      if (x !== null) candidates.push(x);
    } else {
      const x = ip(t);
      if (x !== null) candidates.push(x);
    }
    for (const c of candidates) if (best === null || c < best) best = c;
  }
  return best;
}

function firstPort(field: string): number | null {
  if (field.trim() === '') return null;
  let best: number | null = null;
  for (const t of field.split(',')) {
    const s = t.trim();
    if (!isPortLike(s)) continue;
    const lo = Number(s.split('-')[0].trim());
    if (best === null || lo < best) best = lo;
  }
  return best;
}

function ordered(rules: Rule[]): Rule[] {
  const rank = (r: Rule) => (r.pin === 'top' ? 0 : r.pin === 'no' ? 1 : 2);
  return [...rules].sort((a, b) => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (a.orderid !== b.orderid) return a.orderid - b.orderid;
    return a.key - b.key;
  });
}

function rulesOf(site: Site, net: Network, ruleset: 'applied' | 'pending'): Rule[] {
  const staged = site.rules.filter((r) => r.vnet === net.key);
  if (ruleset === 'pending') return staged;
  const a = site.applied.get(net.key);
  if (!a) return staged; // unknown falls back to pending, like vseg
  if (a.source === 'unknown') return staged;
  return a.rules;
}

function defaultFor(net: Network, dir: 'incoming' | 'outgoing', defaults: Defaults): string {
  return (
    defaults[net.type]?.[dir] ??
    (net.type === 'internal' ? (dir === 'incoming' ? 'drop' : 'accept') : undefined) ??
    defaults['fallback']?.[dir] ??
    (dir === 'incoming' ? 'drop' : 'accept')
  );
}

function hop(
  site: Site,
  net: Network,
  dir: 'incoming' | 'outgoing',
  p: RefPacket,
  ruleset: 'applied' | 'pending',
  defaults: Defaults,
) {
  let translated: number | null = null;
  let q = {...p};
  for (const r of ordered(rulesOf(site, net, ruleset))) {
    if (!r.enabled || r.direction !== dir) continue;
    if (!ruleMatches(site, net, r, q)) continue;
    if (r.action === 'route') continue;
    if (r.action === 'translate') {
      if (translated !== null) continue;
      translated = r.key;
      const tip = firstIp(site, net, r.targetIp);
      const tport = firstPort(r.targetPorts);
      const ports = q.proto === 6 || q.proto === 17;
      if (dir === 'incoming') q = {...q, dst: tip ?? q.dst, dport: ports && tport !== null ? tport : q.dport};
      else q = {...q, src: tip ?? q.src, sport: ports && tport !== null ? tport : q.sport};
      continue;
    }
    return {
      action: r.action,
      ruleKey: r.key as number | null,
      natKey: translated,
      packet: q,
    };
  }
  return {
    action: defaultFor(net, dir, defaults) as 'accept' | 'drop' | 'reject',
    ruleKey: null,
    natKey: translated,
    packet: q,
  };
}

/** Where an address lives: own address first, then the longest prefix (internal wins ties, then lower key). */
export function refLocate(site: Site, addr: number): Network | null {
  let best: Network | null = null;
  let bestRank = -1;
  for (const n of site.networks) {
    let rank = -1;
    if (ownIps(site, n).includes(addr)) rank = 1000;
    else if (n.cidr !== '' && inCidr(addr, n.cidr)) rank = Number(n.cidr.split('/')[1]) * 4;
    if (rank < 0) continue;
    if (n.type === 'internal') rank += 1;
    if (rank > bestRank || (rank === bestRank && best !== null && n.key < best.key)) {
      best = n;
      bestRank = rank;
    }
  }
  return best;
}

/** Per site: the stopped networks with their tunnels' remote specs, in the order the evaluator lists them. */
const carriersOf = new WeakMap<Site, Array<{network: Network; remotes: string[]}>>();

/** The first stopped network whose enabled tunnels carry this remote address (IPsec phase 2 remote, WireGuard peer). */
function stoppedTunnel(site: Site, addr: number, not: Array<number | undefined>): Network | undefined {
  let carriers = carriersOf.get(site);
  if (!carriers) {
    carriers = [];
    const order = [...new Set([...site.ipsec.map((t) => t.vnet), ...site.wireguards.map((w) => w.vnet)])];
    for (const key of order) {
      const network = site.networks.find((x) => x.key === key);
      if (!network || network.running) continue;
      const remotes = [
        ...site.ipsec
          .filter((t) => t.vnet === key && t.enabled)
          .flatMap((t) => t.phase2.filter((p) => p.enabled).flatMap((p) => p.remote.split(','))),
        ...site.wireguards
          .filter((w) => w.vnet === key && w.enabled)
          .flatMap((w) => w.peers.filter((p) => p.enabled).flatMap((p) => p.allowedIps.split(','))),
      ];
      carriers.push({network, remotes});
    }
    carriersOf.set(site, carriers);
  }
  return carriers.find((c) => !not.includes(c.network.key) && c.remotes.some((x) => inSimple(addr, x)))?.network;
}

export function refEvaluate(
  site: Site,
  p: RefPacket,
  ruleset: 'applied' | 'pending' = 'pending',
  defaults: Defaults = {},
): RefResult {
  const a = refLocate(site, p.src);
  const b = refLocate(site, p.dst);
  if ((a?.key ?? -1) === (b?.key ?? -1)) return {verdict: 'allow', hops: []};
  const stop = (n: Network, direction: 'incoming' | 'outgoing'): RefHop => ({
    network: n.key,
    direction,
    action: 'no-route',
    ruleKey: null,
    natKey: null,
  });
  // A stopped router forwards nothing, and its tunnels carry nothing.
  if (!a || !b) {
    const t = stoppedTunnel(site, !a ? p.src : p.dst, [a?.key, b?.key]);
    if (t) return {verdict: 'deny', hops: [stop(t, !a ? 'incoming' : 'outgoing')]};
  }
  const hops: RefHop[] = [];
  let q = p;
  if (a) {
    if (!a.running) return {verdict: 'deny', hops: [stop(a, 'outgoing')]};
    const h = hop(site, a, 'outgoing', q, ruleset, defaults);
    q = h.packet;
    if (h.action !== 'accept') {
      hops.push({network: a.key, direction: 'outgoing', action: h.action, ruleKey: h.ruleKey, natKey: h.natKey});
      return {verdict: 'deny', hops};
    }
    const routeRule = ordered(rulesOf(site, a, ruleset)).find(
      (r) => r.enabled && r.direction === 'outgoing' && r.action === 'route' && ruleMatches(site, a, r, q),
    );
    const dmz = site.networks.some((n) => ip(n.dmzIp) === q.dst);
    const viaGateway =
      !routeRule && (!b || b.type !== 'internal') && (a.defaultGateway !== null || a.type === 'external');
    if (!routeRule && !dmz && !viaGateway) {
      hops.push({network: a.key, direction: 'outgoing', action: 'no-route', ruleKey: null, natKey: h.natKey});
      return {verdict: 'deny', hops};
    }
    hops.push({network: a.key, direction: 'outgoing', action: 'accept', ruleKey: h.ruleKey, natKey: h.natKey});
  }
  if (b) {
    if (!b.running) return {verdict: 'deny', hops: [...hops, stop(b, 'incoming')]};
    const h = hop(site, b, 'incoming', q, ruleset, defaults);
    // A destination translation to another network (a published port) is
    // forwarded there unless a rule after it refused it; that router judges next.
    const c = h.natKey !== null ? refLocate(site, h.packet.dst) : null;
    if (c && c.key !== b.key && (h.ruleKey === null || h.action === 'accept')) {
      hops.push({
        network: b.key,
        direction: 'incoming',
        action: 'accept',
        ruleKey: h.ruleKey ?? h.natKey,
        natKey: h.natKey,
      });
      if (!c.running) return {verdict: 'deny', hops: [...hops, stop(c, 'incoming')]};
      const hc = hop(site, c, 'incoming', h.packet, ruleset, defaults);
      hops.push({network: c.key, direction: 'incoming', action: hc.action, ruleKey: hc.ruleKey, natKey: hc.natKey});
      return {verdict: hc.action === 'accept' ? 'allow' : 'deny', hops};
    }
    hops.push({network: b.key, direction: 'incoming', action: h.action, ruleKey: h.ruleKey, natKey: h.natKey});
    if (h.action !== 'accept') return {verdict: 'deny', hops};
  }
  return {verdict: 'allow', hops};
}
