// The views of `vseg get`: Site → rows for JSON/YAML (stable field names,
// documented in docs/HEADLESS.md) and the columns of the table form. Pure.
import {yesNo} from '../domain/format.js';
import {compareRuleOrder, type Network, type Rule, type Site} from '../domain/model.js';
import {mapAliasTokens} from '../domain/sitefile/references.js';
import type {Section} from '../domain/model.js';
import type {Column} from './output.js';

export const GET_KINDS = ['networks', 'rules', 'aliases', 'ipsec', 'wireguard', 'tenants', 'mirrors', 'vms'] as const;
export type GetKind = (typeof GET_KINDS)[number];

/** The sections each view loads (and nothing more). */
export const GET_SECTIONS: Record<GetKind, readonly Section[]> = {
  networks: ['networks', 'rules'],
  rules: ['networks', 'rules', 'aliases'],
  aliases: ['aliases', 'rules'],
  ipsec: ['networks', 'vpn'],
  wireguard: ['networks', 'vpn'],
  tenants: ['networks', 'tenants'],
  mirrors: ['networks', 'vms'],
  vms: ['networks', 'vms'],
};

/** Views that take --network. */
export const NETWORK_FILTERED: ReadonlySet<GetKind> = new Set([
  'networks',
  'rules',
  'ipsec',
  'wireguard',
  'mirrors',
  'vms',
]);

export interface View<Row> {
  rows: Row[];
  columns: Array<Column<Row>>;
}

const nameOf = (site: Site) => {
  const m = new Map(site.networks.map((n) => [n.key, n.name]));
  return (key: number | null) => (key === null ? null : (m.get(key) ?? `#${key}`));
};

export interface NetworkRow {
  name: string;
  key: number;
  type: string;
  cidr: string;
  routerIp: string;
  enabled: boolean;
  running: boolean;
  status: string;
  needFwApply: boolean;
  needRestart: boolean;
  rules: number;
  defaultGateway: string | null;
  portMirroring: string;
  description: string;
}

export function networksView(site: Site, only?: Network): View<NetworkRow> {
  // Counted in one pass: a filter per network is networks × rules (50 million at provider scale).
  const ruleCount = new Map<number, number>();
  for (const r of site.rules) ruleCount.set(r.vnet, (ruleCount.get(r.vnet) ?? 0) + 1);
  const name = nameOf(site);
  const rows = site.networks
    .filter((n) => !only || n.key === only.key)
    .map((n): NetworkRow => ({
      name: n.name,
      key: n.key,
      type: n.type,
      cidr: n.cidr,
      routerIp: n.routerIp,
      enabled: n.enabled,
      running: n.running,
      status: String(n.status),
      needFwApply: n.needFwApply,
      needRestart: n.needRestart,
      rules: ruleCount.get(n.key) ?? 0,
      defaultGateway: name(n.defaultGateway),
      portMirroring: n.portMirroring,
      description: n.description,
    }));
  return {
    rows,
    columns: [
      {header: 'NAME', value: (r) => r.name},
      {header: 'TYPE', value: (r) => r.type, priority: 3},
      {header: 'CIDR', value: (r) => r.cidr},
      {header: 'ROUTER', value: (r) => r.routerIp, priority: 4},
      {header: 'STATUS', value: (r) => r.status, priority: 2},
      {header: 'PENDING', value: (r) => (r.needFwApply ? 'rules' : r.needRestart ? 'restart' : ''), priority: 1},
      {header: 'RULES', value: (r) => r.rules, align: 'right', priority: 2},
      {header: 'MIRROR', value: (r) => (r.portMirroring === 'off' ? '' : r.portMirroring), priority: 5},
      {header: 'DESCRIPTION', value: (r) => r.description, priority: 6},
    ],
  };
}

export interface RuleRow {
  network: string;
  position: number;
  name: string;
  key: number;
  orderid: number;
  pin: string;
  enabled: boolean;
  action: string;
  direction: string;
  protocol: string;
  source: string;
  sourcePorts: string;
  destination: string;
  destinationPorts: string;
  target: string;
  targetPorts: string;
  interface: string;
  ctState: string;
  log: boolean;
  statistics: boolean;
  packets: number;
  bytes: number;
  system: boolean;
  owner: string;
  description: string;
}

export function rulesView(site: Site, only?: Network): View<RuleRow> {
  const aliasNames = new Map(site.aliases.map((a) => [String(a.key), a.name]));
  const named = (field: string) => mapAliasTokens(field, (v) => aliasNames.get(v));
  const rows: RuleRow[] = [];
  const byNetwork = new Map<number, Rule[]>();
  for (const r of site.rules) {
    if (only && r.vnet !== only.key) continue;
    const list = byNetwork.get(r.vnet);
    if (list) list.push(r);
    else byNetwork.set(r.vnet, [r]);
  }
  for (const n of site.networks) {
    if (only && n.key !== only.key) continue;
    const rules = (byNetwork.get(n.key) ?? []).sort(compareRuleOrder);
    rules.forEach((r, i) =>
      rows.push({
        network: n.name,
        position: i + 1,
        name: r.name,
        key: r.key,
        orderid: r.orderid,
        pin: r.pin,
        enabled: r.enabled,
        action: r.action,
        direction: r.direction,
        protocol: r.protocol,
        source: named(r.sourceIp),
        sourcePorts: named(r.sourcePorts),
        destination: named(r.destinationIp),
        destinationPorts: named(r.destinationPorts),
        target: named(r.targetIp),
        targetPorts: named(r.targetPorts),
        interface: r.interface,
        ctState: r.ctState,
        log: r.log,
        statistics: r.statistics,
        packets: r.packets,
        bytes: r.bytes,
        system: r.systemRule || r.owner !== '',
        owner: r.owner,
        description: r.description,
      }),
    );
  }
  const end = (addr: string, ports: string) => `${addr || 'any'}${ports ? `:${ports}` : ''}`;
  return {
    rows,
    columns: [
      {header: 'NETWORK', value: (r) => r.network, priority: only ? 7 : 0},
      {header: '#', value: (r) => r.position, align: 'right'},
      {header: 'NAME', value: (r) => r.name, minWidth: 12},
      {header: 'ACTION', value: (r) => r.action},
      {header: 'DIR', value: (r) => (r.direction === 'incoming' ? 'in' : 'out')},
      {header: 'PROTO', value: (r) => r.protocol},
      {header: 'SOURCE', value: (r) => end(r.source, r.sourcePorts), minWidth: 10},
      {header: 'DESTINATION', value: (r) => end(r.destination, r.destinationPorts), minWidth: 10},
      {header: 'TARGET', value: (r) => end(r.target, r.targetPorts).replace(/^any$/, ''), priority: 3},
      {
        header: 'FLAGS',
        value: (r) =>
          [r.enabled ? '' : 'off', r.pin !== 'no' ? `pin-${r.pin}` : '', r.log ? 'log' : '', r.system ? 'sys' : '']
            .filter(Boolean)
            .join(','),
        priority: 2,
      },
      {header: 'PACKETS', value: (r) => (r.statistics ? r.packets : ''), align: 'right', priority: 4},
    ],
  };
}

export interface AliasRow {
  name: string;
  key: number;
  scope: string;
  entries: Array<{value: string; label: string}>;
  usedBy: number;
  description: string;
}

export function aliasesView(site: Site): View<AliasRow> {
  // Each rule's alias references, read once (not once per alias: aliases × rules at provider scale).
  const aliasesByRef = new Map<string, number[]>();
  for (const a of site.aliases)
    for (const ref of new Set([String(a.key), a.name]))
      aliasesByRef.set(ref, [...(aliasesByRef.get(ref) ?? []), a.key]);
  const uses = new Map<number, number>();
  for (const r of site.rules) {
    const used = new Set<number>();
    for (const f of [r.sourceIp, r.sourcePorts, r.destinationIp, r.destinationPorts, r.targetIp, r.targetPorts]) {
      if (!f.includes('alias:')) continue;
      for (const part of f.split(',')) {
        const m = /^\s*alias:(.*?)\s*$/.exec(part);
        for (const key of (m && aliasesByRef.get(m[1])) || []) used.add(key);
      }
    }
    for (const key of used) uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  const rows = site.aliases.map((a): AliasRow => {
    const usedBy = uses.get(a.key) ?? 0;
    return {
      name: a.name,
      key: a.key,
      scope: a.publishingScope,
      entries: a.entries.map((e) => ({value: e.value, label: e.label})),
      usedBy,
      description: a.description,
    };
  });
  return {
    rows,
    columns: [
      {header: 'NAME', value: (r) => r.name},
      {
        header: 'ENTRIES',
        value: (r) => r.entries.map((e) => (e.label ? `${e.value} (${e.label})` : e.value)).join(', '),
        minWidth: 12,
      },
      {header: 'USED BY', value: (r) => r.usedBy, align: 'right', priority: 2},
      {header: 'SCOPE', value: (r) => r.scope, priority: 3},
      {header: 'DESCRIPTION', value: (r) => r.description, priority: 4},
    ],
  };
}

export interface IpsecRow {
  network: string;
  name: string;
  key: number;
  enabled: boolean;
  remoteGateway: string;
  keyExchange: string;
  auth: string;
  auto: string;
  ike: string;
  phase2: Array<{name: string; enabled: boolean; mode: string; local: string; remote: string; protocol: string}>;
  description: string;
}

export function ipsecView(site: Site, only?: Network): View<IpsecRow> {
  const name = nameOf(site);
  const rows = site.ipsec
    .filter((t) => !only || t.vnet === only.key)
    .map((t): IpsecRow => ({
      network: name(t.vnet) ?? '',
      name: t.name,
      key: t.key,
      enabled: t.enabled,
      remoteGateway: t.remoteGateway,
      keyExchange: t.keyexchange,
      auth: t.auth,
      auto: t.auto,
      ike: t.ike,
      phase2: t.phase2.map((p) => ({
        name: p.name,
        enabled: p.enabled,
        mode: p.mode,
        local: p.local,
        remote: p.remote,
        protocol: p.protocol,
      })),
      description: t.description,
    }))
    .sort((a, b) => (a.network + a.name < b.network + b.name ? -1 : 1));
  return {
    rows,
    columns: [
      {header: 'NETWORK', value: (r) => r.network},
      {header: 'TUNNEL', value: (r) => r.name},
      {header: 'REMOTE', value: (r) => r.remoteGateway},
      {header: 'IKE', value: (r) => r.keyExchange, priority: 3},
      {header: 'AUTH', value: (r) => r.auth, priority: 4},
      {header: 'ENABLED', value: (r) => yesNo(r.enabled), priority: 2},
      {
        header: 'SELECTORS',
        value: (r) => r.phase2.map((p) => `${p.local} ↔ ${p.remote || 'any'}`).join(', '),
        minWidth: 10,
      },
    ],
  };
}

export interface WireguardRow {
  network: string;
  name: string;
  key: number;
  enabled: boolean;
  ip: string;
  listenPort: number;
  publicKey: string;
  endpointIp: string;
  peers: Array<{
    name: string;
    enabled: boolean;
    endpoint: string;
    port: number;
    peerIp: string;
    allowedIps: string;
    publicKey: string;
    keepalive: number;
    lastHandshake: number | null;
    txBytes: number;
    rxBytes: number;
  }>;
  description: string;
}

export function wireguardView(site: Site, only?: Network): View<WireguardRow> {
  const name = nameOf(site);
  const rows = site.wireguards
    .filter((w) => !only || w.vnet === only.key)
    .map((w): WireguardRow => ({
      network: name(w.vnet) ?? '',
      name: w.name,
      key: w.key,
      enabled: w.enabled,
      ip: w.ip,
      listenPort: w.listenPort,
      publicKey: w.publicKey,
      endpointIp: w.endpointIp,
      peers: w.peers.map((p) => ({
        name: p.name,
        enabled: p.enabled,
        endpoint: p.endpoint,
        port: p.port,
        peerIp: p.peerIp,
        allowedIps: p.allowedIps,
        publicKey: p.publicKey,
        keepalive: p.keepalive,
        lastHandshake: p.lastHandshake,
        txBytes: p.txBytes,
        rxBytes: p.rxBytes,
      })),
      description: w.description,
    }))
    .sort((a, b) => (a.network + a.name < b.network + b.name ? -1 : 1));
  return {
    rows,
    columns: [
      {header: 'NETWORK', value: (r) => r.network},
      {header: 'INTERFACE', value: (r) => r.name},
      {header: 'ADDRESS', value: (r) => r.ip},
      {header: 'PORT', value: (r) => r.listenPort, align: 'right', priority: 3},
      {header: 'ENABLED', value: (r) => yesNo(r.enabled), priority: 2},
      {header: 'PEERS', value: (r) => r.peers.map((p) => `${p.name} (${p.allowedIps})`).join(', '), minWidth: 10},
    ],
  };
}

export interface TenantRow {
  name: string;
  key: number;
  status: string;
  state: string;
  running: boolean;
  isolate: boolean;
  network: string | null;
  blocks: Array<{network: string; cidr: string; description: string}>;
  description: string;
}

export function tenantsView(site: Site): View<TenantRow> {
  const name = nameOf(site);
  const rows = site.tenants.map((t): TenantRow => ({
    name: t.name,
    key: t.key,
    status: t.status,
    state: t.state,
    running: t.running,
    isolate: t.isolate,
    network: name(t.vnet),
    blocks: site.blocks
      .filter((b) => b.tenant === t.key)
      .map((b) => ({network: name(b.vnet) ?? '', cidr: b.cidr, description: b.description})),
    description: t.description,
  }));
  return {
    rows,
    columns: [
      {header: 'NAME', value: (r) => r.name},
      {header: 'STATUS', value: (r) => r.status},
      {header: 'ISOLATED', value: (r) => yesNo(r.isolate)},
      {header: 'NETWORK', value: (r) => r.network ?? '', priority: 3},
      {header: 'BLOCKS', value: (r) => r.blocks.map((b) => `${b.cidr} on ${b.network}`).join(', '), priority: 2},
      {header: 'DESCRIPTION', value: (r) => r.description, priority: 4},
    ],
  };
}

export interface MirrorRow {
  network: string;
  mode: string;
  mirrorNetwork: string | null;
  captureNics: Array<{vm: string; nic: string}>;
}

export function mirrorsView(site: Site, only?: Network): View<MirrorRow> {
  const name = nameOf(site);
  const rows = site.networks
    .filter((n) => n.type !== 'port_mirror' && (!only || n.key === only.key))
    .map((n): MirrorRow => ({
      network: n.name,
      mode: n.portMirroring,
      mirrorNetwork: name(n.portMirroringVnet),
      captureNics:
        n.portMirroringVnet === null
          ? []
          : site.vms.flatMap((vm) =>
              vm.nics.filter((c) => c.vnet === n.portMirroringVnet).map((c) => ({vm: vm.name, nic: c.name})),
            ),
    }));
  return {
    rows,
    columns: [
      {header: 'NETWORK', value: (r) => r.network},
      {header: 'MODE', value: (r) => r.mode},
      {header: 'MIRROR NETWORK', value: (r) => r.mirrorNetwork ?? ''},
      {header: 'CAPTURE', value: (r) => r.captureNics.map((c) => `${c.vm}.${c.nic}`).join(', '), priority: 2},
    ],
  };
}

export interface VmRow {
  name: string;
  key: number;
  running: boolean;
  status: string;
  nics: Array<{name: string; network: string | null; ip: string; mac: string; enabled: boolean}>;
  description: string;
}

export function vmsView(site: Site, only?: Network): View<VmRow> {
  const name = nameOf(site);
  const rows = site.vms
    .filter((vm) => !only || vm.nics.some((c) => c.vnet === only.key))
    .map((vm): VmRow => ({
      name: vm.name,
      key: vm.key,
      running: vm.running,
      status: String(vm.status),
      nics: vm.nics.map((c) => ({name: c.name, network: name(c.vnet), ip: c.ip, mac: c.mac, enabled: c.enabled})),
      description: vm.description,
    }));
  return {
    rows,
    columns: [
      {header: 'NAME', value: (r) => r.name},
      {header: 'STATUS', value: (r) => r.status, priority: 2},
      {
        header: 'NICS',
        value: (r) => r.nics.map((c) => `${c.name}: ${c.network ?? '(unplugged)'}${c.ip ? ` ${c.ip}` : ''}`).join(', '),
        minWidth: 12,
      },
      {header: 'DESCRIPTION', value: (r) => r.description, priority: 3},
    ],
  };
}

export function buildView(kind: GetKind, site: Site, only?: Network): View<unknown> {
  switch (kind) {
    case 'networks':
      return networksView(site, only) as View<unknown>;
    case 'rules':
      return rulesView(site, only) as View<unknown>;
    case 'aliases':
      return aliasesView(site) as View<unknown>;
    case 'ipsec':
      return ipsecView(site, only) as View<unknown>;
    case 'wireguard':
      return wireguardView(site, only) as View<unknown>;
    case 'tenants':
      return tenantsView(site) as View<unknown>;
    case 'mirrors':
      return mirrorsView(site, only) as View<unknown>;
    case 'vms':
      return vmsView(site, only) as View<unknown>;
  }
}
