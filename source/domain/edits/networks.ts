// Internal network edits: the form's field checks, create/edit/delete plans
// and power actions. Bodies use the `vnets` field names. Addressing changes
// take effect when a running network restarts (VergeOS sets need_restart).
import type {Body, ChangePlan, Step} from '../changes/types.js';
import {
  cidrContains,
  cidrOverlaps,
  formatIpv4,
  hostRange,
  nextFreeBlock,
  parseCidr,
  parseIpv4,
  validateCidr,
  validateIp,
} from '../ip.js';
import type {Key, Network, Site} from '../model.js';
import {isClean, textOf} from '../text.js';
import {changedFields, checkName, flag, keyValue, listText, normaliseList, text, type EditValues} from './common.js';

export interface NetworkContext {
  site: Site;
  /** The network being edited; absent when creating one. */
  key?: Key;
}

export const DNS_MODES = ['simple', 'disabled', 'bind', 'network'] as const;
/** Where new networks are carved from when the form suggests a block. */
export const SUGGESTED_POOL = '10.0.0.0/8';

/** The CIDR typed in the form, when it parses (other checks are about it). */
function formCidr(values: EditValues): string | undefined {
  const c = validateCidr(text(values, 'cidr'));
  return c.ok ? c.value : undefined;
}

function hostIn(ip: string, cidr: string, what: string): string | undefined {
  const v = validateIp(ip);
  if (!v.ok) return v.error;
  if (!cidrContains(cidr, v.value)) return `${what} ${v.value} is not inside ${cidr}`;
  const range = hostRange(cidr);
  const n = parseIpv4(v.value)!;
  if (range.ok && (n < parseIpv4(range.value.first)! || n > parseIpv4(range.value.last)!))
    return `${v.value} is the network or broadcast address of ${cidr}`;
  return undefined;
}

// --- field checks -------------------------------------------------------------

export function validateNetworkName(value: string, _values: EditValues, ctx: NetworkContext): string | undefined {
  const bad = checkName(value, 'network');
  if (bad) return bad;
  if (/\s/.test(value.trim())) return 'no spaces (VergeOS names networks like host names)';
  const name = value.trim().toLowerCase();
  const clash = ctx.site.networks.find((n) => n.key !== ctx.key && n.name.toLowerCase() === name);
  return clash ? `a network named "${clash.name}" already exists` : undefined;
}

export function validateNetworkCidr(value: string, _values: EditValues, ctx: NetworkContext): string | undefined {
  if (value.trim() === '') return 'an address block is required, e.g. 10.10.5.0/24';
  const c = validateCidr(value);
  if (!c.ok) return c.error;
  const prefix = Number(c.value.split('/')[1]);
  if (prefix > 30) return 'too small: a network needs at least a /30 (router plus one host)';
  if (prefix < 8) return 'too large: use a /8 or smaller';
  const clash = ctx.site.networks.find(
    (n) => n.key !== ctx.key && n.type === 'internal' && n.cidr && cidrOverlaps(n.cidr, c.value),
  );
  return clash ? `overlaps network ${clash.name} (${clash.cidr})` : undefined;
}

/** Router address: empty = the first host of the block. */
export function validateRouterIp(value: string, values: EditValues): string | undefined {
  if (value.trim() === '') return undefined;
  const cidr = formCidr(values);
  if (!cidr) {
    const ip = validateIp(value);
    return ip.ok ? undefined : ip.error;
  }
  return hostIn(value, cidr, 'the router address');
}

/** Gateway handed to DHCP clients: empty = the router address. */
export function validateGateway(value: string, values: EditValues): string | undefined {
  if (value.trim() === '') return undefined;
  const cidr = formCidr(values);
  if (!cidr) {
    const ip = validateIp(value);
    return ip.ok ? undefined : ip.error;
  }
  return hostIn(value, cidr, 'the gateway');
}

function dhcpBound(value: string, values: EditValues, which: 'start' | 'stop'): string | undefined {
  if (!flag(values, 'dhcpEnabled')) return undefined;
  if (value.trim() === '') {
    const other = text(values, which === 'start' ? 'dhcpStop' : 'dhcpStart');
    return other === '' ? undefined : 'give both ends of the range, or leave both empty for the default';
  }
  const cidr = formCidr(values);
  const ip = validateIp(value);
  const bad = cidr ? hostIn(value, cidr, `DHCP ${which}`) : ip.ok ? undefined : ip.error;
  if (bad) return bad;
  const start = parseIpv4(which === 'start' ? value : text(values, 'dhcpStart'));
  const stop = parseIpv4(which === 'stop' ? value : text(values, 'dhcpStop'));
  if (start !== null && stop !== null && start > stop)
    return which === 'stop' ? 'the range ends before it starts' : undefined;
  const router = parseIpv4(routerOf(values) ?? '');
  if (which === 'stop' && start !== null && stop !== null && router !== null && router >= start && router <= stop) {
    return `the range includes the router address ${formatIpv4(router)}`;
  }
  return undefined;
}

export const validateDhcpStart = (value: string, values: EditValues) => dhcpBound(value, values, 'start');
export const validateDhcpStop = (value: string, values: EditValues) => dhcpBound(value, values, 'stop');

export function validateDnsServers(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  for (const [i, part] of value
    .split(',')
    .map((p) => p.trim())
    .entries()) {
    if (part === '') return `entry ${i + 1} is empty (stray comma?)`;
    const ip = validateIp(part);
    if (!ip.ok) return ip.error;
  }
  return undefined;
}

export function validateDomain(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (
    v.length > 253 ||
    !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(v)
  ) {
    return `"${v}" is not a domain name (letters, digits, hyphens and dots)`;
  }
  return undefined;
}

export function validateDefaultGateway(value: string, _values: EditValues, ctx: NetworkContext): string | undefined {
  if (value.trim() === '') return undefined;
  const key = /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
  const net = ctx.site.networks.find((n) => n.key === key);
  if (!net) return 'that network does not exist any more';
  if (net.key === ctx.key) return 'a network cannot be its own default gateway';
  return undefined;
}

export function validateNetworkDescription(value: string): string | undefined {
  if (value.length > 2048) return 'at most 2048 characters';
  return isClean(value) ? undefined : 'control characters are not allowed';
}

export const NETWORK_CHECKS: Readonly<
  Record<string, (value: string, values: EditValues, ctx: NetworkContext) => string | undefined>
> = {
  name: validateNetworkName,
  description: (v) => validateNetworkDescription(v),
  cidr: validateNetworkCidr,
  routerIp: (v, values) => validateRouterIp(v, values),
  gateway: (v, values) => validateGateway(v, values),
  dhcpStart: (v, values) => validateDhcpStart(v, values),
  dhcpStop: (v, values) => validateDhcpStop(v, values),
  dnsServers: (v) => validateDnsServers(v),
  domain: (v) => validateDomain(v),
  defaultGateway: validateDefaultGateway,
};

export function networkFormErrors(values: EditValues, ctx: NetworkContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, check] of Object.entries(NETWORK_CHECKS)) {
    const error = check(text(values, field), values, ctx);
    if (error) out[field] = error;
  }
  const dns = text(values, 'dnsMode');
  if (dns !== '' && !(DNS_MODES as readonly string[]).includes(dns))
    out['dnsMode'] = `"${dns}" is not one of ${DNS_MODES.join(', ')}`;
  return out;
}

// --- values ↔ bodies ------------------------------------------------------------

function routerOf(values: EditValues): string | undefined {
  const typed = text(values, 'routerIp');
  if (typed) return typed;
  const cidr = formCidr(values);
  const range = cidr ? hostRange(cidr) : undefined;
  return range?.ok ? range.value.first : undefined;
}

/** DHCP hands out .100–.200 of a /24 (the same offsets in larger blocks; the upper half of smaller ones). */
export function defaultDhcpRange(cidr: string): {start: string; stop: string} | undefined {
  const c = parseCidr(cidr);
  const r = hostRange(cidr);
  if (!c.ok || !r.ok) return undefined;
  const first = parseIpv4(r.value.first)!;
  const last = parseIpv4(r.value.last)!;
  if (r.value.count >= 254) return {start: formatIpv4(c.value.base + 100), stop: formatIpv4(c.value.base + 200)};
  if (r.value.count < 4) return undefined;
  return {start: formatIpv4(first + Math.ceil(r.value.count / 2)), stop: formatIpv4(last)};
}

/** The network default gateways point at when there is exactly one external network. */
function soleExternal(site: Site): Network | undefined {
  const ext = site.networks.filter((n) => n.type === 'external');
  return ext.length === 1 ? ext[0] : undefined;
}

/** Initial form values: a suggested free /24 for a new network, or the network's own settings. */
export function networkFormValues(site: Site, network?: Network): Record<string, string | boolean> {
  if (network) {
    return {
      name: network.name,
      description: network.description,
      cidr: network.cidr,
      routerIp: network.routerIp,
      gateway: network.gateway === network.routerIp ? '' : network.gateway,
      dhcpEnabled: network.dhcpEnabled,
      dhcpStart: network.dhcpStart,
      dhcpStop: network.dhcpStop,
      dnsMode: (DNS_MODES as readonly string[]).includes(network.dns) ? network.dns : 'simple',
      dnsServers: network.dnsList,
      domain: network.domain,
      defaultGateway: network.defaultGateway === null ? '' : String(network.defaultGateway),
    };
  }
  const used = site.networks.map((n) => n.cidr).filter(Boolean);
  const free = nextFreeBlock(SUGGESTED_POOL, 24, used);
  return {
    name: '',
    description: '',
    cidr: free.ok ? free.value : '',
    routerIp: '',
    gateway: '',
    dhcpEnabled: true,
    dhcpStart: '',
    dhcpStop: '',
    dnsMode: 'simple',
    dnsServers: '',
    domain: '',
    defaultGateway: soleExternal(site) ? String(soleExternal(site)!.key) : '',
    powerOn: true,
  };
}

/** Form values → the `vnets` fields vseg manages; empty router, gateway and DHCP range get defaults. */
export function networkBody(values: EditValues): Body {
  const cidr = formCidr(values) ?? text(values, 'cidr');
  const router = routerOf(values) ?? '';
  const dhcp = flag(values, 'dhcpEnabled');
  const range = dhcp && (!text(values, 'dhcpStart') || !text(values, 'dhcpStop')) ? defaultDhcpRange(cidr) : undefined;
  return {
    name: text(values, 'name'),
    description: text(values, 'description'),
    network: cidr,
    ipaddress: router,
    gateway: text(values, 'gateway') || router,
    dhcp_enabled: dhcp,
    dhcp_start: dhcp ? text(values, 'dhcpStart') || range?.start || '' : text(values, 'dhcpStart'),
    dhcp_stop: dhcp ? text(values, 'dhcpStop') || range?.stop || '' : text(values, 'dhcpStop'),
    dns: text(values, 'dnsMode') || 'simple',
    dnslist: normaliseList(text(values, 'dnsServers')),
    domain: text(values, 'domain'),
    vnet_default_gateway: keyValue(values, 'defaultGateway'),
  };
}

function networkApiBody(n: Network): Body {
  return {
    name: n.name,
    description: n.description,
    network: n.cidr,
    ipaddress: n.routerIp,
    gateway: n.gateway,
    dhcp_enabled: n.dhcpEnabled,
    dhcp_start: n.dhcpStart,
    dhcp_stop: n.dhcpStop,
    dns: n.dns || 'simple',
    dnslist: n.dnsList,
    domain: n.domain,
    vnet_default_gateway: n.defaultGateway,
  };
}

function requireValid(values: EditValues, ctx: NetworkContext): void {
  const errors = Object.entries(networkFormErrors(values, ctx));
  if (errors.length) throw new Error(`the network form has errors: ${errors.map(([f, e]) => `${f}: ${e}`).join('; ')}`);
}

const POWER_TIMEOUT_MS = 120_000;

/** Creates an internal network (and powers it on when asked: VergeOS creates networks stopped). */
export function createNetworkPlan(values: EditValues, site: Site): ChangePlan {
  requireValid(values, {site});
  const body = networkBody(values);
  const name = textOf(body['name']);
  const ref = {ref: `network:${name}`};
  const steps: Step[] = [
    {
      kind: 'create',
      id: `create network ${name}`,
      title: `Create network ${name} (${textOf(body['network'])})`,
      table: 'vnets',
      body: {...body, type: 'internal'},
      identity: {name},
      provides: `network:${name}`,
      knownNew: true,
    },
  ];
  if (flag(values, 'powerOn')) {
    steps.push({
      kind: 'action',
      id: `power on network ${name}`,
      title: `Power on network ${name} with Apply Rules`,
      table: 'vnet_actions',
      // a start loads staged rules only when asked (VERGEOS-API.md §8.1 #1)
      body: {vnet: ref, action: 'poweron', params: {apply: true}},
      waitFor: {table: 'vnets', key: ref, field: 'machine#status#running', equals: true, timeoutMs: POWER_TIMEOUT_MS},
    });
  }
  return {title: `Create network ${name}`, steps};
}

/** Only what changed; `restart` says whether it waits for a restart to take effect. */
export function updateNetworkPlan(
  network: Network,
  values: EditValues,
  site: Site,
): {plan: ChangePlan; restart: boolean} {
  requireValid(values, {site, key: network.key});
  const body = changedFields(networkApiBody(network), networkBody(values));
  const fields = Object.keys(body);
  const steps: Step[] = fields.length
    ? [
        {
          kind: 'update',
          id: `update network ${network.name}`,
          title: `Update network ${network.name} (${fields.join(', ')})`,
          table: 'vnets',
          key: network.key,
          body,
        },
      ]
    : [];
  const restart = network.running && fields.some((f) => f !== 'name' && f !== 'description');
  return {plan: {title: `Update network ${network.name}`, steps}, restart};
}

export type PowerAction = 'poweron' | 'poweroff' | 'reset';

/**
 * A start or restart loads the network's staged rules only when the action
 * says `params.apply: true` (PS Start-/Restart-VergeNetwork, PY networks.py
 * power_on/restart, TF3 network_restart.go; VERGEOS-API.md §8.1 #1). vseg
 * always says which it wants. `applyRules` defaults to true, as in the SDKs.
 */
export function powerPlan(network: Network, action: PowerAction, applyRules = true): ChangePlan {
  const verb = {poweron: 'Power on', poweroff: 'Power off', reset: 'Restart'}[action];
  const step: Step = {
    kind: 'action',
    id: `${action} network ${network.name}`,
    title: `${verb} network ${network.name}${action !== 'poweroff' ? (applyRules ? ' with Apply Rules' : ' without applying rules') : ''}`,
    table: 'vnet_actions',
    body:
      action === 'poweroff' ? {vnet: network.key, action} : {vnet: network.key, action, params: {apply: applyRules}},
  };
  // A restart ends where it started (running), so there is nothing to wait for that would not already be true.
  if (action !== 'reset')
    step.waitFor = {
      table: 'vnets',
      key: network.key,
      field: 'machine#status#running',
      equals: action === 'poweron',
      timeoutMs: POWER_TIMEOUT_MS,
    };
  return {title: `${verb} network ${network.name}`, steps: [step]};
}

/** What a power action does to the network's rules, in words for the confirmation. */
export function powerRulesEffect(network: Network, action: PowerAction, applyRules = true): string {
  if (action === 'poweroff') return '';
  if (!network.needFwApply) return 'No rule changes are staged: it keeps its current rules.';
  return applyRules
    ? 'Its staged rule changes go live with it (the action is sent with Apply Rules).'
    : 'Its staged rule changes stay pending: the action is sent without Apply Rules.';
}

export function powerConfirmation(
  network: Network,
  action: PowerAction,
  applyRules = true,
): {title: string; message: string; label: string} {
  const rules = powerRulesEffect(network, action, applyRules);
  switch (action) {
    case 'poweron':
      return {
        title: `Power on network ${network.name}?`,
        message: `Its router starts. ${rules}`,
        label: 'Power on',
      };
    case 'poweroff':
      return {
        title: `Power off network ${network.name}?`,
        message: 'Its router stops: every VM on it loses routed traffic until it is powered on again.',
        label: 'Power off',
      };
    case 'reset':
      return {
        title: `Restart network ${network.name}?`,
        message: `Its router restarts: routed traffic stops for a moment and pending settings take effect. ${rules}`,
        label: 'Restart',
      };
  }
}

/** Why VergeOS would refuse to delete the network (checked before asking), or nothing. */
export function networkDeleteBlockers(network: Network, site: Site): string[] {
  const out: string[] = [];
  if (network.owner.startsWith('tenants/'))
    out.push(`it belongs to tenant ${network.owner.slice(8)}: delete the tenant instead`);
  if (network.type === 'port_mirror')
    out.push('VergeOS manages this mirror network: turn port mirroring off on its source network and restart it');
  const nics = site.vms.flatMap((vm) =>
    vm.nics.filter((c) => c.vnet === network.key).map((c) => `${vm.name}.${c.name}`),
  );
  if (nics.length) out.push(`NICs are attached: ${listText(nics)} (move or remove them first)`);
  for (const n of site.networks) {
    if (n.key === network.key) continue;
    if (n.defaultGateway === network.key) out.push(`network ${n.name} uses it as its default gateway`);
    if (n.interfaceVnet === network.key) out.push(`network ${n.name} uses it as its interface network`);
    if (n.portMirroringVnet === network.key) out.push(`network ${n.name} mirrors into it`);
  }
  return out;
}

/** Powers a running network off (VergeOS deletes stopped networks only), then deletes it. */
export function deleteNetworkPlan(network: Network, site: Site): ChangePlan {
  const blockers = networkDeleteBlockers(network, site);
  if (blockers.length) throw new Error(`network ${network.name} cannot be deleted: ${blockers.join('; ')}`);
  const steps: Step[] = [];
  if (network.running || network.status !== 'stopped') steps.push(...powerPlan(network, 'poweroff').steps);
  steps.push({
    kind: 'delete',
    id: `delete network ${network.name}`,
    title: `Delete network ${network.name}`,
    table: 'vnets',
    key: network.key,
  });
  return {title: `Delete network ${network.name}`, steps};
}
