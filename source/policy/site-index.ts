// Lookups the analysis needs over and over, built once per Site: names to
// objects, every network's own addresses, NIC addresses, and the location map
// that says which network an address belongs to.
import type {Alias, Key, Network, Nic, Site, Vm} from '../domain/model.js';
import {IntervalSet, IPV4_MAX, cidrRange, looksLikeIpv6, parseAddressSpec, parseCidr, parseIpv4} from '../domain/ip.js';
import {looksLikePortSpec, parsePortSpec} from '../domain/ports.js';
import {OUTSIDE, type Location} from './types.js';

/** An alias entry sorted into what it can match. */
export interface AliasEntryCompiled {
  value: string;
  label: string;
  kind: 'address' | 'port' | 'ipv6' | 'invalid';
  set: IntervalSet;
  error?: string;
}

export interface AliasCompiled {
  alias: Alias;
  entries: AliasEntryCompiled[];
  addresses: IntervalSet;
  ports: IntervalSet;
}

export interface SiteIndex {
  site: Site;
  networksByKey: Map<Key, Network>;
  networksByName: Map<string, Network>;
  aliasesByKey: Map<Key, AliasCompiled>;
  aliasesByName: Map<string, AliasCompiled>;
  vmsByName: Map<string, Vm[]>;
  /** vnetself: router IP, DMZ IP and ipalias addresses of each network. */
  ownAddresses: Map<Key, IntervalSet>;
  /** The network's CIDR as a set (empty when it has none). */
  cidrSets: Map<Key, IntervalSet>;
  /** Every router's DMZ address: all routers share the DMZ network, so these are directly connected. */
  dmzAddresses: IntervalSet;
  /** Addresses that arrive through a WireGuard interface of the network. */
  wireguardSources: Map<Key, IntervalSet>;
  /**
   * Remote addresses a stopped network's tunnels carry (IPsec phase 2 remote
   * subnets, WireGuard peers' allowed IPs): with its router stopped nothing
   * reaches them, or comes from them, whatever the rules elsewhere say.
   */
  stoppedTunnels: ReadonlyArray<{network: Network; set: IntervalSet}>;
  /** Location map: sorted segments covering 0…2^32-1. */
  locLo: number[];
  locHi: number[];
  locNet: Location[];
  /** All addresses located to each network (or OUTSIDE). */
  locationSets: Map<Location, IntervalSet>;
  nicAddress(nic: Nic): number | null;
}

function compileAlias(alias: Alias): AliasCompiled {
  const entries: AliasEntryCompiled[] = [];
  const addr: Array<[number, number]> = [];
  const ports: Array<[number, number]> = [];
  for (const e of alias.entries) {
    const v = e.value.trim();
    if (looksLikePortSpec(v)) {
      const p = parsePortSpec(v);
      if (p.ok) {
        entries.push({value: v, label: e.label, kind: 'port', set: IntervalSet.range(p.value.lo, p.value.hi)});
        ports.push([p.value.lo, p.value.hi]);
      } else entries.push({value: v, label: e.label, kind: 'invalid', set: IntervalSet.EMPTY, error: p.error});
      continue;
    }
    if (looksLikeIpv6(v)) {
      entries.push({value: v, label: e.label, kind: 'ipv6', set: IntervalSet.EMPTY});
      continue;
    }
    const a = parseAddressSpec(v);
    if (a.ok) {
      entries.push({value: v, label: e.label, kind: 'address', set: IntervalSet.range(a.value.lo, a.value.hi)});
      addr.push([a.value.lo, a.value.hi]);
    } else entries.push({value: v, label: e.label, kind: 'invalid', set: IntervalSet.EMPTY, error: a.error});
  }
  return {alias, entries, addresses: IntervalSet.from(addr), ports: IntervalSet.from(ports)};
}

function pointSet(text: string): IntervalSet {
  const n = parseIpv4(text);
  return n === null ? IntervalSet.EMPTY : IntervalSet.point(n);
}

interface Claim {
  lo: number;
  hi: number;
  net: Key;
  rank: number;
}

/**
 * Which network each address belongs to. A network's own addresses (router,
 * DMZ, ipalias) win; otherwise the most specific CIDR; on a tie an internal
 * network beats other types, then the lower key. Everything else is OUTSIDE.
 */
function buildLocations(networks: readonly Network[], own: Map<Key, IntervalSet>, cidrs: Map<Key, IntervalSet>) {
  const claims: Claim[] = [];
  for (const n of networks) {
    const c = cidrs.get(n.key)!;
    if (!c.isEmpty) {
      const pc = parseCidr(n.cidr);
      const prefix = pc.ok ? pc.value.prefix : 32;
      claims.push({lo: c.min, hi: c.max, net: n.key, rank: prefix * 4 + (n.type === 'internal' ? 1 : 0)});
    }
    for (const [lo, hi] of own.get(n.key)!.intervals())
      claims.push({lo, hi, net: n.key, rank: 1000 + (n.type === 'internal' ? 1 : 0)});
  }
  const cuts = new Set<number>([0]);
  for (const c of claims) {
    cuts.add(c.lo);
    if (c.hi < IPV4_MAX) cuts.add(c.hi + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  // Sweep: claims sorted by start; keep the active ones (nesting depth is small).
  claims.sort((a, b) => a.lo - b.lo);
  const active: Claim[] = [];
  let next = 0;
  const locLo: number[] = [];
  const locHi: number[] = [];
  const locNet: Location[] = [];
  for (let i = 0; i < starts.length; i++) {
    const lo = starts[i];
    const hi = i + 1 < starts.length ? starts[i + 1] - 1 : IPV4_MAX;
    while (next < claims.length && claims[next].lo <= lo) active.push(claims[next++]);
    for (let j = active.length - 1; j >= 0; j--) if (active[j].hi < lo) active.splice(j, 1);
    let best: Claim | null = null;
    for (const c of active) {
      if (!best || c.rank > best.rank || (c.rank === best.rank && c.net < best.net)) best = c;
    }
    const net = best ? best.net : OUTSIDE;
    const last = locNet.length - 1;
    if (last >= 0 && locNet[last] === net && locHi[last] + 1 === lo) locHi[last] = hi;
    else {
      locLo.push(lo);
      locHi.push(hi);
      locNet.push(net);
    }
  }
  const sets = new Map<Location, Array<[number, number]>>();
  for (let i = 0; i < locNet.length; i++) {
    const list = sets.get(locNet[i]) ?? [];
    list.push([locLo[i], locHi[i]]);
    sets.set(locNet[i], list);
  }
  const locationSets = new Map<Location, IntervalSet>();
  for (const [k, list] of sets) locationSets.set(k, IntervalSet.from(list));
  for (const n of networks) if (!locationSets.has(n.key)) locationSets.set(n.key, IntervalSet.EMPTY);
  if (!locationSets.has(OUTSIDE)) locationSets.set(OUTSIDE, IntervalSet.EMPTY);
  return {locLo, locHi, locNet, locationSets};
}

export function buildSiteIndex(site: Site): SiteIndex {
  const networksByKey = new Map(site.networks.map((n) => [n.key, n]));
  const networksByName = new Map<string, Network>();
  for (const n of site.networks) if (!networksByName.has(n.name)) networksByName.set(n.name, n);

  const aliasesByKey = new Map<Key, AliasCompiled>();
  const aliasesByName = new Map<string, AliasCompiled>();
  for (const a of site.aliases) {
    const c = compileAlias(a);
    aliasesByKey.set(a.key, c);
    if (!aliasesByName.has(a.name)) aliasesByName.set(a.name, c);
  }

  const vmsByName = new Map<string, Vm[]>();
  for (const vm of site.vms) {
    const list = vmsByName.get(vm.name) ?? [];
    list.push(vm);
    vmsByName.set(vm.name, list);
  }

  const cidrSets = new Map<Key, IntervalSet>();
  const ownAddresses = new Map<Key, IntervalSet>();
  for (const n of site.networks) {
    const c = parseCidr(n.cidr);
    cidrSets.set(n.key, c.ok ? IntervalSet.range(...cidrRange(c.value)) : IntervalSet.EMPTY);
    ownAddresses.set(n.key, pointSet(n.routerIp).union(pointSet(n.dmzIp)));
  }
  for (const a of site.addresses) {
    if (a.type !== 'ipalias') continue;
    const own = ownAddresses.get(a.vnet);
    if (own) ownAddresses.set(a.vnet, own.union(pointSet(a.ip)));
  }

  const wireguardSources = new Map<Key, IntervalSet>();
  for (const wg of site.wireguards) {
    if (!wg.enabled) continue;
    const parts: Array<[number, number]> = [];
    const add = (text: string) => {
      for (const piece of text.split(',')) {
        const s = parseAddressSpec(piece.trim());
        if (s.ok) parts.push([s.value.lo, s.value.hi]);
      }
    };
    add(wg.ip);
    for (const p of wg.peers) if (p.enabled) add(p.allowedIps);
    wireguardSources.set(wg.vnet, (wireguardSources.get(wg.vnet) ?? IntervalSet.EMPTY).union(IntervalSet.from(parts)));
  }

  const tunnelSets = new Map<Key, Array<[number, number]>>();
  const carry = (vnet: Key, text: string) => {
    const list = tunnelSets.get(vnet) ?? [];
    for (const piece of text.split(',')) {
      const s = parseAddressSpec(piece.trim());
      if (s.ok) list.push([s.value.lo, s.value.hi]);
    }
    tunnelSets.set(vnet, list);
  };
  for (const t of site.ipsec) {
    if (!t.enabled || networksByKey.get(t.vnet)?.running !== false) continue;
    for (const p2 of t.phase2) if (p2.enabled) carry(t.vnet, p2.remote);
  }
  for (const wg of site.wireguards) {
    if (!wg.enabled || networksByKey.get(wg.vnet)?.running !== false) continue;
    for (const p of wg.peers) if (p.enabled) carry(wg.vnet, p.allowedIps);
  }
  const stoppedTunnels = [...tunnelSets]
    .map(([vnet, parts]) => ({network: networksByKey.get(vnet)!, set: IntervalSet.from(parts)}))
    .filter((t) => !t.set.isEmpty);

  // NIC address: what the API reports, else a DHCP reservation/lease for its MAC.
  const byMac = new Map<string, number>();
  for (const a of site.addresses) {
    if ((a.type === 'static' || a.type === 'dynamic') && a.mac) {
      const ip = parseIpv4(a.ip);
      const k = `${a.vnet}|${a.mac.toLowerCase()}`;
      if (ip !== null && (!byMac.has(k) || a.type === 'static')) byMac.set(k, ip);
    }
  }
  const nicAddress = (nic: Nic): number | null => {
    const reported = parseIpv4(nic.ip.split(',')[0] ?? '');
    if (reported !== null) return reported;
    if (nic.vnet === null || !nic.mac) return null;
    return byMac.get(`${nic.vnet}|${nic.mac.toLowerCase()}`) ?? null;
  };

  const loc = buildLocations(site.networks, ownAddresses, cidrSets);
  let dmzAddresses = IntervalSet.EMPTY;
  for (const n of site.networks) dmzAddresses = dmzAddresses.union(pointSet(n.dmzIp));
  return {
    dmzAddresses,
    site,
    networksByKey,
    networksByName,
    aliasesByKey,
    aliasesByName,
    vmsByName,
    ownAddresses,
    cidrSets,
    wireguardSources,
    stoppedTunnels,
    ...loc,
    nicAddress,
  };
}

/** The location of one address. */
export function locate(idx: SiteIndex, ip: number): Location {
  let lo = 0;
  let hi = idx.locLo.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (idx.locLo[mid] <= ip) lo = mid;
    else hi = mid - 1;
  }
  return idx.locNet[lo];
}

/** Splits an address set by location, in location-map order. */
export function splitByLocation(idx: SiteIndex, set: IntervalSet): Array<{loc: Location; set: IntervalSet}> {
  const acc = new Map<Location, Array<[number, number]>>();
  const b = set.b;
  for (let i = 0; i < b.length; i += 2) {
    const lo = b[i];
    const hi = b[i + 1];
    // First segment containing lo.
    let s = 0;
    let e = idx.locLo.length - 1;
    while (s < e) {
      const mid = (s + e + 1) >> 1;
      if (idx.locLo[mid] <= lo) s = mid;
      else e = mid - 1;
    }
    for (let k = s; k < idx.locLo.length && idx.locLo[k] <= hi; k++) {
      const net = idx.locNet[k];
      const list = acc.get(net) ?? [];
      list.push([Math.max(lo, idx.locLo[k]), Math.min(hi, idx.locHi[k])]);
      acc.set(net, list);
    }
  }
  const out: Array<{loc: Location; set: IntervalSet}> = [];
  for (const [loc, list] of acc) out.push({loc, set: IntervalSet.from(list)});
  return out;
}

/** Looks a network up by exact name, then case-insensitively when unique, then by key. */
export function findNetwork(idx: SiteIndex, ref: string): Network | null {
  const exact = idx.networksByName.get(ref);
  if (exact) return exact;
  const lower = ref.toLowerCase();
  const ci = idx.site.networks.filter((n) => n.name.toLowerCase() === lower);
  if (ci.length === 1) return ci[0];
  if (/^\d+$/.test(ref)) return idx.networksByKey.get(Number(ref)) ?? null;
  return null;
}

/** `alias:<key>` (what VergeOS stores) or `alias:<name>` (accepted on read). */
export function findAlias(idx: SiteIndex, ref: string): AliasCompiled | null {
  if (/^\d+$/.test(ref)) {
    const byKey = idx.aliasesByKey.get(Number(ref));
    if (byKey) return byKey;
  }
  const exact = idx.aliasesByName.get(ref);
  if (exact) return exact;
  const lower = ref.toLowerCase();
  const ci = idx.site.aliases.filter((a) => a.name.toLowerCase() === lower);
  return ci.length === 1 ? idx.aliasesByKey.get(ci[0].key)! : null;
}

export function networkName(idx: SiteIndex, loc: Location): string {
  return loc === OUTSIDE ? 'outside' : (idx.networksByKey.get(loc)?.name ?? `network ${loc}`);
}
