// API rows → domain model. The only place that knows both spellings.
import type {
  AddressRow,
  AliasRow,
  CidrRow,
  NicRow,
  Phase1Row,
  Phase2Row,
  RuleRow,
  TenantRow,
  VmRow,
  VnetRow,
  WireguardPeerRow,
  WireguardRow,
} from '../api/rows.js';
import {PORT_MIRRORING, RULE_ACTIONS, RULE_DIRECTIONS, RULE_PINS, type NetworkType} from '../api/enums.js';
import type {
  Address,
  Alias,
  AliasEntry,
  IpsecPhase2,
  IpsecTunnel,
  Network,
  NetworkBlock,
  Nic,
  Rule,
  Tenant,
  Vm,
  WireguardInterface,
  WireguardPeer,
} from './model.js';

function oneOf<T extends string>(values: readonly T[], value: string, fallback: T): T {
  return (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function toNetwork(r: VnetRow): Network {
  return {
    key: r.$key,
    name: r.name,
    description: r.description,
    type: (r.type || 'internal') as NetworkType,
    enabled: r.enabled,
    cidr: r.network,
    routerIp: r.ipaddress,
    dmzIp: r.dmz_ipaddress,
    gateway: r.gateway,
    defaultGateway: r.vnet_default_gateway,
    interfaceVnet: r.interface_vnet,
    dhcpEnabled: r.dhcp_enabled,
    dhcpStart: r.dhcp_start,
    dhcpStop: r.dhcp_stop,
    dns: r.dns,
    dnsList: r.dnslist,
    domain: r.domain,
    mtu: r.mtu,
    needFwApply: r.need_fw_apply,
    needRestart: r.need_restart,
    // VergeOS writes 0 for "never applied".
    lastFwApply: r.last_fw_apply || null,
    running: r.running,
    status: r.status || (r.running ? 'running' : 'stopped'),
    portMirroring: oneOf(PORT_MIRRORING, r.port_mirroring, 'off'),
    portMirroringVnet: r.port_mirroring_vnet,
    statistics: r.statistics,
    ipsecEnabled: r.ipsec_enabled,
    machine: r.machine,
    owner: r.owner,
    modified: r.modified,
  };
}

export function toRule(r: RuleRow): Rule {
  return {
    key: r.$key,
    vnet: r.vnet,
    name: r.name,
    description: r.description,
    orderid: r.orderid,
    pin: oneOf(RULE_PINS, r.pin, 'no'),
    enabled: r.enabled,
    action: oneOf(RULE_ACTIONS, r.action, 'accept'),
    protocol: r.protocol || 'any',
    direction: oneOf(RULE_DIRECTIONS, r.direction, 'incoming'),
    interface: r.interface || 'auto',
    ctState: r.ct_state,
    sourceIp: r.source_ip,
    sourcePorts: r.source_ports,
    destinationIp: r.destination_ip,
    destinationPorts: r.destination_ports,
    targetIp: r.target_ip,
    targetPorts: r.target_ports,
    statistics: r.statistics,
    log: r.log,
    trace: r.trace,
    packets: r.packets,
    bytes: r.bytes,
    systemRule: r.system_rule,
    owner: r.owner,
    modified: r.modified,
  };
}

/** `"192.0.2.10|web,192.0.2.11|db"` → entries with optional labels. */
export function parseAliasValue(value: string): AliasEntry[] {
  return value
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const bar = part.indexOf('|');
      return bar < 0 ? {value: part, label: ''} : {value: part.slice(0, bar).trim(), label: part.slice(bar + 1).trim()};
    });
}

export function formatAliasValue(entries: readonly AliasEntry[]): string {
  return entries.map((e) => (e.label ? `${e.value}|${e.label}` : e.value)).join(',');
}

export function toAlias(r: AliasRow): Alias {
  return {
    key: r.$key,
    name: r.name,
    id: r.id,
    description: r.description,
    value: r.value,
    entries: parseAliasValue(r.value),
    publishingScope: r.publishing_scope || 'private',
  };
}

export function toAddress(r: AddressRow): Address {
  return {
    key: r.$key,
    vnet: r.vnet,
    ip: r.ip,
    mac: r.mac,
    type: r.type,
    hostname: r.hostname,
    owner: r.owner,
    description: r.description,
  };
}

/** `"tenants/5"` → 5. */
export function ownerKey(owner: string, table: string): number | null {
  const m = new RegExp(`^${table}/(\\d+)$`).exec(owner);
  return m ? Number(m[1]) : null;
}

export function toBlock(r: CidrRow): NetworkBlock {
  return {
    key: r.$key,
    vnet: r.vnet,
    cidr: r.cidr,
    owner: r.owner,
    tenant: ownerKey(r.owner, 'tenants'),
    description: r.description,
  };
}

export function toNic(r: NicRow, vm: number | null): Nic {
  return {
    key: r.$key,
    machine: r.machine,
    vm,
    name: r.name,
    vnet: r.vnet,
    mac: r.macaddress,
    ip: r.ipaddress,
    enabled: r.enabled,
    interface: r.interface,
    orderid: r.orderid,
    description: r.description,
  };
}

export function toVm(r: VmRow): Vm {
  const nics = (r.machine.nics ?? [])
    .map((n) => toNic(n, r.$key))
    .sort((a, b) => a.orderid - b.orderid || a.key - b.key);
  return {
    key: r.$key,
    name: r.name,
    description: r.description,
    machine: r.machine.$key,
    running: r.running,
    status: r.status || (r.running ? 'running' : 'stopped'),
    nics,
  };
}

export function toTenant(r: TenantRow, nodes: number | null = null): Tenant {
  return {
    key: r.$key,
    name: r.name,
    description: r.description,
    vnet: r.vnet,
    isolate: r.isolate,
    status: r.status,
    state: r.state,
    running: r.running,
    uiAddress: r.ui_address,
    nodes,
  };
}

export function toWireguardPeer(r: WireguardPeerRow): WireguardPeer {
  return {
    key: r.$key,
    wireguard: r.wireguard,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    endpoint: r.endpoint,
    port: r.port,
    peerIp: r.peer_ip,
    publicKey: r.public_key,
    allowedIps: r.allowed_ips,
    keepalive: r.keepalive,
    configureFirewall: r.configure_firewall,
    lastHandshake: r.last_handshake || null,
    txBytes: r.tx_bytes,
    rxBytes: r.rx_bytes,
  };
}

export function toWireguard(r: WireguardRow, peers: WireguardPeer[]): WireguardInterface {
  return {
    key: r.$key,
    vnet: r.vnet,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    ip: r.ip,
    listenPort: r.listenport,
    mtu: r.mtu,
    publicKey: r.public_key,
    endpointIp: r.endpoint_ip,
    peers,
  };
}

export function toPhase2(r: Phase2Row): IpsecPhase2 {
  return {
    key: r.$key,
    phase1: r.phase1,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    mode: r.mode,
    local: r.local,
    remote: r.remote,
    protocol: r.protocol,
    ciphers: r.ciphers,
    lifetime: r.lifetime,
  };
}

export function toTunnel(r: Phase1Row, phase2: IpsecPhase2[]): IpsecTunnel {
  return {
    key: r.$key,
    ipsec: r.ipsec,
    vnet: r.vnet,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    remoteGateway: r.remote_gateway,
    keyexchange: r.keyexchange,
    auth: r.auth,
    negotiation: r.negotiation,
    ike: r.ike,
    ikelifetime: r.ikelifetime,
    auto: r.auto,
    dpdaction: r.dpdaction,
    phase2,
  };
}
