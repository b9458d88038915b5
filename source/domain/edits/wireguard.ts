// WireGuard interfaces and peers as forms turn them into calls: field checks
// against the site (unique names, addresses inside the tunnel subnet, allowed
// IPs no other peer routes), the plans, and the client configuration a peer
// copies. A peer's key pair is made locally (../wireguard-keys.ts): only the
// public key is ever part of a plan.
import type {ChangePlan, Step} from '../changes/types.js';
import {cidrOverlaps, cidrRange, formatIpv4, parseCidr, parseIpv4, splitList} from '../ip.js';
import type {Network, Site, WireguardInterface, WireguardPeer} from '../model.js';
import {wireguardKeyError} from '../wireguard-keys.js';
import {
  cidrListError,
  descriptionError,
  flag,
  hostError,
  integerError,
  nameError,
  networkByKey,
  networkName,
  normaliseCidrList,
  num,
  optionalIpError,
  pickedKey,
  text,
  type EditValues,
} from './resource-fields.js';

export const WG_DEFAULT_PORT = 51820;
export const WG_DEFAULT_KEEPALIVE = 25;
const WG_TYPES = new Set(['internal', 'external', 'vpn']);

/** Networks that can carry a WireGuard interface (not mirrors, not ones VergeOS made for a tenant). */
export function wireguardNetworks(site: Site): Network[] {
  return site.networks.filter((n) => WG_TYPES.has(n.type) && !n.owner.startsWith('tenants/'));
}

// --- interfaces --------------------------------------------------------------

export function validateInterfaceNetwork(
  value: string | undefined,
  _values: EditValues,
  site: Site,
): string | undefined {
  const key = pickedKey(value);
  if (key === undefined) return 'choose the network the interface belongs to';
  const n = networkByKey(site, key);
  if (!n) return 'that network no longer exists';
  if (!WG_TYPES.has(n.type) || n.owner.startsWith('tenants/'))
    return `${n.name} is a ${n.type} network; WireGuard needs an internal, external or VPN network`;
  return undefined;
}

export function validateInterfaceName(
  value: string,
  values: EditValues,
  site: Site,
  current?: WireguardInterface,
): string | undefined {
  const bad = nameError(value, 'interface');
  if (bad) return bad;
  const vnet = current?.vnet ?? pickedKey(values['network']);
  const clash = site.wireguards.find((w) => w.vnet === vnet && w.name === value.trim() && w.key !== current?.key);
  return clash ? `${networkName(site, vnet)} already has an interface named ${clash.name}` : undefined;
}

/** The interface's own address in CIDR form, e.g. 192.168.255.1/24: a host of a subnet no network uses. */
export function validateInterfaceIp(
  value: string,
  _values: EditValues,
  site: Site,
  current?: WireguardInterface,
): string | undefined {
  const v = value.trim();
  if (v === '') return 'an address with its prefix is required, e.g. 192.168.255.1/24';
  const c = parseCidr(v);
  if (!c.ok) return c.error;
  if (c.value.prefix > 30) return 'the tunnel subnet must be /30 or larger (it holds the peers)';
  const [lo, hi] = cidrRange(c.value);
  if (c.value.address === lo || c.value.address === hi)
    return `${formatIpv4(c.value.address)} is the subnet's network or broadcast address; use a host, e.g. ${formatIpv4(lo + 1)}/${c.value.prefix}`;
  for (const n of site.networks) {
    if (n.cidr && cidrOverlaps(c.value, n.cidr))
      return `overlaps ${n.name} (${n.cidr}): the tunnel needs a subnet of its own`;
  }
  for (const w of site.wireguards) {
    if (w.key === current?.key || !w.ip) continue;
    if (cidrOverlaps(c.value, w.ip))
      return `overlaps ${w.name} (${w.ip}), the WireGuard interface on ${networkName(site, w.vnet)}`;
  }
  return undefined;
}

export function validateListenPort(
  value: number | undefined,
  values: EditValues,
  site: Site,
  current?: WireguardInterface,
): string | undefined {
  const bad = integerError(value, 1, 65535, 'port');
  if (bad) return bad;
  const vnet = current?.vnet ?? pickedKey(values['network']);
  const clash = site.wireguards.find((w) => w.vnet === vnet && w.listenPort === value && w.key !== current?.key);
  return clash ? `${clash.name} already listens on ${value} on this network` : undefined;
}

export function validateEndpointIp(value: string): string | undefined {
  return optionalIpError(value);
}

export function validateDescription(value: string): string | undefined {
  return descriptionError(value);
}

export function createInterfacePlan(values: EditValues, site: Site): ChangePlan {
  const vnet = pickedKey(values['network'])!;
  const network = networkName(site, vnet);
  const name = text(values, 'name');
  const ip = text(values, 'ip');
  const port = num(values, 'listenPort', WG_DEFAULT_PORT);
  return {
    title: `Create WireGuard interface ${name} on ${network}`,
    steps: [
      {
        kind: 'create',
        id: `create wireguard ${vnet}/${name}`,
        title: `Create WireGuard interface ${name} on ${network} (${ip}, UDP ${port})`,
        table: 'vnet_wireguards',
        body: {
          vnet,
          name,
          description: text(values, 'description'),
          enabled: values['enabled'] !== false,
          ip,
          listenport: port,
          endpoint_ip: text(values, 'endpointIp'),
          configure_firewall: flag(values, 'configureFirewall'),
        },
        identity: {vnet, name},
        knownNew: true,
        touchesNetwork: vnet,
      },
    ],
  };
}

/** Only what changed; an empty plan when nothing did. */
export function updateInterfacePlan(iface: WireguardInterface, values: EditValues, site: Site): ChangePlan {
  const body: Record<string, string | number | boolean> = {};
  if (text(values, 'description') !== iface.description) body['description'] = text(values, 'description');
  if (text(values, 'endpointIp') !== iface.endpointIp) body['endpoint_ip'] = text(values, 'endpointIp');
  const port = num(values, 'listenPort', iface.listenPort);
  if (port !== iface.listenPort) body['listenport'] = port;
  const enabled = values['enabled'] !== false;
  if (enabled !== iface.enabled) body['enabled'] = enabled;
  const network = networkName(site, iface.vnet);
  const steps: Step[] = Object.keys(body).length
    ? [
        {
          kind: 'update',
          id: `update wireguard ${iface.key}`,
          title: `Update WireGuard interface ${iface.name} on ${network}`,
          table: 'vnet_wireguards',
          key: iface.key,
          body,
          touchesNetwork: iface.vnet,
        },
      ]
    : [];
  return {title: `Update WireGuard interface ${iface.name}`, steps};
}

export interface WireguardLiveness {
  /** The router runs the interface: a delete needs its disable applied first. */
  live: boolean;
  /** false when vseg could not tell and assumes it is live (the safe way). */
  certain: boolean;
  why: string;
}

/**
 * Whether the router of the interface's network runs it now. VergeOS refuses
 * to delete an interface its router runs; it must be disabled and the disable
 * applied first, while a fresh, never-applied one — or one whose disable is
 * applied, or one on a stopped network — can go at once (VERGEOS-API.md §8.1
 * #2: PY tests/integration/test_wireguard.py, TF3 deleteWireGuard). With no
 * rule change pending, what the site shows is what the router runs. With
 * changes pending, the last rules vseg saw live tell: the interface's own
 * accept rules (owner `vnet_wireguards/<key>`), when this site's staged rules
 * show that owner at all. Otherwise vseg cannot tell and takes the safe way.
 */
export function wireguardLiveness(iface: WireguardInterface, site: Site): WireguardLiveness {
  const network = site.networks.find((n) => n.key === iface.vnet);
  const name = network?.name ?? `network ${iface.vnet}`;
  if (!network?.running) return {live: false, certain: true, why: `${name} is not running`};
  if (!network.needFwApply) {
    return iface.enabled
      ? {live: true, certain: true, why: `it is enabled on the running router of ${name}`}
      : {live: false, certain: true, why: `its disable is applied on ${name}`};
  }
  const owner = `vnet_wireguards/${iface.key}`;
  const staged = site.rules.some((r) => r.vnet === iface.vnet && r.owner === owner);
  const applied = site.applied.get(iface.vnet);
  if (staged && applied && applied.source !== 'unknown') {
    const liveRules = applied.rules.filter((r) => r.owner === owner);
    if (liveRules.some((r) => r.enabled)) return {live: true, certain: true, why: `its rules are live on ${name}`};
    return {
      live: false,
      certain: true,
      why: liveRules.length === 0 ? `it was never applied on ${name}` : `its disable is applied on ${name}`,
    };
  }
  return {
    live: true,
    certain: false,
    why: `rule changes are pending on ${name} and vseg cannot tell whether its router runs ${iface.name}`,
  };
}

/**
 * Deleting an interface: directly when the router does not run it; otherwise
 * disable (unless that is already staged), Apply Rules on its network, then
 * delete. Its peers go with it (PY wireguard.py delete(): "This also removes
 * all associated peers").
 */
export function deleteInterfacePlan(iface: WireguardInterface, site: Site): ChangePlan {
  const network = networkName(site, iface.vnet);
  const steps: Step[] = [];
  if (wireguardLiveness(iface, site).live) {
    if (iface.enabled) {
      steps.push({
        kind: 'update',
        id: `disable wireguard ${iface.key}`,
        title: `Disable WireGuard interface ${iface.name}`,
        table: 'vnet_wireguards',
        key: iface.key,
        body: {enabled: false},
        touchesNetwork: iface.vnet,
      });
    }
    steps.push({
      kind: 'apply-rules',
      id: `apply ${iface.vnet} before deleting wireguard ${iface.key}`,
      title: `Apply Rules on ${network}`,
      vnet: iface.vnet,
      network,
    });
  }
  steps.push({
    kind: 'delete',
    id: `delete wireguard ${iface.key}`,
    title: `Delete WireGuard interface ${iface.name} on ${network}`,
    table: 'vnet_wireguards',
    key: iface.key,
    touchesNetwork: iface.vnet,
  });
  return {title: `Delete WireGuard interface ${iface.name} on ${network}`, steps};
}

/** What the delete does and costs, for the confirmation. */
export function deleteInterfaceImpact(iface: WireguardInterface, site: Site): string[] {
  const network = site.networks.find((n) => n.key === iface.vnet);
  const name = network?.name ?? `network ${iface.vnet}`;
  const n = iface.peers.length;
  const lines = [`Clients of ${iface.name} can no longer connect.`];
  if (n > 0) lines.push(`Its ${n} peer${n === 1 ? '' : 's'} go${n === 1 ? 'es' : ''} with it.`);
  const l = wireguardLiveness(iface, site);
  if (l.live) {
    const others = network?.needFwApply ? `, which also makes the other rule changes staged on ${name} live,` : '';
    lines.push(
      `${l.certain ? `${iface.name} runs on the router of ${name}` : l.why}: VergeOS deletes it only once a disable is applied, ` +
        `so vseg ${iface.enabled ? 'disables it, ' : ''}applies the rules of ${name}${others} then deletes it.`,
    );
  } else lines.push(`${iface.name} is not running on the router (${l.why}): it is deleted at once.`);
  return lines;
}

// --- peers -------------------------------------------------------------------

export type PeerKeySource = 'generate' | 'paste';

const ownAddress = (iface: Pick<WireguardInterface, 'ip'>) => {
  const c = parseCidr(iface.ip);
  return c.ok ? c.value : undefined;
};

/** The peer's tunnel address as a /32 ("192.168.255.10" → "192.168.255.10/32"). */
export function peerAddress(value: string): string {
  const v = value.trim();
  return v.includes('/') ? v : `${v}/32`;
}

export function validatePeerName(
  value: string,
  _values: EditValues,
  _site: Site,
  iface: WireguardInterface,
  current?: WireguardPeer,
): string | undefined {
  const bad = nameError(value, 'peer');
  if (bad) return bad;
  const clash = iface.peers.find((p) => p.name === value.trim() && p.key !== current?.key);
  return clash ? `${iface.name} already has a peer named ${clash.name}` : undefined;
}

/** The peer's address on its own: one host of the interface's tunnel subnet, not the interface's. */
export function peerIpError(value: string, iface: Pick<WireguardInterface, 'ip' | 'name'>): string | undefined {
  const v = value.trim();
  if (v === '') return 'the peer needs an address on the tunnel';
  const c = parseCidr(peerAddress(v));
  if (!c.ok) return c.error;
  if (c.value.prefix !== 32) return 'give one address (a /32), e.g. 192.168.255.10';
  const own = ownAddress(iface);
  if (own) {
    const [lo, hi] = cidrRange(own);
    if (c.value.base < lo || c.value.base > hi) return `outside ${own.text}, the tunnel subnet of ${iface.name}`;
    if (c.value.base === own.address) return `${formatIpv4(own.address)} is the interface's own address`;
    if (own.prefix <= 30 && (c.value.base === lo || c.value.base === hi))
      return "that is the subnet's network or broadcast address";
  }
  return undefined;
}

export function validatePeerIp(
  value: string,
  _values: EditValues,
  _site: Site,
  iface: WireguardInterface,
  current?: WireguardPeer,
): string | undefined {
  const bad = peerIpError(value, iface);
  if (bad) return bad;
  const c = parseCidr(peerAddress(value.trim()));
  if (!c.ok) return c.error;
  const clash = iface.peers.find(
    (p) => p.key !== current?.key && p.peerIp && parseIpv4(p.peerIp.replace(/\/\d+$/, '')) === c.value.base,
  );
  return clash ? `taken by peer ${clash.name}` : undefined;
}

/** What the interface routes to this peer; WireGuard needs these unique per interface. */
export function validateAllowedIps(
  value: string,
  _values: EditValues,
  _site: Site,
  iface: WireguardInterface,
  current?: WireguardPeer,
): string | undefined {
  const bad = cidrListError(value);
  if (bad) return bad;
  for (const part of splitList(value)) {
    for (const p of iface.peers) {
      if (p.key === current?.key) continue;
      const other = splitList(p.allowedIps).find((o) => o && parseCidr(o).ok && cidrOverlaps(part, o));
      if (other) return `overlaps peer ${p.name} (${other}): each address goes to one peer`;
    }
  }
  return undefined;
}

export function validatePeerEndpoint(value: string): string | undefined {
  return hostError(value, false);
}

export function validatePeerPort(value: number | undefined): string | undefined {
  return integerError(value, 1, 65535, 'port');
}

export function validateKeepalive(value: number | undefined): string | undefined {
  return integerError(value ?? 0, 0, 65535, 'keepalive');
}

export function validatePublicKey(
  value: string,
  values: EditValues,
  _site: Site,
  iface: WireguardInterface,
  current?: WireguardPeer,
): string | undefined {
  if (values['keySource'] === 'generate') return undefined;
  const bad = wireguardKeyError(value);
  if (bad) return bad;
  const v = value.trim();
  if (v === iface.publicKey) return "that is the interface's own public key";
  const clash = iface.peers.find((p) => p.publicKey === v && p.key !== current?.key);
  return clash ? `peer ${clash.name} already uses this key` : undefined;
}

export function validateClientDns(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  for (const part of splitList(value)) {
    const bad = optionalIpError(part) ?? (part === '' ? 'stray comma' : undefined);
    if (bad) return bad;
  }
  return undefined;
}

export function validateClientRoutes(value: string): string | undefined {
  return cidrListError(value, 'route');
}

/** The first free host of the tunnel subnet, as a /32. */
export function suggestPeerIp(iface: WireguardInterface): string {
  const own = ownAddress(iface);
  if (!own) return '';
  const [lo, hi] = cidrRange(own);
  const taken = new Set<number>([own.address]);
  for (const p of iface.peers) {
    const n = parseIpv4(p.peerIp.replace(/\/\d+$/, ''));
    if (n !== null) taken.add(n);
  }
  for (let n = lo + 1; n < hi; n++) if (!taken.has(n)) return `${formatIpv4(n)}/32`;
  return '';
}

/** What a remote user's client sends through the tunnel by default: the tunnel subnet and the interface's network. */
export function defaultClientRoutes(iface: WireguardInterface, site: Site): string {
  const own = ownAddress(iface);
  const net = networkByKey(site, iface.vnet);
  return [own?.text, net?.cidr]
    .filter((x): x is string => Boolean(x))
    .filter((x, i, all) => all.indexOf(x) === i)
    .join(',');
}

function peerBody(values: EditValues): Record<string, string | number | boolean> {
  const firewall = text(values, 'firewall') || 'site-to-site';
  return {
    name: text(values, 'name'),
    description: text(values, 'description'),
    enabled: values['enabled'] !== false,
    peer_ip: peerAddress(text(values, 'peerIp')),
    allowed_ips: normaliseCidrList(text(values, 'allowedIps')),
    endpoint: text(values, 'endpoint'),
    port: num(values, 'port', WG_DEFAULT_PORT),
    keepalive: num(values, 'keepalive', 0),
    configure_firewall: firewall,
  };
}

/** `publicKey`: the pasted key, or the public half of the pair made here. */
export function createPeerPlan(
  iface: WireguardInterface,
  values: EditValues,
  site: Site,
  publicKey: string,
): ChangePlan {
  const body = {...peerBody(values), wireguard: iface.key, public_key: publicKey.trim()};
  const name = text(values, 'name');
  const network = networkName(site, iface.vnet);
  return {
    title: `Create WireGuard peer ${name} on ${iface.name}`,
    steps: [
      {
        kind: 'create',
        id: `create peer ${iface.key}/${name}`,
        title: `Create peer ${name} on ${iface.name} (${network})`,
        table: 'vnet_wireguard_peers',
        body,
        identity: {wireguard: iface.key, name},
        knownNew: true,
        touchesNetwork: iface.vnet,
      },
    ],
  };
}

export function updatePeerPlan(
  iface: WireguardInterface,
  peer: WireguardPeer,
  values: EditValues,
  site: Site,
): ChangePlan {
  const next = peerBody(values);
  const before: Record<string, string | number | boolean> = {
    name: peer.name,
    description: peer.description,
    enabled: peer.enabled,
    peer_ip: peer.peerIp,
    allowed_ips: peer.allowedIps,
    endpoint: peer.endpoint,
    port: peer.port,
    keepalive: peer.keepalive,
    configure_firewall: peer.configureFirewall,
  };
  const body = Object.fromEntries(Object.entries(next).filter(([k, v]) => before[k] !== v));
  const steps: Step[] = Object.keys(body).length
    ? [
        {
          kind: 'update',
          id: `update peer ${peer.key}`,
          title: `Update peer ${peer.name} on ${iface.name} (${networkName(site, iface.vnet)})`,
          table: 'vnet_wireguard_peers',
          key: peer.key,
          body,
          touchesNetwork: iface.vnet,
        },
      ]
    : [];
  return {title: `Update WireGuard peer ${peer.name}`, steps};
}

export function deletePeerPlan(iface: WireguardInterface, peer: WireguardPeer, site: Site): ChangePlan {
  return {
    title: `Delete WireGuard peer ${peer.name}`,
    steps: [
      {
        kind: 'delete',
        id: `delete peer ${peer.key}`,
        title: `Delete peer ${peer.name} of ${iface.name} (${networkName(site, iface.vnet)})`,
        table: 'vnet_wireguard_peers',
        key: peer.key,
        touchesNetwork: iface.vnet,
      },
    ],
  };
}

// --- client configuration ----------------------------------------------------

/** Where clients reach the interface: its endpoint IP, else the external network it routes through, else the site's host. */
export function interfaceEndpoint(iface: WireguardInterface, site: Site, siteHost: string): string {
  const host = iface.endpointIp || uplinkAddress(iface, site) || siteHost.replace(/:\d+$/, '');
  return `${host}:${iface.listenPort || WG_DEFAULT_PORT}`;
}

function uplinkAddress(iface: WireguardInterface, site: Site): string {
  const net = networkByKey(site, iface.vnet);
  if (net?.type === 'external') return net.routerIp;
  const up = networkByKey(site, net?.defaultGateway);
  return up?.type === 'external' ? up.routerIp : '';
}

export interface ClientConfigOptions {
  /** Made here for a new peer; shown once. Without it a placeholder says where it lives. */
  privateKey?: string;
  dns?: string;
  /** AllowedIPs on the client; default: the tunnel subnet and the interface's network. */
  routes?: string;
  siteHost: string;
}

/** The peer's side of the tunnel, as `wg-quick` reads it. */
export function peerClientConfig(
  iface: WireguardInterface,
  peer: Pick<WireguardPeer, 'name' | 'peerIp' | 'keepalive'>,
  site: Site,
  options: ClientConfigOptions,
): string[] {
  const dns = options.dns?.trim();
  const routes = options.routes?.trim() || defaultClientRoutes(iface, site);
  const lines = [
    `# ${peer.name} — WireGuard ${iface.name} on ${networkName(site, iface.vnet)}`,
    '[Interface]',
    `PrivateKey = ${options.privateKey ?? "<the peer's private key: vseg never has it>"}`,
    `Address = ${peer.peerIp}`,
  ];
  if (dns) lines.push(`DNS = ${splitList(dns).filter(Boolean).join(', ')}`);
  lines.push(
    '',
    '[Peer]',
    `PublicKey = ${iface.publicKey || '<not known yet: refresh once VergeOS has generated it>'}`,
    `AllowedIPs = ${splitList(routes).filter(Boolean).join(', ')}`,
    `Endpoint = ${interfaceEndpoint(iface, site, options.siteHost)}`,
  );
  if (peer.keepalive > 0) lines.push(`PersistentKeepalive = ${peer.keepalive}`);
  return lines;
}
