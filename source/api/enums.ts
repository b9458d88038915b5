// Enumerations of the VergeOS API fields vseg touches (VERGEOS-API.md §3).
// Shared by the client (validation before sending) and the simulator (422 on
// anything else), so both sides agree on what VergeOS accepts.

export const NETWORK_TYPES = ['internal', 'external', 'dmz', 'core', 'physical', 'bgp', 'port_mirror', 'vpn'] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

export const LAYER2_TYPES = ['vlan', 'vxlan', 'none', 'bond', 'bond_slave'] as const;
export const IPADDRESS_TYPES = ['static', 'dynamic', 'bgp', 'none'] as const;
export const DNS_MODES = ['disabled', 'simple', 'bind', 'network'] as const;
export const ON_POWER_LOSS = ['power_on', 'last_state', 'leave_off'] as const;

export const PORT_MIRRORING = ['off', 'north_south', 'east_west'] as const;
export type PortMirroring = (typeof PORT_MIRRORING)[number];

export const NETWORK_ACTIONS = [
  'poweron',
  'poweroff',
  // not `killpower`: 26.x refuses it as "not in list for field 'action'" (PY-CL 1.2.8 #112)
  'kill',
  'reset',
  'refresh',
  'apply',
  'applydns',
] as const;
export type NetworkAction = (typeof NETWORK_ACTIONS)[number];

export const RULE_ACTIONS = ['accept', 'drop', 'reject', 'translate', 'route'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
export const FILTER_ACTIONS = ['accept', 'drop', 'reject'] as const satisfies readonly RuleAction[];

export const RULE_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type RuleDirection = (typeof RULE_DIRECTIONS)[number];

/** Named protocols plus the numeric ones VergeOS offers in its UI (OSPF, IGMP, GRE, ESP, AH). */
export const RULE_PROTOCOLS = ['tcp', 'udp', 'tcpudp', 'icmp', 'any', '89', '2', '47', '50', '51'] as const;
export type RuleProtocol = (typeof RULE_PROTOCOLS)[number];
/** Protocols whose rules may carry ports. */
export const PORT_PROTOCOLS = ['tcp', 'udp', 'tcpudp'] as const;

export const RULE_INTERFACES = ['auto', 'router', 'dmz', 'wireguard', 'any'] as const;
export const RULE_PINS = ['no', 'top', 'bottom'] as const;
export type RulePin = (typeof RULE_PINS)[number];

export const ALIAS_SCOPES = ['private', 'global', 'tenant', 'none'] as const;

export const ADDRESS_TYPES = ['dynamic', 'static', 'ipalias', 'proxy', 'virtual'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

export const IPSEC_MODES = ['normal', 'advanced'] as const;
export const IPSEC_KEYEXCHANGE = ['ike', 'ikev1', 'ikev2'] as const;
export const IPSEC_AUTH = ['psk', 'pubkey'] as const;
export const IPSEC_NEGOTIATION = ['main', 'aggressive'] as const;
export const IPSEC_AUTO = ['add', 'route', 'start'] as const;
export const IPSEC_DPD_ACTIONS = ['none', 'clear', 'hold', 'restart'] as const;
export const IPSEC_P2_MODES = ['tunnel', 'transport'] as const;
export const IPSEC_P2_PROTOCOLS = ['esp', 'ah'] as const;
/** Strong defaults documented by VergeOS (VERGEOS-API.md §3.7). */
export const IPSEC_DEFAULT_IKE = 'aes256-sha256-modp2048';
export const IPSEC_DEFAULT_CIPHERS = 'aes128-sha256-modp2048,aes128gcm128-sha256-modp2048';

export const WG_PEER_FIREWALL = ['site-to-site', 'remote-user', 'none'] as const;

export const TENANT_ACTIONS = [
  'poweron',
  'poweroff',
  'reset',
  'clone',
  'isolateon',
  'isolateoff',
  'give_file',
  'refresh_status',
] as const;
export type TenantAction = (typeof TENANT_ACTIONS)[number];

export const VM_ACTIONS = [
  'poweron',
  'poweroff',
  'kill',
  'reset',
  'clone',
  'hibernate',
  'move',
  'migrate',
  'restore',
  'hotplugdrive',
  'hotplugnic',
] as const;

export const NIC_INTERFACES = ['virtio', 'e1000', 'e1000e', 'rtl8139', 'pcnet', 'igb', 'vmxnet3', 'direct'] as const;

/** Machine status values seen through `machine#status#status` joins. */
export const MACHINE_STATUSES = ['running', 'stopped', 'starting', 'stopping', 'restarting', 'error'] as const;
export type MachineStatus = (typeof MACHINE_STATUSES)[number];

/** Router diagnostics (`vnet_queries.query`): PY `resources/queries.py` VNetQueryType, GO network.go (VERGEOS-API.md §8.3). */
export const VNET_QUERY_TYPES = [
  'logs',
  'top',
  'top_if',
  'tcpdump',
  'ping',
  'dns',
  'traceroute',
  'ip',
  'ipsec',
  'whatsmyip',
  'arp',
  'arp-scan',
  'frr',
  'trace',
  'dhcp_release_renew',
  'wireguard',
  'firewall',
  'nmap',
  'tcp_connect',
] as const;
export type VnetQueryType = (typeof VNET_QUERY_TYPES)[number];
export const VNET_QUERY_STATUSES = ['running', 'complete', 'error'] as const;
export type VnetQueryStatus = (typeof VNET_QUERY_STATUSES)[number];
