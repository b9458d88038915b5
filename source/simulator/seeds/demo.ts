// The demo site of the segmentation article: web, db, mgmt and dev networks
// behind External, VMs on them, aliases, routed rules between networks (web
// may reach db on tcp/5432 but not on tcp/3306), mgmt may ssh everywhere,
// pending (unapplied) changes on dev, a tenant with a network block and an
// external IP, a WireGuard interface with two peers, an IPsec tunnel, and
// port mirroring of web to a capture VM.
import type {Row} from '../db/table.js';
import {updateRow} from '../db/writes.js';
import {seedDemoDataplane} from '../dataplane/demo.js';
import {addHistory} from '../semantics/counters.js';
import {wgKeyPair} from '../semantics/wg-keys.js';
import type {Draft, Sim} from '../sim.js';
import {act, add, seedBase} from './base.js';

interface NetSpec {
  name: string;
  octet: number;
  description: string;
}

const NETWORKS: NetSpec[] = [
  {name: 'web', octet: 1, description: 'Public web tier'},
  {name: 'db', octet: 2, description: 'Databases'},
  {name: 'mgmt', octet: 3, description: 'Management and jump hosts'},
  {name: 'dev', octet: 4, description: 'Development'},
];

const cidr = (o: number): string => `10.10.${o}.0/24`;
const dmz = (o: number): string => `100.96.0.${10 + o}`;

export function seedDemo(sim: Sim): void {
  const {external} = seedBase(sim);
  const aliases = {
    admins: add(sim, 'vnet_rule_aliases', {
      name: 'admins',
      description: 'Administrators: the mgmt network and the admin VPN',
      value: '10.10.3.0/24|mgmt,192.168.255.0/24|vpn-admins',
      publishing_scope: 'private',
    }),
    web: add(sim, 'vnet_rule_aliases', {
      name: 'web-servers',
      description: 'Web tier VMs',
      value: '10.10.1.11|web-01,10.10.1.12|web-02',
    }),
    db: add(sim, 'vnet_rule_aliases', {name: 'db-servers', description: 'Database VMs', value: '10.10.2.21|db-01'}),
    ports: add(sim, 'vnet_rule_aliases', {
      name: 'web-ports',
      description: 'HTTP and HTTPS',
      value: '80|http,443|https',
    }),
  };
  const a = (r: Row): string => `alias:${r.$key}`;

  const net: Record<string, Row> = {};
  for (const n of NETWORKS) {
    net[n.name] = add(sim, 'vnets', {
      name: n.name,
      type: 'internal',
      description: n.description,
      network: cidr(n.octet),
      ipaddress: `10.10.${n.octet}.1`,
      gateway: `10.10.${n.octet}.1`,
      dmz_ipaddress: dmz(n.octet),
      dhcp_enabled: true,
      dhcp_start: `10.10.${n.octet}.100`,
      dhcp_stop: `10.10.${n.octet}.200`,
      dns: 'simple',
      dnslist: '1.1.1.1,9.9.9.9',
      domain: `${n.name}.demo.internal`,
      vnet_default_gateway: external.$key,
      statistics: true,
      monitor_gateway: true,
      monitor_ip: '1.1.1.1',
    });
  }
  net.External = external;
  const k = (name: string): number => net[name].$key;
  let order = 0;
  const rule = (vnet: string, body: Draft): Row =>
    add(sim, 'vnet_rules', {vnet: k(vnet), orderid: (order += 10), statistics: true, ...body});
  const route = (from: string, to: string, octet: number): Row =>
    rule(from, {
      name: `Route to ${to}`,
      description: `Static route to ${to} through its DMZ address`,
      action: 'route',
      direction: 'outgoing',
      protocol: 'any',
      destination_ip: cidr(octet),
      target_ip: dmz(octet),
    });
  const sshFromAdmins = (vnet: string, ports = '22'): Row =>
    rule(vnet, {
      name: 'Allow SSH from admins',
      action: 'accept',
      direction: 'incoming',
      protocol: 'tcp',
      source_ip: a(aliases.admins),
      destination_ports: ports,
    });

  // web: public HTTP(S), ssh from admins, routes to db and mgmt
  rule('web', {
    name: 'Allow HTTP/HTTPS',
    description: 'Public web traffic',
    action: 'accept',
    direction: 'incoming',
    protocol: 'tcp',
    destination_ports: '80,443',
  });
  sshFromAdmins('web');
  rule('web', {
    name: 'Allow ICMP from mgmt',
    action: 'accept',
    direction: 'incoming',
    protocol: 'icmp',
    source_ip: cidr(3),
  });
  route('web', 'db', 2);
  route('web', 'mgmt', 3);
  // db: PostgreSQL from the web servers only (no MySQL: tcp/3306 stays dropped)
  rule('db', {
    name: 'Allow PostgreSQL from web',
    action: 'accept',
    direction: 'incoming',
    protocol: 'tcp',
    source_ip: a(aliases.web),
    destination_ip: a(aliases.db),
    destination_ports: '5432',
  });
  sshFromAdmins('db');
  route('db', 'web', 1);
  route('db', 'mgmt', 3);
  // mgmt: routes everywhere, ssh in from the VPN
  route('mgmt', 'web', 1);
  route('mgmt', 'db', 2);
  route('mgmt', 'dev', 4);
  rule('mgmt', {
    name: 'Allow SSH from VPN',
    action: 'accept',
    direction: 'incoming',
    protocol: 'tcp',
    source_ip: '192.168.255.0/24',
    destination_ports: '22',
  });
  // dev: ssh from admins, a route back to mgmt, and no way into production
  const devSsh = sshFromAdmins('dev');
  route('dev', 'mgmt', 3);
  rule('dev', {
    name: 'Block dev to production',
    description: 'Development must not reach web or db',
    action: 'drop',
    direction: 'outgoing',
    protocol: 'any',
    destination_ip: `${cidr(1)},${cidr(2)}`,
    log: true,
  });
  // External: publish the web site
  add(sim, 'vnet_addresses', {
    vnet: external.$key,
    ip: '203.0.113.10',
    type: 'ipalias',
    hostname: 'www',
    description: 'Public address of the web site',
  });
  rule('External', {
    name: 'Publish web HTTP/HTTPS',
    description: 'Forward the public web address to web-01',
    action: 'translate',
    direction: 'incoming',
    protocol: 'tcp',
    destination_ip: '203.0.113.10',
    destination_ports: '80,443',
    target_ip: '10.10.1.11',
  });

  // WireGuard remote access on mgmt (stages its "Accept WireGuard" rules)
  const wg = add(sim, 'vnet_wireguards', {
    vnet: k('mgmt'),
    name: 'wg0',
    description: 'Admin remote access',
    ip: '192.168.255.1/24',
    listenport: 51820,
    endpoint_ip: '203.0.113.2',
    configure_firewall: true,
  });
  add(sim, 'vnet_wireguard_peers', {
    wireguard: wg.$key,
    name: 'alice-laptop',
    description: 'Alice (roaming)',
    autogenerate_peer: true,
    peer_ip: '192.168.255.10/32',
    allowed_ips: '192.168.255.10/32',
    configure_firewall: 'remote-user',
    keepalive: 25,
  });
  add(sim, 'vnet_wireguard_peers', {
    wireguard: wg.$key,
    name: 'branch-office',
    description: 'Branch office router',
    public_key: wgKeyPair(sim.rng.bytes(32)).publicKey,
    endpoint: '198.51.100.20',
    port: 51820,
    peer_ip: '192.168.255.2/32',
    allowed_ips: '192.168.255.2/32,172.20.0.0/16',
    configure_firewall: 'site-to-site',
    keepalive: 25,
  });

  // IPsec to headquarters from mgmt
  const ipsec = add(sim, 'vnet_ipsecs', {vnet: k('mgmt'), enabled: true, mode: 'normal'});
  const p1 = add(sim, 'vnet_ipsec_phase1s', {
    ipsec: ipsec.$key,
    name: 'hq',
    description: 'Headquarters',
    keyexchange: 'ikev2',
    remote_gateway: '198.51.100.10',
    auth: 'psk',
    psk: sim.rng.hex(32),
    auto: 'start',
  });
  add(sim, 'vnet_ipsec_phase2s', {
    phase1: p1.$key,
    name: 'hq-lan',
    mode: 'tunnel',
    local: cidr(3),
    remote: '172.16.0.0/16',
  });

  // VMs and their NICs (static leases for the fixed addresses)
  const vm = (name: string, description: string, nics: {vnet: string; ip?: string}[], running = true): Row => {
    const v = add(sim, 'vms', {name, description, cpu_cores: 2, ram: 4096, os_family: 'linux', guest_agent: true});
    const machine = (sim.db.get('vms', v.$key) as Row).machine as number;
    add(sim, 'machine_drives', {machine, name: 'disk0', disksize: 40 * 1024 ** 3});
    nics.forEach((n, i) => {
      const nic = add(sim, 'machine_nics', {
        machine,
        name: `eth${i}`,
        interface: 'virtio',
        vnet: k(n.vnet),
        ipaddress: n.ip ?? '',
        enabled: true,
      });
      if (n.ip)
        add(sim, 'vnet_addresses', {vnet: k(n.vnet), ip: n.ip, mac: nic.macaddress, type: 'static', hostname: name});
    });
    if (running) act(sim, 'vm_actions', v.$key, 'poweron');
    return v;
  };
  vm('web-01', 'Web server', [{vnet: 'web', ip: '10.10.1.11'}]);
  vm('web-02', 'Web server', [{vnet: 'web', ip: '10.10.1.12'}]);
  vm('db-01', 'PostgreSQL primary', [{vnet: 'db', ip: '10.10.2.21'}]);
  vm('jump-01', 'SSH jump host', [{vnet: 'mgmt', ip: '10.10.3.31'}]);
  vm('dev-01', 'Developer sandbox', [{vnet: 'dev', ip: '10.10.4.41'}], false);
  const capture = vm('capture-01', 'Packet capture (port mirror of web)', [{vnet: 'mgmt', ip: '10.10.3.51'}]);

  // tenant with a network block and an external IP on External
  const tenant = add(sim, 'tenants', {name: 'acme', description: 'ACME Corp virtual data centre'});
  add(sim, 'tenant_nodes', {tenant: tenant.$key, cpu_cores: 4, ram: 8192});
  add(sim, 'vnet_cidrs', {
    vnet: external.$key,
    cidr: '203.0.113.64/28',
    owner: `tenants/${tenant.$key}`,
    description: 'ACME public block',
  });
  add(sim, 'vnet_addresses', {
    vnet: external.$key,
    ip: '203.0.113.20',
    type: 'virtual',
    owner: `tenants/${tenant.$key}`,
    hostname: 'acme-ui',
    description: 'ACME UI address',
  });
  act(sim, 'tenant_actions', tenant.$key, 'poweron');

  // bring the networks up loading their staged rules (params.apply), mirror web, then apply
  for (const n of NETWORKS) act(sim, 'vnet_actions', k(n.name), 'poweron', {apply: true});
  updateRow(sim, 'vnets', k('web'), {port_mirroring: 'north_south'});
  act(sim, 'vnet_actions', k('web'), 'reset', {apply: true});
  const mirror = sim.db.get('vnets', (sim.db.get('vnets', k('web')) as Row).port_mirroring_vnet as number) as Row;
  const captureMachine = (sim.db.get('vms', capture.$key) as Row).machine as number;
  add(sim, 'machine_nics', {
    machine: captureMachine,
    name: 'eth1',
    interface: 'virtio',
    vnet: mirror.$key,
    description: 'Mirror of web',
  });
  for (const v of sim.db.table('vnets').all()) act(sim, 'vnet_actions', v.$key, 'refresh');

  // some history on the counters, then the pending (unapplied) changes on dev
  for (const r of sim.db.table('vnet_rules').all()) if (r.statistics === true) addHistory(sim, r, 6 * 3600);
  updateRow(sim, 'vnet_rules', devSsh.$key, {destination_ports: '22,2222'});
  rule('dev', {
    name: 'Allow HTTP from mgmt',
    description: 'Pending: lets the jump host test dev web apps',
    action: 'accept',
    direction: 'incoming',
    protocol: 'tcp',
    source_ip: cidr(3),
    destination_ports: '80,443',
  });
  seedDemoDataplane(sim, net);
}
