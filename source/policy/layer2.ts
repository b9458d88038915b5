// Layer-2 pass-through (tenant_layer2_vnets): a network passed through to a
// tenant shares its segment with the tenant's hosts, so traffic between the
// tenant's addresses (its network blocks and its external addresses) and
// that network never crosses the network's router: no rule applies to it.
import {IntervalSet, cidrRange, parseCidr, parseIpv4} from '../domain/ip.js';
import type {Key, Site} from '../domain/model.js';
import type {CompiledSite} from './compile.js';

export interface Layer2Link {
  /** The network passed through. */
  vnet: Key;
  network: string;
  tenant: string;
  /** The tenant's addresses on the far side. */
  addresses: IntervalSet;
}

const CACHE = new WeakMap<Site, Layer2Link[]>();

export function layer2Links(site: Site | CompiledSite): Layer2Link[] {
  const s = 'index' in site ? site.site : site;
  const hit = CACHE.get(s);
  if (hit) return hit;
  const out: Layer2Link[] = [];
  for (const l of s.layer2) {
    if (!l.enabled) continue;
    const network = s.networks.find((n) => n.key === l.vnet);
    if (!network) continue;
    const tenant = s.tenants.find((t) => t.key === l.tenant);
    const spans: [number, number][] = [];
    for (const b of s.blocks) {
      if (b.tenant !== l.tenant) continue;
      const c = parseCidr(b.cidr);
      if (c.ok) spans.push(cidrRange(c.value));
    }
    for (const a of s.addresses) {
      if (a.owner !== `tenants/${l.tenant}`) continue;
      const ip = parseIpv4(a.ip);
      if (ip !== null) spans.push([ip, ip]);
    }
    out.push({
      vnet: l.vnet,
      network: network.name,
      tenant: tenant?.name ?? `tenant ${l.tenant}`,
      addresses: IntervalSet.from(spans),
    });
  }
  CACHE.set(s, out);
  return out;
}

/** The link a packet between these two ends uses, if any (either direction). */
export function layer2Between(
  links: readonly Layer2Link[],
  src: number,
  /** Network key, or OUTSIDE (-1). */
  from: number,
  dst: number,
  to: number,
): Layer2Link | undefined {
  return links.find((l) => (to === l.vnet && l.addresses.has(src)) || (from === l.vnet && l.addresses.has(dst)));
}

export function layer2Note(l: Layer2Link): string {
  return `${l.network} is passed through to tenant ${l.tenant} at layer 2: traffic between them bypasses ${l.network}'s router, so no rule applies`;
}
