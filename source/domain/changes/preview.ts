// The site as it would be after a ChangePlan ran, as far as the analysis
// cares: rules, aliases, networks and network addresses, with new objects
// under synthetic keys and refs between steps resolved to them. What the
// console's change gate judges contracts on, before a single call is sent.
// Other tables (VPN, tenants, VMs, tags) pass through unchanged; actions and
// Apply Rules change nothing here (contracts are judged on the staged rules).
import {addressSchema, aliasSchema, ruleSchema, vnetSchema} from '../../api/rows.js';
import {toAddress, toAlias, toNetwork, toRule} from '../mappers.js';
import type {Address, Alias, Network, Rule, Site} from '../model.js';
import {SYNTHETIC_KEY_BASE} from '../plan/after.js';
import {isRef, isTemplate, type Body, type BodyValue, type ChangePlan, type KeyOrRef} from './types.js';

function ruleRow(r: Rule): Record<string, unknown> {
  return {
    $key: r.key,
    vnet: r.vnet,
    name: r.name,
    description: r.description,
    orderid: r.orderid,
    pin: r.pin,
    enabled: r.enabled,
    action: r.action,
    protocol: r.protocol,
    direction: r.direction,
    interface: r.interface,
    ct_state: r.ctState,
    source_ip: r.sourceIp,
    source_ports: r.sourcePorts,
    destination_ip: r.destinationIp,
    destination_ports: r.destinationPorts,
    target_ip: r.targetIp,
    target_ports: r.targetPorts,
    statistics: r.statistics,
    log: r.log,
    trace: r.trace,
    // Absent when the site was read without them: they stay absent unless the body names them.
    ...(r.throttle === undefined ? {} : {throttle: r.throttle}),
    ...(r.dropThrottle === undefined ? {} : {drop_throttle: r.dropThrottle}),
    packets: r.packets,
    bytes: r.bytes,
    system_rule: r.systemRule,
    owner: r.owner,
    modified: r.modified,
  };
}

/** The rule after an update, with the optional fields the site was read without still absent. */
function keepAbsent(before: Rule, body: Record<string, unknown>, after: Rule): Rule {
  const out = {...after};
  if (before.throttle === undefined && !('throttle' in body)) delete out.throttle;
  if (before.dropThrottle === undefined && !('drop_throttle' in body)) delete out.dropThrottle;
  return out;
}

function networkRow(n: Network): Record<string, unknown> {
  return {
    $key: n.key,
    name: n.name,
    description: n.description,
    type: n.type,
    enabled: n.enabled,
    network: n.cidr,
    ipaddress: n.routerIp,
    dmz_ipaddress: n.dmzIp,
    gateway: n.gateway,
    vnet_default_gateway: n.defaultGateway,
    interface_vnet: n.interfaceVnet,
    dhcp_enabled: n.dhcpEnabled,
    dhcp_start: n.dhcpStart,
    dhcp_stop: n.dhcpStop,
    dns: n.dns,
    dnslist: n.dnsList,
    domain: n.domain,
    mtu: n.mtu,
    need_fw_apply: n.needFwApply,
    need_restart: n.needRestart,
    last_fw_apply: n.lastFwApply,
    port_mirroring: n.portMirroring,
    port_mirroring_vnet: n.portMirroringVnet,
    statistics: n.statistics,
    ipsec_enabled: n.ipsecEnabled,
    machine: n.machine,
    owner: n.owner,
    modified: n.modified,
    running: n.running,
    status: n.status,
  };
}

function aliasRow(a: Alias): Record<string, unknown> {
  return {
    $key: a.key,
    name: a.name,
    id: a.id,
    description: a.description,
    value: a.value,
    publishing_scope: a.publishingScope,
  };
}

function addressRow(a: Address): Record<string, unknown> {
  return {...a};
}

/** Tables whose rows the analysis reads. */
export const PREVIEW_TABLES = ['vnet_rules', 'vnet_rule_aliases', 'vnets', 'vnet_addresses'] as const;

/** Whether a plan changes anything the analysis reads (cheap check before previewing). */
export function touchesAnalysis(plan: ChangePlan): boolean {
  return plan.steps.some((s) => 'table' in s && (PREVIEW_TABLES as readonly string[]).includes(s.table));
}

export function previewPlan(site: Site, plan: ChangePlan): Site {
  const refs = new Map<string, number>(Object.entries(plan.known ?? {}));
  let next = SYNTHETIC_KEY_BASE + 500_000_000;
  const rules = new Map(site.rules.map((r) => [r.key, r]));
  const aliases = new Map(site.aliases.map((a) => [a.key, a]));
  const networks = new Map(site.networks.map((n) => [n.key, n]));
  const addresses = new Map(site.addresses.map((a) => [a.key, a]));

  const value = (v: BodyValue): unknown => {
    if (isRef(v)) {
      const k = refs.get(v.ref);
      return v.prefix !== undefined ? `${v.prefix}${k ?? 0}` : (k ?? null);
    }
    if (isTemplate(v))
      return v.template.map((p) => (typeof p === 'string' ? p : String(refs.get(p.ref) ?? 0))).join('');
    if (Array.isArray(v)) return v.map(value);
    return v;
  };
  const resolve = (body: Body): Record<string, unknown> =>
    Object.fromEntries(Object.entries(body).map(([k, v]) => [k, value(v)]));
  const keyOf = (k: KeyOrRef): number | undefined => (typeof k === 'number' ? k : refs.get(k.ref));

  for (const step of plan.steps) {
    if (step.kind === 'create') {
      const body = resolve(step.body);
      let key: number;
      if (step.table === 'vnet_rules') {
        const same = [...rules.values()].find((r) => r.vnet === Number(body['vnet']) && r.name === body['name']);
        key = same?.key ?? next++;
        rules.set(key, toRule(ruleSchema.parse({...(same ? ruleRow(same) : {}), ...body, $key: key})));
      } else if (step.table === 'vnet_rule_aliases') {
        const same = [...aliases.values()].find((a) => a.name === body['name']);
        key = same?.key ?? next++;
        aliases.set(key, toAlias(aliasSchema.parse({...(same ? aliasRow(same) : {}), ...body, $key: key})));
      } else if (step.table === 'vnets') {
        const same = [...networks.values()].find((n) => n.name === body['name']);
        key = same?.key ?? next++;
        networks.set(
          key,
          toNetwork(vnetSchema.parse({...(same ? networkRow(same) : {running: true}), ...body, $key: key})),
        );
      } else if (step.table === 'vnet_addresses') {
        key = next++;
        addresses.set(key, toAddress(addressSchema.parse({...body, $key: key})));
      } else key = next++;
      if (step.provides) refs.set(step.provides, key);
    } else if (step.kind === 'update') {
      const key = keyOf(step.key);
      if (key === undefined) continue;
      const body = resolve(step.body);
      const r = step.table === 'vnet_rules' ? rules.get(key) : undefined;
      if (r) rules.set(key, keepAbsent(r, body, toRule(ruleSchema.parse({...ruleRow(r), ...body}))));
      const a = step.table === 'vnet_rule_aliases' ? aliases.get(key) : undefined;
      if (a) aliases.set(key, toAlias(aliasSchema.parse({...aliasRow(a), ...body})));
      const n = step.table === 'vnets' ? networks.get(key) : undefined;
      if (n) networks.set(key, toNetwork(vnetSchema.parse({...networkRow(n), ...body})));
      const ad = step.table === 'vnet_addresses' ? addresses.get(key) : undefined;
      if (ad) addresses.set(key, toAddress(addressSchema.parse({...addressRow(ad), ...body})));
    } else if (step.kind === 'delete') {
      const key = keyOf(step.key);
      if (key === undefined) continue;
      if (step.table === 'vnet_rules') rules.delete(key);
      if (step.table === 'vnet_rule_aliases') aliases.delete(key);
      if (step.table === 'vnet_addresses') addresses.delete(key);
      if (step.table === 'vnets') {
        networks.delete(key);
        for (const [k, r] of rules) if (r.vnet === key) rules.delete(k);
      }
    }
  }
  return {
    ...site,
    rules: [...rules.values()],
    aliases: [...aliases.values()],
    networks: [...networks.values()],
    addresses: [...addresses.values()],
    applied: new Map(site.applied),
  };
}
