// A small builder for Site snapshots, so policy tests read like the topology
// they describe and do not depend on the loader or the simulator.
import type {
  Alias,
  Address,
  AppliedRules,
  IpsecTunnel,
  Key,
  Network,
  Nic,
  Rule,
  Site,
  Vm,
  WireguardInterface,
} from '../../source/domain/model.js';
import {emptySite} from '../../source/domain/model.js';
import type {NetworkType} from '../../source/api/enums.js';

export function makeNetwork(p: Partial<Network> & {key: Key; name: string}): Network {
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

export function makeRule(p: Partial<Rule> & {key: Key; vnet: Key}): Rule {
  return {
    name: `rule-${p.key}`,
    description: '',
    orderid: p.key,
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

export function makeAlias(key: Key, name: string, value: string): Alias {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const bar = s.indexOf('|');
      return bar < 0 ? {value: s, label: ''} : {value: s.slice(0, bar), label: s.slice(bar + 1)};
    });
  return {key, name, id: `sha-${key}`, description: '', value, entries, publishingScope: 'private'};
}

interface NetOpts extends Partial<Network> {
  type?: NetworkType;
}

type RuleOpts = Partial<Omit<Rule, 'vnet'>>;

/** Builds a Site step by step; keys are assigned in order. */
export class SiteBuilder {
  private networks: Network[] = [];
  private rules: Rule[] = [];
  private aliases: Alias[] = [];
  private addresses: Address[] = [];
  private vms: Vm[] = [];
  private wireguards: WireguardInterface[] = [];
  private applied = new Map<Key, AppliedRules>();
  private nextKey = 1;

  network(name: string, cidr: string, opts: NetOpts = {}): Network {
    const key = opts.key ?? this.networks.length + 1;
    const base = cidr.split('/')[0].split('.').map(Number);
    const routerIp = cidr ? `${base[0]}.${base[1]}.${base[2]}.${base[3] + 1}` : '';
    const n = makeNetwork({key, name, cidr, routerIp, dmzIp: cidr ? `100.64.0.${key}` : '', ...opts});
    this.networks.push(n);
    return n;
  }

  rule(net: Network | Key, opts: RuleOpts = {}): Rule {
    const key = opts.key ?? this.nextKey++;
    const r = makeRule({key, vnet: typeof net === 'number' ? net : net.key, ...opts});
    this.rules.push(r);
    return r;
  }

  /** An outgoing route rule from `from` to `to`'s CIDR via its DMZ IP (the VergeOS recipe). */
  route(from: Network, to: Network, opts: RuleOpts = {}): Rule {
    return this.rule(from, {
      name: `route to ${to.name}`,
      direction: 'outgoing',
      action: 'route',
      destinationIp: `vnet:${to.name}`,
      targetIp: to.dmzIp,
      ...opts,
    });
  }

  alias(name: string, value: string, key?: Key): Alias {
    const a = makeAlias(key ?? this.aliases.length + 100, name, value);
    this.aliases.push(a);
    return a;
  }

  address(vnet: Network, ip: string, type: Address['type'] = 'ipalias', mac = ''): Address {
    const a: Address = {
      key: this.addresses.length + 1,
      vnet: vnet.key,
      ip,
      mac,
      type,
      hostname: '',
      owner: '',
      description: '',
    };
    this.addresses.push(a);
    return a;
  }

  vm(
    name: string,
    nics: Array<{net: Network | null; ip?: string; name?: string; mac?: string; enabled?: boolean}>,
    opts: Partial<Vm> = {},
  ): Vm {
    const key = opts.key ?? this.vms.length + 1;
    const machine = 1000 + key;
    const list: Nic[] = nics.map((n, i) => ({
      key: key * 100 + i,
      machine,
      vm: key,
      name: n.name ?? `nic_${i}`,
      vnet: n.net ? n.net.key : null,
      mac: n.mac ?? `00:00:00:00:${key.toString(16).padStart(2, '0')}:${i.toString(16).padStart(2, '0')}`,
      ip: n.ip ?? '',
      enabled: n.enabled ?? true,
      interface: 'virtio',
      orderid: i,
      description: '',
    }));
    const v: Vm = {key, name, description: '', machine, running: true, status: 'running', nics: list, ...opts};
    this.vms.push(v);
    return v;
  }

  private tunnels: IpsecTunnel[] = [];

  /** An IPsec tunnel on the network with one phase 2 per remote subnet. */
  ipsec(net: Network, remotes: string[]): IpsecTunnel {
    const key = this.tunnels.length + 1;
    const t: IpsecTunnel = {
      key,
      ipsec: key,
      vnet: net.key,
      name: `tunnel${key}`,
      description: '',
      enabled: true,
      remoteGateway: '198.51.100.1',
      keyexchange: 'ikev2',
      auth: 'psk',
      negotiation: 'main',
      ike: '',
      ikelifetime: 28800,
      auto: 'start',
      dpdaction: 'restart',
      phase2: remotes.map((remote, i) => ({
        key: key * 100 + i,
        phase1: key,
        name: `p2-${i}`,
        description: '',
        enabled: true,
        mode: 'tunnel',
        local: net.cidr,
        remote,
        protocol: 'esp',
        ciphers: '',
        lifetime: 3600,
      })),
    };
    this.tunnels.push(t);
    return t;
  }

  wireguard(net: Network, ip: string, peers: string[]): WireguardInterface {
    const wg: WireguardInterface = {
      key: this.wireguards.length + 1,
      vnet: net.key,
      name: `wg${this.wireguards.length}`,
      description: '',
      enabled: true,
      ip,
      listenPort: 51820,
      mtu: 0,
      publicKey: '',
      endpointIp: '',
      peers: peers.map((allowed, i) => ({
        key: i + 1,
        wireguard: this.wireguards.length + 1,
        name: `peer${i}`,
        description: '',
        enabled: true,
        endpoint: '',
        port: 51820,
        peerIp: '',
        publicKey: '',
        allowedIps: allowed,
        keepalive: 0,
        configureFirewall: 'site-to-site',
        lastHandshake: null,
        txBytes: 0,
        rxBytes: 0,
      })),
    };
    this.wireguards.push(wg);
    return wg;
  }

  /** Records the live ruleset of a network explicitly (baseline or unknown). */
  setApplied(net: Network, applied: AppliedRules): void {
    this.applied.set(net.key, applied);
  }

  /** All rules of a network so far (to record them as a baseline before editing). */
  rulesOf(net: Network): Rule[] {
    return this.rules.filter((r) => r.vnet === net.key).map((r) => ({...r}));
  }

  removeRule(r: Rule): void {
    this.rules = this.rules.filter((x) => x !== r);
  }

  build(): Site {
    const site = emptySite();
    site.networks = [...this.networks];
    site.rules = [...this.rules];
    site.aliases = [...this.aliases];
    site.addresses = [...this.addresses];
    site.vms = [...this.vms];
    site.wireguards = [...this.wireguards];
    site.ipsec = [...this.tunnels];
    site.applied = new Map(this.applied);
    return site;
  }
}

/**
 * The classic three-tier site: web, app, db internal networks behind an
 * External network, web reaches app on 8080, app reaches db on 5432.
 */
export function threeTier() {
  const b = new SiteBuilder();
  const external = b.network('External', '192.0.2.0/24', {type: 'external', routerIp: '192.0.2.1', dmzIp: ''});
  const web = b.network('web', '10.0.1.0/24', {defaultGateway: external.key});
  const app = b.network('app', '10.0.2.0/24', {defaultGateway: external.key});
  const db = b.network('db', '10.0.3.0/24', {defaultGateway: external.key});
  b.route(web, app);
  b.route(app, db);
  b.rule(app, {
    name: 'web to app',
    direction: 'incoming',
    protocol: 'tcp',
    sourceIp: 'vnet:web',
    destinationPorts: '8080',
  });
  b.rule(db, {
    name: 'app to db',
    direction: 'incoming',
    protocol: 'tcp',
    sourceIp: 'vnet:app',
    destinationPorts: '5432',
  });
  b.rule(external, {
    name: 'UI',
    direction: 'incoming',
    protocol: 'tcp',
    destinationIp: 'router',
    destinationPorts: '443',
  });
  const web1 = b.vm('web1', [{net: web, ip: '10.0.1.10'}]);
  const app1 = b.vm('app1', [{net: app, ip: '10.0.2.10'}]);
  const db1 = b.vm('db1', [{net: db, ip: '10.0.3.10'}]);
  return {b, external, web, app, db, web1, app1, db1};
}
