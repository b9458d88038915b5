// Step 4, add VPN tunnels. WireGuard: an interface on a network (VergeOS
// generates its key and, with configure_firewall, the port forward and
// "Accept WireGuard" rules), peers whose keys are generated on this machine
// (the private key is shown once, for the remote side, and never sent), and
// the rules that let peers reach the chosen networks. IPsec: a VPN network,
// phase 1 with a strong proposal and a generated pre-shared key, phase 2
// selectors, and the rules the tunnel needs. Both end with the remote side's
// configuration to copy.
import {z} from 'zod';
import type {Step} from '../changes/types.js';
import {
  cidrOverlaps,
  cidrRange,
  formatIpv4,
  freeBlocks,
  parseCidr,
  parseInterfaceAddress,
  parseIpv4,
  validateCidr,
  validateIp,
} from '../ip.js';
import type {Network, Site, WireguardInterface} from '../model.js';
import {derivedNetworkKeys} from '../sitefile/from-site.js';
import {
  NETWORK_DEFAULTS,
  TUNNEL_DEFAULTS,
  type NetworkSpec,
  type PeerSpec,
  type Phase2Spec,
  type TunnelSpec,
  type WireguardSpec,
} from '../sitefile/schema.js';
import {secretEnvName, secretName} from '../sitefile/secrets.js';
import {networkOf} from './endpoints.js';
import {ensureRule, fieldAddresses, planFlows, rule, type Flow} from './flows.js';
import {duplicatesOf, nameError, slug, splitWords} from './names.js';
import {buildReview} from './review.js';
import {assemble, docFor, networkKeyOf} from './site-plan.js';
import {proposeDmz} from './topology.js';
import type {PlanContext, ReviewLine, WizardPlan} from './types.js';
import {isWgKey} from './wg-keys.js';

/** IKEv2 with AES-GCM and a 384-bit curve: strong, and what strongSwan and most peers speak. */
export const STRONG_IKE = 'aes256gcm16-prfsha384-ecp384';
export const STRONG_ESP = 'aes256gcm16-ecp384';

export const peerAnswer = z.strictObject({
  name: z.string(),
  kind: z.enum(['remote-user', 'site-to-site']).default('remote-user'),
  /** The peer's address inside the tunnel; proposed from the interface's block. */
  address: z.string().optional(),
  /** Site-to-site: the remote networks behind the peer (comma list of CIDRs). */
  remoteSubnets: z.string().default(''),
  endpoint: z.string().default(''),
  port: z.number().int().min(1).max(65535).default(51820),
  keepalive: z.number().int().min(0).max(65535).default(25),
  /** The remote side's own public key; without it a key pair is generated here. */
  publicKey: z.string().optional(),
});

export const wireguardAnswer = z.strictObject({
  network: z.string(),
  name: z.string().default('wg0'),
  /** Interface address in CIDR form, e.g. 192.168.250.1/24; proposed when absent. */
  address: z.string().optional(),
  listenPort: z.number().int().min(1).max(65535).optional(),
  /** Public address peers connect to; default: the uplink network's router address. */
  endpoint: z.string().optional(),
  /** Networks the peers may reach. */
  reach: z.array(z.string()).default([]),
  peers: z.array(peerAnswer).default([]),
});

export const ipsecAnswer = z.strictObject({
  /** The VPN network the tunnel lives on (created, type vpn, when missing). */
  network: z.string().default('vpn'),
  tunnel: z.string(),
  remoteGateway: z.string(),
  /** Local selectors: CIDRs or network names. */
  localSubnets: z.array(z.string()).default([]),
  remoteSubnets: z.array(z.string()).default([]),
  keyExchange: z.enum(['ikev2', 'ikev1', 'ike']).default('ikev2'),
  ike: z.string().default(STRONG_IKE),
  esp: z.string().default(STRONG_ESP),
  /** A pre-shared key supplied as VSEG_SECRET_<NAME>; generated when absent. */
  psk: z.strictObject({secret: z.string()}).optional(),
  /** This site's public address, for the remote side's configuration. */
  endpoint: z.string().optional(),
});

export const vpnSchema = z.strictObject({
  kind: z.enum(['wireguard', 'ipsec']),
  wireguard: wireguardAnswer.optional(),
  ipsec: ipsecAnswer.optional(),
});
export type VpnAnswers = z.output<typeof vpnSchema>;
export type WireguardAnswers = z.output<typeof wireguardAnswer>;
export type PeerAnswers = z.output<typeof peerAnswer>;
export type IpsecAnswers = z.output<typeof ipsecAnswer>;

// ---------------------------------------------------------------------------
// Resolution and validators

export function managedInternal(site: Site): Network[] {
  const derived = derivedNetworkKeys(site);
  return site.networks.filter((n) => n.type === 'internal' && !derived.has(n.key));
}

export function uplink(site: Site, n: Network | undefined): Network | undefined {
  const gw = n?.defaultGateway != null ? site.networks.find((x) => x.key === n.defaultGateway) : undefined;
  return gw ?? site.networks.find((x) => x.type === 'external');
}

function usedBlocks(site: Site): string[] {
  return [
    ...site.networks.map((n) => n.cidr).filter(Boolean),
    ...site.blocks.map((b) => b.cidr),
    ...site.wireguards.flatMap((w) => {
      const p = parseInterfaceAddress(w.ip);
      return p.ok ? [p.value.network] : [];
    }),
    ...site.wireguards
      .flatMap((w) => w.peers.flatMap((p) => p.allowedIps.split(',').map((s) => s.trim())))
      .filter(Boolean),
  ];
}

export interface ResolvedWireguard {
  network?: Network;
  existing?: WireguardInterface;
  name: string;
  address: string;
  subnet: string;
  listenPort: number;
  endpoint: string;
  peers: Array<PeerAnswers & {address: string; allowedIps: string}>;
}

export function resolveWireguard(site: Site, w: WireguardAnswers): ResolvedWireguard {
  const network = site.networks.find((n) => n.name === w.network);
  const existing = network ? site.wireguards.find((x) => x.vnet === network.key && x.name === w.name) : undefined;
  let address = w.address ?? existing?.ip ?? '';
  if (address === '') {
    const free = freeBlocks('192.168.240.0/20', 24, usedBlocks(site), 1);
    address = free.ok ? `${free.value[0].replace(/\.0\/24$/, '.1')}/24` : '';
  }
  const iface = parseInterfaceAddress(address);
  const subnet = iface.ok ? iface.value.network : '';
  const ports = new Set(site.wireguards.filter((x) => x !== existing).map((x) => x.listenPort));
  let listenPort = w.listenPort ?? existing?.listenPort ?? 51820;
  while (w.listenPort === undefined && !existing && ports.has(listenPort)) listenPort++;
  const endpoint = w.endpoint ?? existing?.endpointIp ?? uplink(site, network)?.routerIp ?? '';
  const taken = new Set<string>(iface.ok ? [iface.value.address] : []);
  for (const p of w.peers) if (p.address) taken.add(p.address);
  for (const p of existing?.peers ?? []) if (p.peerIp) taken.add(p.peerIp);
  const peers = w.peers.map((p) => {
    const live = existing?.peers.find((x) => x.name === p.name);
    let addr = p.address ?? live?.peerIp ?? '';
    if (addr === '' && iface.ok) {
      const c = parseCidr(subnet);
      if (c.ok) {
        const [lo, hi] = cidrRange(c.value);
        for (let ip = lo + 1; ip < hi; ip++) {
          if (!taken.has(formatIpv4(ip))) {
            addr = formatIpv4(ip);
            taken.add(addr);
            break;
          }
        }
      }
    }
    const remote = splitWords(p.remoteSubnets.replace(/,/g, ' '));
    const allowedIps = [addr ? `${addr}/32` : '', ...(p.kind === 'site-to-site' ? remote : [])]
      .filter(Boolean)
      .join(',');
    return {...p, address: addr, allowedIps};
  });
  return {network, existing, name: w.name, address, subnet, listenPort, endpoint, peers};
}

export function validateVpnNetwork(site: Site, name: string): string | undefined {
  const n = site.networks.find((x) => x.name === name);
  if (!n) return `no network named "${name}"`;
  if (n.type !== 'internal' || derivedNetworkKeys(site).has(n.key))
    return `${name} is not an internal network vseg manages`;
  return undefined;
}

export function validateInterfaceAddress(site: Site, text: string, self?: WireguardInterface): string | undefined {
  const p = parseInterfaceAddress(text);
  if (!p.ok) return p.error;
  if (p.value.address === p.value.network.replace(/\/\d+$/, ''))
    return `${text}: give the interface's own address (e.g. ${formatIpv4(parseIpv4(p.value.address)! + 1)}/${p.value.prefix}), not the network address`;
  for (const n of site.networks)
    if (n.cidr && cidrOverlaps(p.value.network, n.cidr)) return `overlaps network ${n.name} (${n.cidr})`;
  for (const w of site.wireguards) {
    if (w === self || w.key === self?.key) continue;
    const o = parseInterfaceAddress(w.ip);
    if (o.ok && cidrOverlaps(p.value.network, o.value.network))
      return `overlaps WireGuard interface ${w.name} (${w.ip})`;
  }
  return undefined;
}

export function validatePeerAddress(address: string, subnet: string, iface: string): string | undefined {
  const v = validateIp(address);
  if (!v.ok) return v.error;
  const c = parseCidr(subnet);
  if (c.ok) {
    const [lo, hi] = cidrRange(c.value);
    const n = parseIpv4(address)!;
    if (n <= lo || n >= hi) return `not a host address inside ${subnet}`;
  }
  if (iface && address === iface.replace(/\/\d+$/, '')) return "that is the interface's own address";
  return undefined;
}

export function validateSubnets(text: string, required: boolean): string | undefined {
  const list = splitWords(text.replace(/,/g, ' '));
  if (list.length === 0) return required ? 'at least one remote subnet (CIDR)' : undefined;
  for (const s of list) {
    const c = validateCidr(s);
    if (!c.ok) return c.error;
  }
  return undefined;
}

export function validateHostOrIp(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return 'required';
  if (/^[\d.]+$/.test(t)) {
    const v = validateIp(t);
    return v.ok ? undefined : v.error;
  }
  return /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(
    t,
  )
    ? undefined
    : `"${t}" is no IP address or host name`;
}

export function validateProposal(text: string): string | undefined {
  return /^[a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*!?$/.test(text.trim())
    ? undefined
    : 'a proposal such as aes256gcm16-prfsha384-ecp384';
}

export function validateReach(site: Site, names: readonly string[]): string | undefined {
  for (const n of names) {
    const e = validateVpnNetwork(site, n);
    if (e) return e;
  }
  return undefined;
}

function validateWireguard(site: Site, w: WireguardAnswers): string[] {
  const p: string[] = [];
  const add = (where: string, e: string | undefined) => void (e && p.push(`wireguard / ${where}: ${e}`));
  add('network', validateVpnNetwork(site, w.network));
  add('name', nameError('WireGuard interface', w.name));
  if (p.length > 0) return p;
  const r = resolveWireguard(site, w);
  if (r.address === '') add('address', 'no free /24 for the tunnel addresses: give one');
  else add('address', validateInterfaceAddress(site, r.address, r.existing));
  if (r.endpoint === '') add('endpoint', 'no public address known: give the address peers connect to');
  else add('endpoint', validateHostOrIp(r.endpoint));
  add('reach', validateReach(site, w.reach));
  const dup = duplicatesOf(w.peers.map((x) => x.name));
  if (dup.length) add('peers', `${dup.join(', ')} listed twice`);
  const addrDup = duplicatesOf(r.peers.map((x) => x.address).filter(Boolean));
  if (addrDup.length) add('peers', `address ${addrDup.join(', ')} given to more than one peer`);
  r.peers.forEach((peer, i) => {
    const where = `peers[${i + 1}]`;
    add(`${where} / name`, nameError('peer', peer.name));
    if (peer.address === '') add(`${where} / address`, 'no free address left in the tunnel block');
    else add(`${where} / address`, validatePeerAddress(peer.address, r.subnet, r.address));
    add(`${where} / remoteSubnets`, validateSubnets(peer.remoteSubnets, peer.kind === 'site-to-site'));
    if (peer.endpoint) add(`${where} / endpoint`, validateHostOrIp(peer.endpoint));
    if (peer.publicKey !== undefined && !isWgKey(peer.publicKey))
      add(`${where} / publicKey`, 'not a WireGuard public key (44 characters of base64)');
  });
  return p;
}

/** A local selector: a CIDR, or a network name (its block). */
export function localSubnet(site: Site, text: string): string | undefined {
  const n = site.networks.find((x) => x.name === text.trim());
  if (n) return n.cidr || undefined;
  const c = validateCidr(text);
  return c.ok ? c.value : undefined;
}

function validateIpsec(site: Site, s: IpsecAnswers): string[] {
  const p: string[] = [];
  const add = (where: string, e: string | undefined) => void (e && p.push(`ipsec / ${where}: ${e}`));
  add('network', nameError('network', s.network));
  const live = site.networks.find((n) => n.name === s.network);
  if (live && live.type !== 'vpn')
    add(
      'network',
      `${s.network} is a network of type ${live.type}; the tunnel needs a VPN network (choose another name)`,
    );
  add('tunnel', nameError('tunnel', s.tunnel));
  const gw = validateIp(s.remoteGateway);
  if (!gw.ok) add('remoteGateway', gw.error);
  if (s.localSubnets.length === 0) add('localSubnets', 'at least one local network or CIDR');
  for (const l of s.localSubnets) {
    const cidr = localSubnet(site, l);
    if (!cidr) add('localSubnets', `"${l}" is no network name or CIDR`);
    else if (!networkOf(site, cidr)) add('localSubnets', `${cidr} is not inside an internal network`);
  }
  add('remoteSubnets', validateSubnets(s.remoteSubnets.join(','), true));
  for (const r of s.remoteSubnets) {
    const clash = site.networks.find((n) => n.cidr && validateCidr(r).ok && cidrOverlaps(r, n.cidr));
    if (clash)
      add(
        'remoteSubnets',
        `${r} overlaps local network ${clash.name} (${clash.cidr}): the tunnel could not tell the sides apart`,
      );
  }
  add('ike', validateProposal(s.ike));
  add('esp', validateProposal(s.esp));
  if (s.endpoint !== undefined) add('endpoint', validateHostOrIp(s.endpoint));
  if (s.psk && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(s.psk.secret))
    add('psk', 'a secret name is letters, digits, ".", "_" or "-"');
  return p;
}

export function validateVpnAnswers(site: Site, a: VpnAnswers): string[] {
  if (a.kind === 'wireguard')
    return a.wireguard ? validateWireguard(site, a.wireguard) : ['wireguard: the WireGuard answers are missing'];
  return a.ipsec ? validateIpsec(site, a.ipsec) : ['ipsec: the IPsec answers are missing'];
}

// ---------------------------------------------------------------------------
// Plans

export const peerKeyName = (net: string, wg: string, peer: string) => `wg-${net}-${wg}-${peer}`;
export const pskName = (s: IpsecAnswers) => s.psk?.secret ?? secretName('wizard', 'ipsec', s.network, s.tunnel, 'psk');

function planWireguard(site: Site, w: WireguardAnswers, ctx: PlanContext, title: string) {
  const r = resolveWireguard(site, w);
  const doc = docFor(site, [w.network]);
  const spec = doc.networks[0];
  const live = spec.wireguard.find((x) => x.name === w.name);
  const peers: PeerSpec[] = r.peers.map((p) => {
    const livePeer = live?.peers.find((x) => x.name === p.name);
    const regen = ctx.regenerate?.has(`create peer ${w.network}/${w.name}/${p.name}`) ?? false;
    const publicKey =
      p.publicKey ??
      (livePeer && !regen ? livePeer.publicKey : ctx.secrets.wgKeys(peerKeyName(w.network, w.name, p.name)).publicKey);
    return {
      name: p.name,
      description: livePeer?.description ?? `vseg VPN wizard (${p.kind})`,
      enabled: true,
      endpoint: p.endpoint,
      port: p.port,
      peerIp: p.address,
      publicKey,
      allowedIps: p.allowedIps,
      keepalive: p.keepalive,
      configureFirewall: p.kind,
      presharedKey: undefined,
    };
  });
  // Peers the answers do not name stay as they are.
  for (const lp of live?.peers ?? []) if (!peers.some((p) => p.name === lp.name)) peers.push(lp);
  const iface: WireguardSpec = {
    name: w.name,
    description: live?.description ?? 'vseg VPN wizard',
    enabled: true,
    ip: r.address,
    listenPort: r.listenPort,
    mtu: live?.mtu ?? 0,
    endpointIp: r.endpoint,
    privateKey: live?.privateKey,
    peers,
  };
  spec.wireguard = [...spec.wireguard.filter((x) => x.name !== w.name), iface];
  const remote = r.peers.flatMap((p) =>
    p.kind === 'site-to-site' ? splitWords(p.remoteSubnets.replace(/,/g, ' ')) : [],
  );
  const sources = [r.subnet, ...remote].filter(Boolean).join(',');
  const flows: Flow[] = w.reach.map((net) => ({
    from: `ip:${sources}`,
    to: `net:${net}`,
    protocol: 'any',
    ports: '',
    name: `allow-${slug(w.name)}-to-${slug(net)}`,
    description: `vseg VPN wizard: WireGuard ${w.name} peers to ${net}`,
    via: {network: w.network, dmzIp: r.network?.dmzIp ?? ''},
  }));
  const planning = planFlows(site, doc, flows, ctx.policy, title);
  // VergeOS stages the port forward on the uplink and the "Accept WireGuard" rules itself when asked at creation.
  let creates = false;
  for (const op of planning.sitePlan?.operations ?? []) {
    if (op.step.kind === 'create' && op.step.table === 'vnet_wireguards') {
      op.step.body['configure_firewall'] = true;
      creates = true;
    }
  }
  // The port forward is a rule of the uplink network: it needs Apply Rules there too.
  const up = creates ? uplink(site, r.network) : undefined;
  return {planning, resolved: r, touched: up ? [{name: up.name, vnet: up.key}] : []};
}

function planIpsec(site: Site, s: IpsecAnswers, ctx: PlanContext, title: string, missing: string[]) {
  const live = site.networks.find((n) => n.name === s.network);
  const doc = docFor(site, live ? [s.network] : []);
  const gateway = site.networks.find((n) => n.type === 'external');
  let spec = doc.networks.find((n) => n.name === s.network);
  if (!spec) {
    const dmzIp = proposeDmz(site, new Set());
    spec = {
      ...NETWORK_DEFAULTS,
      name: s.network,
      type: 'vpn',
      description: 'vseg VPN wizard: IPsec',
      dmzIp,
      defaultGateway: gateway?.name ?? null,
      interfaceNetwork: null,
      rules: [],
      wireguard: [],
      ipsec: [],
      dhcp: {enabled: false, start: '', stop: ''},
    } satisfies NetworkSpec;
    doc.networks.push(spec);
  }
  const locals = s.localSubnets.map((l) => localSubnet(site, l)!).filter(Boolean);
  const existing = spec.ipsec.find((t) => t.name === s.tunnel);
  const phase2: Phase2Spec[] = [];
  for (const l of locals) {
    for (const r of s.remoteSubnets) {
      const name = `${s.tunnel}-${slug(l)}-${slug(r)}`.slice(0, 128);
      const had = existing?.phase2.find((p) => p.name === name);
      phase2.push({
        name,
        description: had?.description ?? 'vseg VPN wizard',
        enabled: true,
        mode: 'tunnel',
        local: l,
        remote: r,
        protocol: 'esp',
        ciphers: s.esp,
        lifetime: had?.lifetime ?? 3600,
      });
    }
  }
  for (const p of existing?.phase2 ?? []) if (!phase2.some((x) => x.name === p.name)) phase2.push(p);
  const creating = !existing;
  const regen = ctx.regenerate?.has(`create ipsec ${s.network}/${s.tunnel}`) ?? false;
  const name = pskName(s);
  const tunnel: TunnelSpec = {
    ...TUNNEL_DEFAULTS,
    ...(existing ?? {}),
    name: s.tunnel,
    description: existing?.description ?? 'vseg VPN wizard',
    enabled: true,
    remoteGateway: s.remoteGateway,
    keyExchange: s.keyExchange,
    auth: 'psk',
    ike: s.ike,
    auto: existing?.auto ?? 'start',
    dpdAction: 'restart',
    psk: {secret: name},
    phase2,
  };
  spec.ipsec = [...spec.ipsec.filter((t) => t.name !== s.tunnel), tunnel];
  if ((creating || regen) && s.psk && ctx.secrets.provided(s.psk.secret) === undefined) {
    missing.push(
      `ipsec / psk: the secret ${s.psk.secret} is not supplied (set ` +
        `${secretEnvName(s.psk.secret)} or pass --secrets FILE); leave psk out to have one generated`,
    );
  }
  if (creating || regen) ctx.secrets.psk(name);
  // IKE (udp 500, 4500 for NAT traversal) and ESP from the remote gateway, into the VPN network.
  ensureRule(
    spec.rules,
    rule({
      name: `allow-ike-from-${slug(s.tunnel)}`,
      action: 'accept',
      direction: 'incoming',
      protocol: 'udp',
      source: s.remoteGateway,
      destinationPorts: '500,4500',
      description: `vseg VPN wizard: IKE from ${s.tunnel}`,
    }),
  );
  ensureRule(
    spec.rules,
    rule({
      name: `allow-esp-from-${slug(s.tunnel)}`,
      action: 'accept',
      direction: 'incoming',
      protocol: '50',
      source: s.remoteGateway,
      description: `vseg VPN wizard: ESP from ${s.tunnel}`,
    }),
  );
  // Decrypted traffic leaves the VPN network towards each local network.
  for (const l of locals) {
    const n = networkOf(site, l);
    if (!n || !n.dmzIp) continue;
    const covered = spec.rules.some(
      (r) =>
        r.action === 'route' &&
        r.direction === 'outgoing' &&
        r.enabled &&
        fieldAddresses(site, r.destination).covers(fieldAddresses(site, l)),
    );
    if (!covered)
      ensureRule(
        spec.rules,
        rule({
          name: `route-to-${slug(n.name)}`,
          action: 'route',
          direction: 'outgoing',
          protocol: 'any',
          destination: n.cidr,
          target: n.dmzIp,
          description: `Route to ${n.name} through its DMZ address`,
        }),
      );
  }
  const flows: Flow[] = locals.map((l) => ({
    from: `ip:${s.remoteSubnets.join(',')}`,
    to: `ip:${l}`,
    protocol: 'any',
    ports: '',
    name: `allow-${slug(s.tunnel)}-remote`,
    description: `vseg VPN wizard: IPsec ${s.tunnel} remote subnets`,
    via: {network: s.network, dmzIp: spec.dmzIp},
  }));
  const planning = planFlows(site, doc, flows, ctx.policy, title);
  const extra: Step[] = [];
  // VergeOS creates networks stopped, and a stopped router carries no tunnel:
  // power it on, with its staged rules going live (VERGEOS-API.md §8.1 #1).
  if (!live || !live.running) {
    const vnet = networkKeyOf(site, s.network);
    extra.push({
      kind: 'action',
      id: `power on network ${s.network}`,
      title: `Power on network ${s.network} (its staged rules go live)`,
      table: 'vnet_actions',
      body: {vnet, action: 'poweron', params: {apply: true}},
      waitFor: {table: 'vnets', key: vnet, field: 'machine#status#running', equals: true},
    });
    const after = planning.sitePlan?.after;
    if (after)
      after.networks = after.networks.map((n) => (n.name === s.network ? {...n, running: true, status: 'running'} : n));
  }
  if (!creating && regen) {
    const t = site.ipsec.find((x) => x.name === s.tunnel && x.vnet === live?.key);
    if (t)
      extra.push({
        kind: 'update',
        id: `set psk ipsec ${s.network}/${s.tunnel}`,
        title: `Set a new pre-shared key on IPsec tunnel ${s.network}/${s.tunnel}`,
        table: 'vnet_ipsec_phase1s',
        key: t.key,
        body: {psk: ctx.secrets.psk(name).value},
        secretFields: ['psk'],
      });
  }
  return {planning, extra, creating};
}

export function planVpn(site: Site, a: VpnAnswers, ctx: PlanContext): WizardPlan {
  const title = `VPN wizard (${a.kind === 'wireguard' ? 'WireGuard' : 'IPsec'})`;
  const errors = validateVpnAnswers(site, a);
  const objects: ReviewLine[] = [];
  const notes: string[] = [];
  let planning: ReturnType<typeof planFlows> | undefined;
  let extra: Step[] = [];
  let touchedExtra: Array<{name: string; vnet: number}> = [];
  if (errors.length === 0 && a.kind === 'wireguard' && a.wireguard) {
    const w = planWireguard(site, a.wireguard, ctx, title);
    planning = w.planning;
    touchedExtra = w.touched;
    objects.push({
      kind: 'note',
      text: `  Interface ${a.wireguard.name} on ${a.wireguard.network}: ${w.resolved.address}, port ${w.resolved.listenPort}, endpoint ${w.resolved.endpoint}`,
    });
    for (const p of w.resolved.peers)
      objects.push({
        kind: 'field',
        text:
          `      peer ${p.name} (${p.kind}): ` +
          `${p.allowedIps}${p.publicKey ? ', its own key' : ', key pair generated here (private key shown once, never sent)'}`,
      });
    if (!w.resolved.existing)
      notes.push(
        'VergeOS generates the interface key and, asked at creation, the port forward on the uplink and the "Accept WireGuard" rules',
      );
  } else if (errors.length === 0 && a.kind === 'ipsec' && a.ipsec) {
    const i = planIpsec(site, a.ipsec, ctx, title, errors);
    planning = i.planning;
    extra = i.extra;
    objects.push({
      kind: 'note',
      text: `  Tunnel ${a.ipsec.tunnel} on ${a.ipsec.network} to ${a.ipsec.remoteGateway}: ${a.ipsec.keyExchange}, ike ${a.ipsec.ike}, esp ${a.ipsec.esp}`,
    });
    objects.push({
      kind: 'field',
      text:
        `      pre-shared key: ` +
        `${a.ipsec.psk ? `supplied (${a.ipsec.psk.secret})` : i.creating ? 'generated here, shown once after the apply' : 'unchanged'}`,
    });
  }
  if (planning) errors.push(...planning.errors.filter((e) => !errors.includes(e)));
  const sitePlan = errors.length === 0 ? planning?.sitePlan : undefined;
  const ok = sitePlan !== undefined;
  const {changePlan, touched} = ok
    ? assemble({title, sitePlan, secrets: ctx.secrets.source(), extra, touched: touchedExtra})
    : {changePlan: {title, steps: []}, touched: [] as string[]};
  const after = ok ? sitePlan.after : site;
  const review = buildReview({
    title,
    sitePlan,
    changePlan,
    after,
    policy: ctx.policy,
    rulesOf: touched,
    objects,
    checks: planning?.checks ?? [],
    warnings: planning?.warnings ?? [],
    notes: [...notes, ...(planning?.notes ?? []), "the remote side's configuration is shown once the apply succeeded"],
    errors,
    touched,
  });
  return {
    wizard: 'vpn',
    title,
    review,
    changePlan,
    errors,
    warnings: planning?.warnings ?? [],
    followUp: [],
    touched,
    after,
    restarts: [],
  };
}
