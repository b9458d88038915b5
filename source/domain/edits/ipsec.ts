// IPsec tunnels (phase 1) and their selectors (phase 2) as forms turn them
// into calls. The pre-shared key travels only in the create/update body and is
// marked secret there: confirmations and the audit log show it masked, and
// nothing here ever returns it for display.
import {randomBytes} from 'node:crypto';
import {IPSEC_DEFAULT_CIPHERS, IPSEC_DEFAULT_IKE} from '../../api/enums.js';
import type {ChangePlan, Step} from '../changes/types.js';
import {cidrOverlaps, IntervalSet, parseAddressSpec, splitList} from '../ip.js';
import type {IpsecPhase2, IpsecTunnel, Key, Network, Site} from '../model.js';
import {isClean} from '../text.js';
import {
  cidrListError,
  descriptionError,
  hostError,
  integerError,
  nameError,
  networkByKey,
  networkName,
  normaliseCidrList,
  num,
  pickedKey,
  text,
  type EditValues,
} from './resource-fields.js';

export const IPSEC_DEFAULT_LIFETIME = 3600;
export const IPSEC_DEFAULT_IKE_LIFETIME = 10800;
const IPSEC_TYPES = new Set(['vpn', 'internal', 'external']);
const PSK_MIN = 16;

/** VPN networks first (where VergeOS puts IPsec), then the others that can hold a configuration. */
export function ipsecNetworks(site: Site): Network[] {
  const usable = site.networks.filter((n) => IPSEC_TYPES.has(n.type) && !n.owner.startsWith('tenants/'));
  return [...usable.filter((n) => n.type === 'vpn'), ...usable.filter((n) => n.type !== 'vpn')];
}

/** A random pre-shared key: 32 bytes, base64url (43 characters, no quotes to escape). */
export function generatePsk(): string {
  return randomBytes(32).toString('base64url');
}

export function validateTunnelNetwork(value: string | undefined, _values: EditValues, site: Site): string | undefined {
  const key = pickedKey(value);
  if (key === undefined) return 'choose the network that holds the tunnel';
  const n = networkByKey(site, key);
  if (!n) return 'that network no longer exists';
  if (!IPSEC_TYPES.has(n.type) || n.owner.startsWith('tenants/'))
    return `${n.name} is a ${n.type} network; IPsec needs a VPN, internal or external network`;
  return undefined;
}

export function validateTunnelName(
  value: string,
  values: EditValues,
  site: Site,
  current?: IpsecTunnel,
): string | undefined {
  const bad = nameError(value, 'tunnel');
  if (bad) return bad;
  const vnet = current?.vnet ?? pickedKey(values['network']);
  const clash = site.ipsec.find((t) => t.vnet === vnet && t.name === value.trim() && t.key !== current?.key);
  return clash ? `${networkName(site, vnet)} already has a tunnel named ${clash.name}` : undefined;
}

export function validateRemoteGateway(value: string): string | undefined {
  return hostError(value, true);
}

const PROPOSAL = /^[a-z0-9]+(-[a-z0-9]+)+$/;
const WEAK = ['des', 'md5', 'modp768', 'modp1024', 'null'];

/** strongSwan proposals ("aes256-sha256-modp2048", comma list); broken algorithms refused. */
export function validateProposal(value: string): string | undefined {
  const v = value.trim().toLowerCase().replace(/!$/, '');
  if (v === '') return `a proposal is required, e.g. ${IPSEC_DEFAULT_IKE}`;
  for (const part of splitList(v)) {
    if (!PROPOSAL.test(part))
      return `"${part}" is not a proposal (algorithms joined by "-", e.g. ${IPSEC_DEFAULT_IKE})`;
    const weak = part.split('-').find((a) => WEAK.includes(a));
    if (weak) return `${weak} is broken; use e.g. ${IPSEC_DEFAULT_IKE}`;
  }
  return undefined;
}

/**
 * The key typed by the operator. With `pskMode` "generate" none is needed;
 * when editing (`keepWhenBlank`) an empty field keeps the current key.
 */
export function validatePsk(
  value: string,
  values: EditValues,
  _site?: Site,
  keepWhenBlank = false,
): string | undefined {
  if (values['pskMode'] === 'generate') return undefined;
  if (value === '') return keepWhenBlank ? undefined : 'a pre-shared key is required (or let vseg generate one)';
  if (value.length < PSK_MIN) return `at least ${PSK_MIN} characters (a generated key has 43)`;
  if (value.length > 256) return 'at most 256 characters';
  if (!isClean(value) || /["\\]/.test(value)) return 'no quotes, backslashes or control characters';
  if (value.trim() !== value) return 'no leading or trailing spaces';
  return undefined;
}

export function validateLocalSelector(value: string): string | undefined {
  return cidrListError(value, 'local CIDR');
}

export function validateRemoteSelector(value: string, values: EditValues): string | undefined {
  const bad = cidrListError(value, 'remote CIDR');
  if (bad) return bad;
  const local = text(values, 'local');
  if (cidrListError(local)) return undefined;
  for (const r of splitList(value)) {
    const hit = splitList(local).find((l) => cidrOverlaps(l, r));
    if (hit) return `overlaps the local side (${r} and ${hit}): traffic could not tell which side it is for`;
  }
  return undefined;
}

export function validatePhase2Name(
  value: string,
  _values: EditValues,
  _site: Site,
  tunnel: IpsecTunnel,
  current?: IpsecPhase2,
): string | undefined {
  const bad = nameError(value, 'phase 2');
  if (bad) return bad;
  const clash = tunnel.phase2.find((p) => p.name === value.trim() && p.key !== current?.key);
  return clash ? `${tunnel.name} already has a phase 2 named ${clash.name}` : undefined;
}

/** The first phase 2 of a tunnel being created: nothing to clash with yet. */
export function validateFirstPhase2Name(value: string): string | undefined {
  return nameError(value, 'phase 2');
}

export function validateLifetime(value: number | undefined): string | undefined {
  return integerError(value, 60, 86400, 'lifetime (seconds)');
}

export function validateTunnelDescription(value: string): string | undefined {
  return descriptionError(value);
}

function phase2Body(values: EditValues): Record<string, string | number | boolean> {
  return {
    name: text(values, 'p2Name') || text(values, 'name'),
    enabled: values['p2Enabled'] !== false,
    mode: 'tunnel',
    local: normaliseCidrList(text(values, 'local')),
    remote: normaliseCidrList(text(values, 'remote')),
    protocol: 'esp',
    ciphers: IPSEC_DEFAULT_CIPHERS,
    lifetime: num(values, 'lifetime', IPSEC_DEFAULT_LIFETIME),
  };
}

/**
 * A tunnel with its first phase 2. `psk`: the key typed or generated (the
 * caller keeps it for copying; the plan marks it secret). A network without an
 * IPsec configuration gets one first.
 */
export function createTunnelPlan(values: EditValues, site: Site, psk: string): ChangePlan {
  const vnet = pickedKey(values['network'])!;
  const network = networkName(site, vnet);
  const name = text(values, 'name');
  const known = site.ipsec.find((t) => t.vnet === vnet)?.ipsec;
  const steps: Step[] = [];
  const ipsec = known ?? {ref: `ipsec:${vnet}`};
  if (known === undefined) {
    steps.push({
      kind: 'create',
      id: `ipsec config ${vnet}`,
      title: `Enable IPsec on ${network}`,
      table: 'vnet_ipsecs',
      body: {vnet, enabled: true, mode: 'normal'},
      identity: {vnet},
      // An existing configuration is used as it is, not re-enabled behind the operator's back.
      compare: [],
      provides: `ipsec:${vnet}`,
      touchesNetwork: vnet,
    });
  }
  const remoteGateway = text(values, 'remoteGateway');
  steps.push({
    kind: 'create',
    id: `create tunnel ${vnet}/${name}`,
    title: `Create IPsec tunnel ${name} on ${network} to ${remoteGateway}`,
    table: 'vnet_ipsec_phase1s',
    body: {
      ipsec,
      name,
      remote_gateway: remoteGateway,
      auth: 'psk',
      psk,
      description: text(values, 'description'),
      enabled: values['enabled'] !== false,
      keyexchange: text(values, 'keyexchange') || 'ikev2',
      ike: text(values, 'ike') || IPSEC_DEFAULT_IKE,
      ikelifetime: IPSEC_DEFAULT_IKE_LIFETIME,
      auto: text(values, 'auto') || 'route',
      dpdaction: text(values, 'dpdaction') || 'restart',
    },
    identity: {ipsec, name},
    secretFields: ['psk'],
    provides: `phase1:${vnet}/${name}`,
    touchesNetwork: vnet,
  });
  const p2 = phase2Body(values);
  const phase1 = {ref: `phase1:${vnet}/${name}`};
  steps.push({
    kind: 'create',
    id: `create phase2 ${vnet}/${name}/${p2['name']}`,
    title: `Add phase 2 ${String(p2['name'])} (${String(p2['local'])} ↔ ${String(p2['remote'])})`,
    table: 'vnet_ipsec_phase2s',
    body: {...p2, phase1},
    identity: {phase1, name: p2['name']},
    touchesNetwork: vnet,
  });
  return {title: `Create IPsec tunnel ${name} on ${network}`, steps};
}

/** Only what changed; `psk` only when a new key was given. Empty plan when nothing did. */
export function updateTunnelPlan(tunnel: IpsecTunnel, values: EditValues, site: Site, psk?: string): ChangePlan {
  const wanted: Record<string, string | boolean> = {
    description: text(values, 'description'),
    enabled: values['enabled'] !== false,
    remote_gateway: text(values, 'remoteGateway'),
    keyexchange: text(values, 'keyexchange') || tunnel.keyexchange,
    ike: text(values, 'ike') || tunnel.ike,
    auto: text(values, 'auto') || tunnel.auto,
    dpdaction: text(values, 'dpdaction') || tunnel.dpdaction,
  };
  const before: Record<string, string | boolean> = {
    description: tunnel.description,
    enabled: tunnel.enabled,
    remote_gateway: tunnel.remoteGateway,
    keyexchange: tunnel.keyexchange,
    ike: tunnel.ike,
    auto: tunnel.auto,
    dpdaction: tunnel.dpdaction,
  };
  const body: Record<string, string | boolean> = Object.fromEntries(
    Object.entries(wanted).filter(([k, v]) => before[k] !== v),
  );
  if (psk) body['psk'] = psk;
  const steps: Step[] = Object.keys(body).length
    ? [
        {
          kind: 'update',
          id: `update tunnel ${tunnel.key}`,
          title: `Update IPsec tunnel ${tunnel.name} on ${networkName(site, tunnel.vnet)}`,
          table: 'vnet_ipsec_phase1s',
          key: tunnel.key,
          body,
          secretFields: ['psk'],
          touchesNetwork: tunnel.vnet,
        },
      ]
    : [];
  return {title: `Update IPsec tunnel ${tunnel.name}`, steps};
}

/** VergeOS refuses to delete a tunnel that has phase 2 entries: they go first, in the same plan. */
export function deleteTunnelPlan(tunnel: IpsecTunnel, site: Site): ChangePlan {
  const network = networkName(site, tunnel.vnet);
  return {
    title: `Delete IPsec tunnel ${tunnel.name} on ${network}`,
    steps: [
      ...tunnel.phase2.map<Step>((p) => ({
        kind: 'delete',
        id: `delete phase2 ${p.key}`,
        title: `Delete phase 2 ${p.name} of ${tunnel.name}`,
        table: 'vnet_ipsec_phase2s',
        key: p.key,
        touchesNetwork: tunnel.vnet,
      })),
      {
        kind: 'delete',
        id: `delete tunnel ${tunnel.key}`,
        title: `Delete IPsec tunnel ${tunnel.name} on ${network}`,
        table: 'vnet_ipsec_phase1s',
        key: tunnel.key,
        touchesNetwork: tunnel.vnet,
      },
    ],
  };
}

export function createPhase2Plan(tunnel: IpsecTunnel, values: EditValues, site: Site): ChangePlan {
  const fields = phase2Body({...values, p2Name: text(values, 'name'), p2Enabled: values['enabled']});
  const name = String(fields['name']);
  return {
    title: `Add phase 2 ${name} to ${tunnel.name}`,
    steps: [
      {
        kind: 'create',
        id: `create phase2 ${tunnel.key}/${name}`,
        title: `Add phase 2 ${name} to ${tunnel.name} on ${networkName(site, tunnel.vnet)} (${String(fields['local'])} ↔ ${String(fields['remote'])})`,
        table: 'vnet_ipsec_phase2s',
        body: {...fields, phase1: tunnel.key},
        identity: {phase1: tunnel.key, name},
        knownNew: true,
        touchesNetwork: tunnel.vnet,
      },
    ],
  };
}

export function updatePhase2Plan(tunnel: IpsecTunnel, phase2: IpsecPhase2, values: EditValues, site: Site): ChangePlan {
  const wanted: Record<string, string | number | boolean> = {
    enabled: values['enabled'] !== false,
    local: normaliseCidrList(text(values, 'local')),
    remote: normaliseCidrList(text(values, 'remote')),
    lifetime: num(values, 'lifetime', phase2.lifetime),
  };
  const before: Record<string, string | number | boolean> = {
    enabled: phase2.enabled,
    local: phase2.local,
    remote: phase2.remote,
    lifetime: phase2.lifetime,
  };
  const body = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => before[k] !== v));
  const steps: Step[] = Object.keys(body).length
    ? [
        {
          kind: 'update',
          id: `update phase2 ${phase2.key}`,
          title: `Update phase 2 ${phase2.name} of ${tunnel.name} (${networkName(site, tunnel.vnet)})`,
          table: 'vnet_ipsec_phase2s',
          key: phase2.key,
          body,
          touchesNetwork: tunnel.vnet,
        },
      ]
    : [];
  return {title: `Update phase 2 ${phase2.name}`, steps};
}

export function deletePhase2Plan(tunnel: IpsecTunnel, phase2: IpsecPhase2, site: Site): ChangePlan {
  return {
    title: `Delete phase 2 ${phase2.name} of ${tunnel.name}`,
    steps: [
      {
        kind: 'delete',
        id: `delete phase2 ${phase2.key}`,
        title: `Delete phase 2 ${phase2.name} of ${tunnel.name} (${networkName(site, tunnel.vnet)})`,
        table: 'vnet_ipsec_phase2s',
        key: phase2.key,
        touchesNetwork: tunnel.vnet,
      },
    ],
  };
}

function addressSet(site: Site, field: string): IntervalSet {
  const parts: Array<[number, number]> = [];
  for (const token of splitList(field)) {
    const named = token.startsWith('vnet:') ? site.networks.find((n) => n.name === token.slice(5))?.cidr : undefined;
    const s = parseAddressSpec(named ?? token);
    if (s.ok) parts.push([s.value.lo, s.value.hi]);
  }
  return IntervalSet.from(parts);
}

export interface TunnelNeeds {
  /** The rules (and power-on) the tunnel needs that the network does not have yet; empty steps: nothing missing. */
  plan: ChangePlan;
  /** One line per missing piece, for the offer and for the warning when it is declined. */
  missing: string[];
}

/**
 * What a tunnel made in :vpn needs to connect and carry traffic, as the VPN
 * wizard makes it: IKE (udp 500, 4500) and ESP from the remote gateway into
 * the tunnel's network, a route from it to each local network (through that
 * network's DMZ address), and the network running with its rules live.
 * Rules the network has under the wizard's names, or routes covering a
 * local network already, count as there.
 */
export function tunnelNeeds(site: Site, vnet: Key, tunnel: string, remoteGateway: string, locals: string): TunnelNeeds {
  const network = networkByKey(site, vnet);
  const name = networkName(site, vnet);
  const rules = site.rules.filter((r) => r.vnet === vnet);
  const id = tunnel
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const steps: Step[] = [];
  const missing: string[] = [];
  const add = (body: Record<string, string | boolean>, why: string) => {
    if (rules.some((r) => r.name === body['name'])) return;
    missing.push(why);
    steps.push({
      kind: 'create',
      id: `create rule ${name}/${String(body['name'])}`,
      title: `Create rule ${name}/${String(body['name'])}`,
      table: 'vnet_rules',
      body: {vnet, direction: 'incoming', enabled: true, pin: 'no', ...body},
      identity: {vnet, name: body['name']},
      touchesNetwork: vnet,
      knownNew: true,
    });
  };
  add(
    {
      name: `allow-ike-from-${id}`,
      action: 'accept',
      protocol: 'udp',
      source_ip: remoteGateway,
      destination_ports: '500,4500',
      description: `IKE from ${tunnel}`,
    },
    `accept IKE (udp 500, 4500) from ${remoteGateway}`,
  );
  add(
    {
      name: `allow-esp-from-${id}`,
      action: 'accept',
      protocol: '50',
      source_ip: remoteGateway,
      description: `ESP from ${tunnel}`,
    },
    `accept ESP from ${remoteGateway}`,
  );
  const wanted = addressSet(site, locals);
  for (const target of site.networks) {
    if (target.key === vnet || !target.dmzIp || target.type !== 'internal') continue;
    const block = addressSet(site, target.cidr);
    if (block.isEmpty || !block.overlaps(wanted)) continue;
    const covered = rules.some(
      (r) =>
        r.action === 'route' &&
        r.direction === 'outgoing' &&
        r.enabled &&
        addressSet(site, r.destinationIp).covers(block),
    );
    if (covered) continue;
    add(
      {
        name: `route-to-${target.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        action: 'route',
        direction: 'outgoing',
        protocol: 'any',
        destination_ip: target.cidr,
        target_ip: target.dmzIp,
        description: `Route to ${target.name} through its DMZ address`,
      },
      `route ${target.cidr} (${target.name}) through ${target.dmzIp}`,
    );
  }
  if (network?.running && steps.length > 0)
    steps.push({kind: 'apply-rules', id: `apply rules ${name}`, title: `Apply Rules on ${name}`, vnet, network: name});
  if (network && !network.running) {
    missing.push(`${name} is ${network.status || 'not running'}: power it on with its rules live`);
    steps.push({
      kind: 'action',
      id: `power on network ${name}`,
      title: `Power on network ${name} (its staged rules go live)`,
      table: 'vnet_actions',
      body: {vnet, action: 'poweron', params: {apply: true}},
      waitFor: {table: 'vnets', key: vnet, field: 'machine#status#running', equals: true},
    });
  }
  return {plan: {title: `Rules for IPsec tunnel ${tunnel} on ${name}`, steps}, missing};
}
