// Site snapshot → site file. Only what vseg manages, by name: networks (minus
// the ones VergeOS derives: `<NAME>_mirror` capture networks and tenant host
// networks), their non-system rules in evaluation order with alias keys turned
// into names, WireGuard and IPsec (secrets as references: the snapshot never
// holds them, and nothing here reads a field not listed), aliases, tenants with
// their network blocks and isolation.
import {
  compareRuleOrder,
  type IpsecTunnel,
  type Network,
  type Rule,
  type Section,
  type Site,
  type WireguardInterface,
} from '../model.js';
import {mapAliasTokens} from './references.js';
import {LIFECYCLE_KINDS, lifecycleOf, type RuleLifecycle} from '../lifecycle/model.js';
import {
  API_VERSION,
  KIND,
  type AliasSpec,
  type NetworkSpec,
  type PeerSpec,
  type Phase2Spec,
  type RuleSpec,
  type Sitefile,
  type TenantSpec,
  type TunnelSpec,
  type WireguardSpec,
} from './schema.js';
import {secretName} from './secrets.js';
import {byName, serialiseSitefile, type SitefileFormat} from './serialise.js';

/** Sections a full export reads. */
export const EXPORT_SECTIONS: readonly Section[] = ['networks', 'rules', 'aliases', 'tenants', 'vpn', 'tags'];

export interface ExportOptions {
  /** Only these networks (a partial file: nothing outside it is ever pruned). */
  networks?: readonly string[];
  format?: SitefileFormat;
  /** Told about things the file cannot express faithfully (e.g. a dangling reference). */
  onWarning?: (message: string) => void;
}

/** Rules VergeOS owns (system rules, rules generated for an address or a VPN) are never exported or touched. */
export function isManagedRule(rule: Rule): boolean {
  return !rule.systemRule && rule.owner === '';
}

/** Networks VergeOS derives from other objects: port-mirror capture networks and tenant host networks (owner set). */
export function derivedNetworkKeys(site: Site): Set<number> {
  const out = new Set<number>();
  for (const n of site.networks) {
    // `owner` is set when VergeOS made the network for another object (a tenant's host network).
    if (n.type === 'port_mirror' || n.owner !== '') out.add(n.key);
    if (n.portMirroringVnet !== null) out.add(n.portMirroringVnet);
  }
  for (const t of site.tenants) if (t.vnet !== null) out.add(t.vnet);
  return out;
}

/** The networks an export covers, by name order. */
export function managedNetworks(site: Site): Network[] {
  const derived = derivedNetworkKeys(site);
  return site.networks.filter((n) => !derived.has(n.key)).sort(byName);
}

export function ruleToSpec(rule: Rule, aliasName: (value: string) => string | undefined): RuleSpec {
  const ref = (field: string) => mapAliasTokens(field, aliasName);
  return {
    name: rule.name,
    action: rule.action,
    direction: rule.direction,
    protocol: rule.protocol || 'any',
    source: ref(rule.sourceIp),
    sourcePorts: ref(rule.sourcePorts),
    destination: ref(rule.destinationIp),
    destinationPorts: ref(rule.destinationPorts),
    target: ref(rule.targetIp),
    targetPorts: ref(rule.targetPorts),
    pin: rule.pin,
    enabled: rule.enabled,
    log: rule.log,
    statistics: rule.statistics,
    interface: (rule.interface || 'auto') as RuleSpec['interface'],
    ctState: rule.ctState,
    description: rule.description,
  };
}

/** The rule's lifecycle tags as site-file fields (empty ones left out). */
export function withLifecycle(spec: RuleSpec, life: RuleLifecycle): RuleSpec {
  const out = {...spec};
  for (const kind of LIFECYCLE_KINDS) if (life[kind] !== '') out[kind] = life[kind];
  return out;
}

function wireguardToSpec(network: string, w: WireguardInterface): WireguardSpec {
  return {
    name: w.name,
    description: w.description,
    enabled: w.enabled,
    ip: w.ip,
    listenPort: w.listenPort,
    mtu: w.mtu,
    endpointIp: w.endpointIp,
    // Blank = VergeOS generates one; supply the secret to carry the interface's identity to another site.
    privateKey: {secret: secretName('wg', network, w.name, 'private-key'), optional: true},
    peers: [...w.peers].sort(byName).map((p): PeerSpec => ({
      name: p.name,
      description: p.description,
      enabled: p.enabled,
      endpoint: p.endpoint,
      port: p.port,
      peerIp: p.peerIp,
      publicKey: p.publicKey,
      allowedIps: p.allowedIps,
      keepalive: p.keepalive,
      configureFirewall: (p.configureFirewall || 'site-to-site') as PeerSpec['configureFirewall'],
      presharedKey: {secret: secretName('wg', network, w.name, p.name, 'psk'), optional: true},
    })),
  };
}

function tunnelToSpec(network: string, t: IpsecTunnel): TunnelSpec {
  const auth = (t.auth || 'psk') as TunnelSpec['auth'];
  return {
    name: t.name,
    description: t.description,
    enabled: t.enabled,
    remoteGateway: t.remoteGateway,
    keyExchange: (t.keyexchange || 'ike') as TunnelSpec['keyExchange'],
    auth,
    negotiation: (t.negotiation || 'main') as TunnelSpec['negotiation'],
    ike: t.ike,
    ikeLifetime: t.ikelifetime,
    auto: (t.auto || 'route') as TunnelSpec['auto'],
    dpdAction: (t.dpdaction || 'restart') as TunnelSpec['dpdAction'],
    psk: auth === 'psk' ? {secret: secretName('ipsec', network, t.name, 'psk')} : undefined,
    phase2: t.phase2.map((p): Phase2Spec => ({
      name: p.name,
      description: p.description,
      enabled: p.enabled,
      mode: (p.mode || 'tunnel') as Phase2Spec['mode'],
      local: p.local,
      remote: p.remote,
      protocol: (p.protocol || 'esp') as Phase2Spec['protocol'],
      ciphers: p.ciphers,
      lifetime: p.lifetime,
    })),
  };
}

function requireSections(site: Site, sections: readonly Section[]): void {
  const missing = sections.filter((s) => !site.sections.has(s));
  if (missing.length > 0) throw new Error(`internal: export needs the ${missing.join(', ')} of the site loaded`);
}

/** The site as a site file document. */
export function siteToDoc(site: Site, options: ExportOptions = {}): Sitefile {
  requireSections(site, EXPORT_SECTIONS);
  const warn = options.onWarning ?? (() => {});
  const names = new Map(site.networks.map((n) => [n.key, n.name]));
  const aliasNames = new Map(site.aliases.map((a) => [String(a.key), a.name]));
  const aliasName = (value: string) => {
    if (!/^\d+$/.test(value)) return undefined; // already a name (VergeOS accepts both on read)
    const found = aliasNames.get(value);
    if (found === undefined)
      warn(`a rule refers to alias key ${value}, which does not exist; it is exported as alias:${value}`);
    return found;
  };
  const netName = (key: number | null, what: string) => {
    if (key === null) return null;
    const n = names.get(key);
    if (n === undefined) warn(`${what} refers to network key ${key}, which does not exist; left out`);
    return n ?? null;
  };

  let networks = managedNetworks(site);
  const wanted = options.networks ? new Set(options.networks) : undefined;
  if (wanted) networks = networks.filter((n) => wanted.has(n.name));

  const rulesBy = new Map<number, Rule[]>();
  for (const r of site.rules) {
    if (!isManagedRule(r)) continue;
    const list = rulesBy.get(r.vnet);
    if (list) list.push(r);
    else rulesBy.set(r.vnet, [r]);
  }

  const networkSpecs = networks.map((n): NetworkSpec => {
    const rules = (rulesBy.get(n.key) ?? [])
      .sort(compareRuleOrder)
      .map((r) => withLifecycle(ruleToSpec(r, aliasName), lifecycleOf(site, r)));
    return {
      ...networkSettings(n, (key, role) => netName(key, `network ${n.name} (${role})`)),
      rules,
      wireguard: site.wireguards
        .filter((w) => w.vnet === n.key)
        .sort(byName)
        .map((w) => wireguardToSpec(n.name, w)),
      ipsec: site.ipsec
        .filter((t) => t.vnet === n.key)
        .sort(byName)
        .map((t) => tunnelToSpec(n.name, t)),
    };
  });

  const aliases = [...site.aliases].sort(byName).map((a): AliasSpec => ({
    name: a.name,
    description: a.description,
    scope: (a.publishingScope || 'private') as AliasSpec['scope'],
    entries: a.entries.map((e) => ({value: e.value, label: e.label})),
  }));

  const tenants = wanted
    ? []
    : [...site.tenants].sort(byName).map((t): TenantSpec => ({
        name: t.name,
        description: t.description,
        isolate: t.isolate,
        blocks: site.blocks
          .filter((b) => b.tenant === t.key)
          .flatMap((b) => {
            const network = netName(b.vnet, `tenant ${t.name} (network block ${b.cidr})`);
            return network === null ? [] : [{network, cidr: b.cidr, description: b.description}];
          }),
      }));

  return {apiVersion: API_VERSION, kind: KIND, partial: wanted !== undefined, aliases, networks: networkSpecs, tenants};
}

/** The site file text: deterministic, byte for byte, for the same site. */
export function exportSite(site: Site, options: ExportOptions = {}): string {
  return serialiseSitefile(siteToDoc(site, options), options.format ?? 'yaml');
}

/** The settings of a network vseg manages, with networks it refers to named (rules and VPNs not included). */
export function networkSettings(
  n: Network,
  nameOf: (key: number | null, role: 'default gateway' | 'interface network') => string | null,
): Omit<NetworkSpec, 'rules' | 'wireguard' | 'ipsec'> {
  return {
    name: n.name,
    type: n.type,
    description: n.description,
    enabled: n.enabled,
    cidr: n.cidr,
    routerIp: n.routerIp,
    dmzIp: n.dmzIp,
    gateway: n.gateway,
    defaultGateway: nameOf(n.defaultGateway, 'default gateway'),
    interfaceNetwork: nameOf(n.interfaceVnet, 'interface network'),
    dhcp: {enabled: n.dhcpEnabled, start: n.dhcpStart, stop: n.dhcpStop},
    dns: (n.dns || 'simple') as NetworkSpec['dns'],
    dnsList: n.dnsList,
    domain: n.domain,
    mtu: n.mtu,
    statistics: n.statistics,
    portMirroring: n.portMirroring,
  };
}
