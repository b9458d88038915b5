// Hand-built Site snapshots for the site file and plan tests: a small
// segmentation with every kind of object the format covers, no loader, no
// simulator.
import type {
  Alias,
  IpsecTunnel,
  Key,
  Network,
  NetworkBlock,
  Rule,
  Site,
  Tenant,
  WireguardInterface,
  WireguardPeer,
} from '../../source/domain/model.js';
import {emptySite} from '../../source/domain/model.js';
import {parseAliasValue} from '../../source/domain/mappers.js';
import {EXPORT_SECTIONS} from '../../source/domain/sitefile/index.js';

export function net(p: Partial<Network> & {key: Key; name: string}): Network {
  return {
    description: '',
    type: 'internal',
    enabled: true,
    cidr: '',
    routerIp: '',
    dmzIp: '',
    gateway: '',
    defaultGateway: null,
    interfaceVnet: null,
    dhcpEnabled: false,
    dhcpStart: '',
    dhcpStop: '',
    dns: 'simple',
    dnsList: '',
    domain: '',
    mtu: 1500,
    needFwApply: false,
    needRestart: false,
    lastFwApply: null,
    running: true,
    status: 'running',
    portMirroring: 'off',
    portMirroringVnet: null,
    statistics: false,
    ipsecEnabled: false,
    machine: null,
    owner: '',
    modified: null,
    ...p,
  };
}

export function rule(p: Partial<Rule> & {key: Key; vnet: Key; name: string}): Rule {
  return {
    description: '',
    orderid: p.key * 10,
    pin: 'no',
    enabled: true,
    action: 'accept',
    protocol: 'any',
    direction: 'incoming',
    interface: 'auto',
    ctState: '',
    sourceIp: '',
    sourcePorts: '',
    destinationIp: '',
    destinationPorts: '',
    targetIp: '',
    targetPorts: '',
    statistics: false,
    log: false,
    trace: false,
    packets: 0,
    bytes: 0,
    systemRule: false,
    owner: '',
    modified: null,
    ...p,
  };
}

export function alias(key: Key, name: string, value: string, p: Partial<Alias> = {}): Alias {
  return {
    key,
    name,
    id: `sha-${key}`,
    description: '',
    value,
    entries: parseAliasValue(value),
    publishingScope: 'private',
    ...p,
  };
}

export function peer(p: Partial<WireguardPeer> & {key: Key; wireguard: Key; name: string}): WireguardPeer {
  return {
    description: '',
    enabled: true,
    endpoint: '',
    port: 51820,
    peerIp: '',
    publicKey: 'cHVibGljLWtleS1vZi1wZWVy',
    allowedIps: '10.99.0.2/32',
    keepalive: 0,
    configureFirewall: 'site-to-site',
    lastHandshake: null,
    txBytes: 0,
    rxBytes: 0,
    ...p,
  };
}

export function wireguard(p: Partial<WireguardInterface> & {key: Key; vnet: Key; name: string}): WireguardInterface {
  return {
    description: '',
    enabled: true,
    ip: '10.99.0.1/24',
    listenPort: 51820,
    mtu: 0,
    publicKey: 'aWZhY2UtcHVibGljLWtleQ==',
    endpointIp: '',
    peers: [],
    ...p,
  };
}

export function tunnel(p: Partial<IpsecTunnel> & {key: Key; vnet: Key; ipsec: Key; name: string}): IpsecTunnel {
  return {
    description: '',
    enabled: true,
    remoteGateway: '198.51.100.10',
    keyexchange: 'ike',
    auth: 'psk',
    negotiation: 'main',
    ike: 'aes256-sha256-modp2048',
    ikelifetime: 10800,
    auto: 'route',
    dpdaction: 'restart',
    phase2: [],
    ...p,
  };
}

export function tenant(p: Partial<Tenant> & {key: Key; name: string}): Tenant {
  return {
    description: '',
    vnet: null,
    isolate: false,
    status: 'online',
    state: 'online',
    running: true,
    uiAddress: null,
    nodes: 1,
    ...p,
  };
}

export function block(p: Partial<NetworkBlock> & {key: Key; vnet: Key; cidr: string}): NetworkBlock {
  return {owner: '', tenant: null, description: '', ...p};
}

/**
 * External + web/db/mgmt, aliases, a system rule and a VergeOS-owned rule,
 * WireGuard and IPsec on mgmt, a tenant with a block and its host network,
 * and web mirrored to web_mirror.
 */
export function demoSite(): Site {
  const site = emptySite();
  site.sections = new Set(EXPORT_SECTIONS);
  site.networks = [
    net({
      key: 1,
      name: 'External',
      type: 'external',
      cidr: '203.0.113.0/24',
      routerIp: '203.0.113.2',
      gateway: '203.0.113.1',
    }),
    net({
      key: 2,
      name: 'web',
      cidr: '10.10.1.0/24',
      routerIp: '10.10.1.1',
      dmzIp: '100.96.0.11',
      defaultGateway: 1,
      portMirroring: 'north_south',
      portMirroringVnet: 6,
    }),
    net({
      key: 3,
      name: 'db',
      cidr: '10.10.2.0/24',
      routerIp: '10.10.2.1',
      dmzIp: '100.96.0.12',
      defaultGateway: 1,
      dhcpEnabled: true,
      dhcpStart: '10.10.2.100',
      dhcpStop: '10.10.2.200',
    }),
    net({key: 4, name: 'mgmt', cidr: '10.10.3.0/24', routerIp: '10.10.3.1', dmzIp: '100.96.0.13', defaultGateway: 1}),
    net({key: 5, name: 'acme', type: 'external', cidr: '100.64.0.0/30', owner: 'tenants/1'}),
    net({key: 6, name: 'web_mirror', type: 'port_mirror'}),
  ];
  site.aliases = [
    alias(1, 'web-servers', '10.10.1.11|web-01,10.10.1.12|web-02'),
    alias(2, 'db-servers', '10.10.2.21|db-01'),
    alias(3, 'admins', '10.10.3.0/24'),
  ];
  site.rules = [
    rule({key: 1, vnet: 2, name: 'allow-http', protocol: 'tcp', destinationPorts: '80,443'}),
    rule({key: 2, vnet: 2, name: 'allow-ssh', protocol: 'tcp', sourceIp: 'alias:3', destinationPorts: '22'}),
    rule({
      key: 3,
      vnet: 2,
      name: 'route-db',
      action: 'route',
      direction: 'outgoing',
      destinationIp: '10.10.2.0/24',
      targetIp: '100.96.0.12',
    }),
    rule({
      key: 4,
      vnet: 3,
      name: 'allow-pg',
      protocol: 'tcp',
      sourceIp: 'alias:1',
      destinationIp: 'alias:2',
      destinationPorts: '5432',
    }),
    rule({key: 5, vnet: 3, name: 'deny-rest', action: 'drop', pin: 'bottom', log: true}),
    rule({key: 6, vnet: 3, name: 'system-dhcp', systemRule: true, protocol: 'udp', destinationPorts: '67'}),
    rule({
      key: 7,
      vnet: 4,
      name: 'Accept WireGuard',
      owner: 'vnet_wireguards/1',
      protocol: 'udp',
      destinationPorts: '51820',
    }),
    rule({key: 8, vnet: 4, name: 'allow-vpn-ssh', protocol: 'tcp', sourceIp: '10.99.0.0/24', destinationPorts: '22'}),
    rule({key: 9, vnet: 5, name: 'tenant-rule', protocol: 'tcp'}),
  ];
  site.wireguards = [
    wireguard({
      key: 1,
      vnet: 4,
      name: 'wg0',
      endpointIp: '203.0.113.2',
      peers: [peer({key: 1, wireguard: 1, name: 'laptop', keepalive: 25})],
    }),
  ];
  site.ipsec = [
    tunnel({
      key: 1,
      vnet: 4,
      ipsec: 1,
      name: 'hq',
      phase2: [
        {
          key: 1,
          phase1: 1,
          name: 'hq-lan',
          description: '',
          enabled: true,
          mode: 'tunnel',
          local: '10.10.3.0/24',
          remote: '172.16.0.0/16',
          protocol: 'esp',
          ciphers: 'aes128-sha256-modp2048',
          lifetime: 3600,
        },
      ],
    }),
  ];
  site.tenants = [tenant({key: 1, name: 'acme', vnet: 5, description: 'ACME'})];
  site.blocks = [
    block({key: 1, vnet: 1, cidr: '203.0.113.64/28', owner: 'tenants/1', tenant: 1, description: 'ACME block'}),
  ];
  return site;
}
