// The site as a drawing: one layout model that both the console's :map and
// the report's SVG render. Columns are the External network(s) and the
// networks vseg manages, left to right; every connection is a lane (one row
// each) between two columns: routes between networks, uplinks to the outside
// through the default gateway, VPN tunnels, tenant blocks and port mirrors.
// Nothing here knows about characters or pixels (terminal.ts, svg.ts do).
import {cidrRange, parseCidr, parseIpv4} from '../ip.js';
import {compareRuleOrder, type Key, type Network, type Site} from '../model.js';

export type ColumnKind = 'outside' | 'network';

export interface MapColumn {
  id: string;
  kind: ColumnKind;
  /** Network key for networks; null for the outside column. */
  key: Key | null;
  name: string;
  /** Lines under the name: CIDR, router state, what hangs off it. */
  lines: string[];
  /** VM names shown (the first few), and how many more there are. */
  vms: string[];
  moreVms: number;
  running: boolean;
  pending: boolean;
  type: Network['type'] | 'outside';
}

export type LaneKind = 'route' | 'uplink' | 'wireguard' | 'ipsec' | 'tenant' | 'mirror';

export interface MapLane {
  id: string;
  kind: LaneKind;
  /** Column indexes: the arrow goes from → to. */
  from: number;
  to: number;
  /** "route to db via 100.96.0.12", "wg0: 2 peers", "block 203.0.113.64/28". */
  label: string;
  /** What :why asks for this lane (network or address endpoints), when it carries traffic to judge. */
  why?: {from: string; to: string};
}

export interface SiteMap {
  columns: MapColumn[];
  lanes: MapLane[];
}

export interface MapOptions {
  /** VMs listed per network before "+N more" (default 3). */
  vmsShown?: number;
}

const OUTSIDE_ID = 'outside';

export function siteMap(site: Site, options: MapOptions = {}): SiteMap {
  const shown = options.vmsShown ?? 3;
  const byKey = new Map(site.networks.map((n) => [n.key, n]));
  // Networks derived from others (mirrors, tenant host networks) are drawn inside their owner.
  const mirrorOf = new Map<Key, Network>();
  for (const n of site.networks) if (n.portMirroringVnet !== null) mirrorOf.set(n.portMirroringVnet, n);
  const tenantNets = new Set(site.tenants.map((t) => t.vnet).filter((k): k is Key => k !== null));
  const drawn = site.networks
    .filter((n) => n.type !== 'port_mirror' && !mirrorOf.has(n.key) && !tenantNets.has(n.key) && n.owner === '')
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.key - b.key);

  const vmsBy = new Map<Key, string[]>();
  for (const vm of [...site.vms].sort((a, b) => a.name.localeCompare(b.name)))
    for (const nic of vm.nics)
      if (nic.vnet !== null && nic.enabled) {
        const list = vmsBy.get(nic.vnet) ?? [];
        if (!list.includes(vm.name)) list.push(vm.name);
        vmsBy.set(nic.vnet, list);
      }

  const columns: MapColumn[] = [
    {
      id: OUTSIDE_ID,
      kind: 'outside',
      key: null,
      name: 'outside',
      lines: ['the internet, VPN peers, tenants'],
      vms: [],
      moreVms: 0,
      running: true,
      pending: false,
      type: 'outside',
    },
  ];
  const col = new Map<Key, number>();
  for (const n of drawn) {
    col.set(n.key, columns.length);
    const vms = vmsBy.get(n.key) ?? [];
    const lines: string[] = [];
    if (n.cidr) lines.push(n.cidr);
    lines.push(`${n.running ? 'running' : String(n.status || 'stopped')}${n.needFwApply ? ', rules pending' : ''}`);
    const wg = site.wireguards.filter((w) => w.vnet === n.key);
    for (const w of wg) lines.push(`wg ${w.name}: ${w.peers.length} peer${w.peers.length === 1 ? '' : 's'}`);
    const ipsec = site.ipsec.filter((t) => t.vnet === n.key);
    for (const t of ipsec) lines.push(`ipsec ${t.name}`);
    if (n.portMirroring !== 'off') lines.push(`mirror ${n.portMirroring.replace('_', '/')}`);
    columns.push({
      id: `net:${n.key}`,
      kind: 'network',
      key: n.key,
      name: n.name,
      lines,
      vms: vms.slice(0, shown),
      moreVms: Math.max(0, vms.length - shown),
      running: n.running,
      pending: n.needFwApply,
      type: n.type,
    });
  }

  const lanes: MapLane[] = [];
  const seen = new Set<string>();
  const rulesBy = new Map<Key, typeof site.rules>();
  for (const r of site.rules) {
    const list = rulesBy.get(r.vnet) ?? [];
    list.push(r);
    rulesBy.set(r.vnet, list);
  }
  const blocks = new Map<Key, [number, number] | null>();
  for (const m of drawn) {
    const c = m.cidr ? parseCidr(m.cidr) : null;
    blocks.set(m.key, c && c.ok ? cidrRange(c.value) : null);
  }
  for (const n of drawn) {
    const from = col.get(n.key)!;
    // Routes: an enabled outgoing route rule whose destination reaches another drawn network.
    for (const r of (rulesBy.get(n.key) ?? []).sort(compareRuleOrder)) {
      if (!r.enabled || r.action !== 'route' || r.direction !== 'outgoing') continue;
      const dest = destinationRanges(r.destinationIp);
      for (const m of drawn) {
        if (m.key === n.key || !m.cidr) continue;
        if (!destinationReaches(dest, m, blocks.get(m.key) ?? null)) continue;
        const id = `route:${n.key}-${m.key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        lanes.push({
          id,
          kind: 'route',
          from,
          to: col.get(m.key)!,
          label: `route ${n.name} → ${m.name}${r.targetIp ? ` via ${r.targetIp}` : ''}`,
          why: {from: `net:${n.name}`, to: `net:${m.name}`},
        });
      }
    }
    if (n.type === 'internal' && n.defaultGateway !== null) {
      const gw = byKey.get(n.defaultGateway);
      lanes.push({
        id: `uplink:${n.key}`,
        kind: 'uplink',
        from,
        to: 0,
        label: `${n.name} → outside via ${gw?.name ?? 'its gateway'}`,
        why: {from: `net:${n.name}`, to: 'outside'},
      });
    }
    for (const w of site.wireguards.filter((x) => x.vnet === n.key))
      lanes.push({
        id: `wg:${w.key}`,
        kind: 'wireguard',
        from: 0,
        to: from,
        label: `WireGuard ${w.name}: ${w.peers.map((p) => p.name).join(', ') || 'no peers'}`,
      });
    for (const t of site.ipsec.filter((x) => x.vnet === n.key))
      lanes.push({
        id: `ipsec:${t.key}`,
        kind: 'ipsec',
        from: 0,
        to: from,
        label: `IPsec ${t.name} ⇄ ${t.remoteGateway}`,
      });
    if (n.portMirroringVnet !== null) {
      const mirror = byKey.get(n.portMirroringVnet);
      lanes.push({
        id: `mirror:${n.key}`,
        kind: 'mirror',
        from,
        to: from,
        label: `mirror ${n.portMirroring.replace('_', '/')} → ${mirror?.name ?? 'capture network'}`,
      });
    }
  }
  for (const t of site.tenants) {
    const blocks = site.blocks.filter((b) => b.tenant === t.key);
    const host = blocks.map((b) => col.get(b.vnet)).find((c) => c !== undefined);
    lanes.push({
      id: `tenant:${t.key}`,
      kind: 'tenant',
      from: host ?? 0,
      to: 0,
      label: `tenant ${t.name}${t.isolate ? ' (isolated)' : ''}${blocks.length ? `: ${blocks.map((b) => b.cidr).join(', ')}` : ''}`,
    });
  }
  return {columns, lanes};
}

function rank(n: Network): number {
  return n.type === 'external' ? 0 : n.type === 'internal' ? 1 : 2;
}

/** The address ranges a route rule's destination names (CIDRs, addresses; vnet:NAME by name). */
function destinationRanges(field: string): {ranges: Array<[number, number]>; vnets: string[]} {
  const ranges: Array<[number, number]> = [];
  const vnets: string[] = [];
  for (const raw of field.split(',')) {
    const t = raw.trim();
    if (t === '') continue;
    if (t.startsWith('vnet:')) vnets.push(t.slice(5));
    else if (t.includes('/')) {
      const c = parseCidr(t);
      if (c.ok) ranges.push(cidrRange(c.value));
    } else {
      const ip = parseIpv4(t);
      if (ip !== null) ranges.push([ip, ip]);
    }
  }
  return {ranges, vnets};
}

/** Whether a route rule's destination covers any of another network's block. */
function destinationReaches(
  dest: {ranges: Array<[number, number]>; vnets: string[]},
  target: Network,
  block: [number, number] | null,
): boolean {
  if (dest.vnets.includes(target.name)) return true;
  return block !== null && dest.ranges.some(([lo, hi]) => lo <= block[1] && block[0] <= hi);
}
