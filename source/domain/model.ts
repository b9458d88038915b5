// The model the console, the headless commands and the analysis share: one
// snapshot of a site's segmentation, already normalised from API rows
// (camelCase, numbers as numbers, empty strings instead of nulls for text).
// The loader in ./load-site.ts fills it in a handful of bulk requests.
import type {NetworkType, PortMirroring, RuleAction, RuleDirection, RulePin} from '../api/enums.js';

export type Key = number;

export interface Network {
  key: Key;
  name: string;
  description: string;
  type: NetworkType;
  enabled: boolean;
  /** `vnets.network`: the network's CIDR, e.g. "10.10.1.0/24"; empty when none. */
  cidr: string;
  /** `vnets.ipaddress`: the router's address on the network. */
  routerIp: string;
  /** `vnets.dmz_ipaddress`: the router's address on the DMZ side (used as route target). */
  dmzIp: string;
  /** `vnets.gateway`: gateway handed to DHCP clients. */
  gateway: string;
  /** `vnets.vnet_default_gateway`: the network this one routes external traffic through. */
  defaultGateway: Key | null;
  interfaceVnet: Key | null;
  dhcpEnabled: boolean;
  dhcpStart: string;
  dhcpStop: string;
  dns: string;
  dnsList: string;
  domain: string;
  mtu: number;
  needFwApply: boolean;
  needRestart: boolean;
  /** Unix seconds of the last Apply Rules, or null when never applied. */
  lastFwApply: number | null;
  running: boolean;
  /** A MachineStatus, or a status newer than this client knows, shown as the API sent it. */
  status: string;
  portMirroring: PortMirroring;
  portMirroringVnet: Key | null;
  statistics: boolean;
  ipsecEnabled: boolean;
  /** Router machine key (not the network key). */
  machine: Key | null;
  /** Set when VergeOS made the network for another object, e.g. "tenants/3". */
  owner: string;
  modified: number | null;
}

export interface Rule {
  key: Key;
  vnet: Key;
  name: string;
  description: string;
  orderid: number;
  pin: RulePin;
  enabled: boolean;
  action: RuleAction;
  protocol: string;
  direction: RuleDirection;
  interface: string;
  ctState: string;
  sourceIp: string;
  sourcePorts: string;
  destinationIp: string;
  destinationPorts: string;
  targetIp: string;
  targetPorts: string;
  statistics: boolean;
  log: boolean;
  trace: boolean;
  /** VergeOS's throttle expression (its format is not public): sent as typed. Absent when not loaded. */
  throttle?: string;
  /** Drop what the throttle holds back (else it is only delayed). */
  dropThrottle?: boolean;
  packets: number;
  bytes: number;
  systemRule: boolean;
  owner: string;
  modified: number | null;
}

export interface AliasEntry {
  /** An IP, CIDR, range `a-b` or port spec. */
  value: string;
  label: string;
}

export interface Alias {
  key: Key;
  name: string;
  /** Read-only SHA1 identifier, distinct from `key`. */
  id: string;
  description: string;
  /** Raw API value: comma list, each entry optionally `value|label`. */
  value: string;
  entries: AliasEntry[];
  publishingScope: string;
}

export interface Address {
  key: Key;
  vnet: Key;
  ip: string;
  mac: string;
  /** An AddressType, or a type newer than this client knows. */
  type: string;
  hostname: string;
  owner: string;
  description: string;
}

export interface Nic {
  key: Key;
  /** Machine key (not the VM key). */
  machine: Key;
  /** VM key, when the NIC belongs to a VM of the snapshot. */
  vm: Key | null;
  name: string;
  vnet: Key | null;
  mac: string;
  /** The reported address, or empty when unknown. */
  ip: string;
  enabled: boolean;
  interface: string;
  orderid: number;
  description: string;
}

export interface Vm {
  key: Key;
  name: string;
  description: string;
  machine: Key;
  running: boolean;
  /** A MachineStatus, or a status newer than this client knows, shown as the API sent it. */
  status: string;
  nics: Nic[];
}

export interface NetworkBlock {
  key: Key;
  vnet: Key;
  cidr: string;
  owner: string;
  /** Tenant key parsed from `owner: "tenants/N"`, when owned by a tenant. */
  tenant: Key | null;
  description: string;
}

/** A network passed through to a tenant at layer 2: traffic between them bypasses the network's router. */
export interface Layer2Link {
  key: Key;
  tenant: Key;
  vnet: Key;
  enabled: boolean;
}

export interface Tenant {
  key: Key;
  name: string;
  description: string;
  /** The network VergeOS created for the tenant on this (the parent) system. */
  vnet: Key | null;
  isolate: boolean;
  status: string;
  state: string;
  running: boolean;
  uiAddress: Key | null;
  /** `tenant_nodes` rows: a tenant without nodes cannot run (VERGEOS-API.md §8.1 #7); null when not loaded. */
  nodes: number | null;
}

export interface WireguardPeer {
  key: Key;
  wireguard: Key;
  name: string;
  description: string;
  enabled: boolean;
  endpoint: string;
  port: number;
  peerIp: string;
  publicKey: string;
  allowedIps: string;
  keepalive: number;
  configureFirewall: string;
  lastHandshake: number | null;
  txBytes: number;
  rxBytes: number;
}

export interface WireguardInterface {
  key: Key;
  vnet: Key;
  name: string;
  description: string;
  enabled: boolean;
  /** Interface address in CIDR form, e.g. "192.168.255.1/24". */
  ip: string;
  listenPort: number;
  mtu: number;
  publicKey: string;
  endpointIp: string;
  peers: WireguardPeer[];
}

export interface IpsecPhase2 {
  key: Key;
  phase1: Key;
  name: string;
  description: string;
  enabled: boolean;
  mode: string;
  local: string;
  remote: string;
  protocol: string;
  ciphers: string;
  lifetime: number;
}

/** One IPsec tunnel: a phase 1 row and its phase 2 selectors. */
export interface IpsecTunnel {
  key: Key;
  /** `vnet_ipsecs` key the phase 1 belongs to. */
  ipsec: Key;
  vnet: Key;
  name: string;
  description: string;
  enabled: boolean;
  remoteGateway: string;
  keyexchange: string;
  auth: string;
  negotiation: string;
  ike: string;
  ikelifetime: number;
  auto: string;
  dpdaction: string;
  phase2: IpsecPhase2[];
}

/** A tag category (`tag_categories`), as far as vseg uses it. */
export interface TagCategory {
  key: Key;
  name: string;
  description: string;
  singleTagSelection: boolean;
  taggableVnetRules: boolean;
}

export interface Tag {
  key: Key;
  name: string;
  description: string;
  category: Key | null;
}

/** A tag on a row: `member` is "<table>/<key>", e.g. "vnet_rules/12". */
export interface TagMember {
  key: Key;
  tag: Key | null;
  member: string;
}

/** The site's tags, where the rule lifecycle (owner, ticket, expiry, review) is kept (domain/lifecycle). */
export interface Tagging {
  /** False when the site has no tag tables (the lifecycle cannot be stored there). */
  available: boolean;
  categories: TagCategory[];
  tags: Tag[];
  members: TagMember[];
}

/** Parts of a site that load together; a view asks only for what it shows. */
export type Section = 'networks' | 'rules' | 'aliases' | 'addresses' | 'vms' | 'tenants' | 'vpn' | 'tags';
export const ALL_SECTIONS: readonly Section[] = [
  'networks',
  'rules',
  'aliases',
  'addresses',
  'vms',
  'tenants',
  'vpn',
  'tags',
];

/**
 * What the analysis (why, matrix, lint, :map) reads: addresses and VMs place
 * endpoints; vpn feeds rules limited to WireGuard interfaces; tenants'
 * layer-2 pass-throughs bypass routers and their blocks say whose addresses
 * reach them. The console's views and the headless commands load the same set.
 */
export const ANALYSIS_SECTIONS: readonly Section[] = [
  'networks',
  'rules',
  'aliases',
  'addresses',
  'vms',
  'vpn',
  'tenants',
];
/** The analysis plus the rules' lifecycle tags (contracts' hygiene, :recertify, check). */
export const GOVERN_SECTIONS: readonly Section[] = [...ANALYSIS_SECTIONS, 'tags'];

/**
 * Where the ruleset that is live on a network's router comes from. VergeOS's API
 * shows the staged rules; the applied ones equal them while `need_fw_apply` is
 * false. vseg remembers them (store/baselines) to compare later.
 */
export type AppliedRules =
  | {source: 'current'; rules: Rule[]; lastFwApply: number | null}
  | {source: 'baseline'; rules: Rule[]; lastFwApply: number | null; recordedAt: number}
  | {source: 'unknown'};

export interface Site {
  /** Milliseconds since the epoch when the load finished. */
  loadedAt: number;
  sections: ReadonlySet<Section>;
  networks: Network[];
  /** The staged ruleset of every network (what the API returns). */
  rules: Rule[];
  /** The site's clock (Unix seconds, its Date header) when the rules were read; for the next delta read. */
  rulesReadAt?: number;
  aliases: Alias[];
  addresses: Address[];
  vms: Vm[];
  tenants: Tenant[];
  blocks: NetworkBlock[];
  /** Networks passed through to tenants at layer 2 (loaded with the tenants). */
  layer2: Layer2Link[];
  wireguards: WireguardInterface[];
  ipsec: IpsecTunnel[];
  /** Per network key, the live ruleset when known (see AppliedRules). */
  applied: Map<Key, AppliedRules>;
  /** Tags (the `tags` section); absent until loaded. */
  tagging?: Tagging;
}

const PIN_RANK: Record<RulePin, number> = {top: 0, no: 1, bottom: 2};

/** VergeOS evaluation order: pinned top, then orderid, then pinned bottom; key breaks ties. */
export function compareRuleOrder(a: Rule, b: Rule): number {
  return PIN_RANK[a.pin] - PIN_RANK[b.pin] || a.orderid - b.orderid || a.key - b.key;
}

export function orderedRules(rules: readonly Rule[]): Rule[] {
  return [...rules].sort(compareRuleOrder);
}

export function emptySite(): Site {
  return {
    loadedAt: 0,
    sections: new Set(),
    networks: [],
    rules: [],
    aliases: [],
    addresses: [],
    vms: [],
    tenants: [],
    blocks: [],
    layer2: [],
    wireguards: [],
    ipsec: [],
    applied: new Map(),
  };
}
