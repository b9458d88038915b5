// The site as it will be once a plan has run, for the evaluator (which flows
// change verdict) and the lockout guard. Objects that exist keep their keys;
// new ones get synthetic keys far above any real one. The rules of every
// network the file describes count as applied (apply ends with Apply Rules).
import {formatAliasValue} from '../mappers.js';
import type {Alias, Network, Rule, Site, Tenant} from '../model.js';
import {derivedNetworkKeys, isManagedRule, managedNetworks} from '../sitefile/from-site.js';
import {mapAliasTokens} from '../sitefile/references.js';
import type {NetworkSpec, RuleSpec, Sitefile} from '../sitefile/schema.js';

export const SYNTHETIC_KEY_BASE = 900_000_000;

export interface AfterOptions {
  prune: boolean;
  /** Network name → rule name → orderid, as the plan assigns them. */
  orderIds: Map<string, Map<string, number>>;
}

export function isSyntheticKey(key: number): boolean {
  return key >= SYNTHETIC_KEY_BASE;
}

export function buildAfter(site: Site, doc: Sitefile, options: AfterOptions): Site {
  let next = SYNTHETIC_KEY_BASE;
  const synth = () => next++;
  const removeAbsent = options.prune && !doc.partial;

  // Aliases.
  const fileAliases = new Map(doc.aliases.map((a) => [a.name, a]));
  const aliases: Alias[] = [];
  for (const a of site.aliases) {
    const spec = fileAliases.get(a.name);
    if (spec) {
      aliases.push({
        ...a,
        description: spec.description,
        publishingScope: spec.scope,
        entries: spec.entries.map((e) => ({...e})),
        value: formatAliasValue(spec.entries),
      });
    } else if (!removeAbsent) {
      aliases.push(a);
    }
  }
  for (const spec of doc.aliases) {
    if (site.aliases.some((a) => a.name === spec.name)) continue;
    aliases.push({
      key: synth(),
      name: spec.name,
      id: '',
      description: spec.description,
      value: formatAliasValue(spec.entries),
      entries: spec.entries.map((e) => ({...e})),
      publishingScope: spec.scope,
    });
  }
  const aliasKeys = new Map(aliases.map((a) => [a.name, a.key]));

  // Networks.
  const derived = derivedNetworkKeys(site);
  const managed = new Set(managedNetworks(site).map((n) => n.key));
  const fileNetworks = new Map(doc.networks.map((n) => [n.name, n]));
  const networks: Network[] = [];
  const byName = new Map<string, Network>();
  for (const n of site.networks) {
    const spec = fileNetworks.get(n.name);
    if (spec && !derived.has(n.key)) {
      const updated = {...n, ...networkFields(spec), needFwApply: false};
      networks.push(updated);
      byName.set(n.name, updated);
    } else if (!(removeAbsent && managed.has(n.key) && !spec)) {
      networks.push(n);
      byName.set(n.name, n);
    }
  }
  for (const spec of doc.networks) {
    if (byName.has(spec.name)) continue;
    const n: Network = {
      key: synth(),
      machine: null,
      modified: null,
      lastFwApply: null,
      needRestart: false,
      needFwApply: false,
      running: true,
      status: 'running',
      portMirroringVnet: null,
      ipsecEnabled: spec.ipsec.length > 0,
      defaultGateway: null,
      interfaceVnet: null,
      owner: '',
      ...networkFields(spec),
    };
    networks.push(n);
    byName.set(spec.name, n);
  }
  const netKey = (name: string | null) => (name === null ? null : (byName.get(name)?.key ?? null));
  for (const spec of doc.networks) {
    const n = byName.get(spec.name)!;
    if (derived.has(n.key)) continue;
    n.defaultGateway = netKey(spec.defaultGateway);
    n.interfaceVnet = netKey(spec.interfaceNetwork);
  }
  const kept = new Set(networks.map((n) => n.key));

  // Rules.
  const toKeys = (field: string) =>
    mapAliasTokens(field, (v) => {
      const key = aliasKeys.get(v);
      return key === undefined ? undefined : String(key);
    });
  const rules: Rule[] = [];
  const described = new Set<number>();
  for (const spec of doc.networks) {
    const n = byName.get(spec.name)!;
    if (derived.has(n.key)) continue;
    described.add(n.key);
    const live = new Map(site.rules.filter((r) => r.vnet === n.key && isManagedRule(r)).map((r) => [r.name, r]));
    const ids = options.orderIds.get(spec.name);
    for (const r of spec.rules) {
      const l = live.get(r.name);
      rules.push(ruleFrom(r, n.key, l, ids?.get(r.name) ?? l?.orderid ?? 0, l?.key ?? synth(), toKeys));
    }
    for (const r of site.rules) if (r.vnet === n.key && !isManagedRule(r)) rules.push(r);
  }
  for (const r of site.rules) if (!described.has(r.vnet) && kept.has(r.vnet)) rules.push(r);

  // Tenants.
  const fileTenants = new Map(doc.tenants.map((t) => [t.name, t]));
  const tenants: Tenant[] = [];
  for (const t of site.tenants) {
    const spec = fileTenants.get(t.name);
    if (spec) tenants.push({...t, description: spec.description, isolate: spec.isolate});
    else if (!removeAbsent) tenants.push(t);
  }
  for (const spec of doc.tenants) {
    if (site.tenants.some((t) => t.name === spec.name)) continue;
    tenants.push({
      key: synth(),
      name: spec.name,
      description: spec.description,
      vnet: null,
      isolate: spec.isolate,
      status: 'offline',
      state: 'offline',
      running: false,
      uiAddress: null,
      nodes: 0,
    });
  }

  const applied = new Map(site.applied);
  for (const n of networks) {
    if (described.has(n.key) || !site.networks.some((x) => x.key === n.key)) {
      applied.set(n.key, {source: 'current', rules: rules.filter((r) => r.vnet === n.key), lastFwApply: n.lastFwApply});
    }
  }
  for (const key of applied.keys()) if (!kept.has(key)) applied.delete(key);

  return {
    ...site,
    networks: networks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    rules,
    aliases: aliases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    tenants,
    blocks: site.blocks.filter((b) => kept.has(b.vnet)),
    wireguards: site.wireguards.filter((w) => kept.has(w.vnet)),
    ipsec: site.ipsec.filter((t) => kept.has(t.vnet)),
    applied,
  };
}

function networkFields(
  spec: NetworkSpec,
): Omit<
  Network,
  | 'key'
  | 'machine'
  | 'modified'
  | 'lastFwApply'
  | 'needRestart'
  | 'needFwApply'
  | 'running'
  | 'status'
  | 'portMirroringVnet'
  | 'ipsecEnabled'
  | 'defaultGateway'
  | 'interfaceVnet'
  | 'owner'
> {
  return {
    name: spec.name,
    description: spec.description,
    type: spec.type,
    enabled: spec.enabled,
    cidr: spec.cidr,
    routerIp: spec.routerIp,
    dmzIp: spec.dmzIp,
    gateway: spec.gateway,
    dhcpEnabled: spec.dhcp.enabled,
    dhcpStart: spec.dhcp.start,
    dhcpStop: spec.dhcp.stop,
    dns: spec.dns,
    dnsList: spec.dnsList,
    domain: spec.domain,
    mtu: spec.mtu,
    statistics: spec.statistics,
    portMirroring: spec.portMirroring,
  };
}

function ruleFrom(
  r: RuleSpec,
  vnet: number,
  live: Rule | undefined,
  orderid: number,
  key: number,
  toKeys: (s: string) => string,
): Rule {
  return {
    key,
    vnet,
    name: r.name,
    description: r.description,
    orderid,
    pin: r.pin,
    enabled: r.enabled,
    action: r.action,
    protocol: r.protocol,
    direction: r.direction,
    interface: r.interface,
    ctState: r.ctState,
    sourceIp: toKeys(r.source),
    sourcePorts: toKeys(r.sourcePorts),
    destinationIp: toKeys(r.destination),
    destinationPorts: toKeys(r.destinationPorts),
    targetIp: toKeys(r.target),
    targetPorts: toKeys(r.targetPorts),
    statistics: r.statistics,
    log: r.log,
    trace: live?.trace ?? false,
    packets: live?.packets ?? 0,
    bytes: live?.bytes ?? 0,
    systemRule: false,
    owner: '',
    modified: live?.modified ?? null,
  };
}
