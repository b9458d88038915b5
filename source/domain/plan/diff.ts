// Live site ↔ site file → Plan. Objects are matched by name (rules by network
// and name, peers by interface and name, …); the live side is first turned
// into the file's own form (siteToDoc's converters) so every comparison is
// between like and like and every changed field carries its file name.
import type {Body, BodyValue, KeyOrRef, Ref, Step} from '../changes/types.js';
import {formatAliasValue} from '../mappers.js';
import {
  compareRuleOrder,
  type Alias,
  type IpsecTunnel,
  type Network,
  type NetworkBlock,
  type Rule,
  type Site,
  type Tenant,
  type WireguardInterface,
} from '../model.js';
import {checkReferences, type SitefileIssue} from '../sitefile/parse.js';
import {
  EXPORT_SECTIONS,
  derivedNetworkKeys,
  isManagedRule,
  managedNetworks,
  networkSettings,
  ruleToSpec,
} from '../sitefile/from-site.js';
import {fieldRefs, splitAliasTokens, RULE_REF_FIELDS} from '../sitefile/references.js';
import type {
  AliasSpec,
  BlockSpec,
  NetworkSpec,
  PeerSpec,
  Phase2Spec,
  RuleSpec,
  SecretRef,
  Sitefile,
  TunnelSpec,
  WireguardSpec,
} from '../sitefile/schema.js';
import {byText} from '../sitefile/serialise.js';
import {appliedDiff} from '../edits/applied-diff.js';
import {findVmNic, nicAddress, resolveNameTokens} from '../edits/rule-tokens.js';
import {validateBlock} from '../edits/tenants.js';
import {wireguardLiveness} from '../edits/wireguard.js';
import {buildAfter} from './after.js';
import {displayValue, ruleSummary} from './display.js';
import {planLifecycle, ruleRef} from './lifecycle.js';
import {assignOrderIds} from './order.js';
import {toPlanVerdict, type VerdictSource} from './verdicts.js';
import {
  PHASE,
  type FieldChange,
  type Operation,
  type Plan,
  type PlanEntry,
  type SecretNeed,
  type Template,
} from './types.js';
import {textOf} from '../text.js';

export interface DiffOptions {
  /** Also delete what the site has and the file does not (always reported either way). */
  prune?: boolean;
  /** Where the file came from ("site.yaml"), for messages. */
  source?: string;
  title?: string;
  /** Flows whose verdict changes between the live and the planned site: pass policy's verdictChanges. */
  verdicts?: VerdictSource;
}

type ApiValue = BodyValue | Template;

interface FieldMap<S> {
  /** File field (dotted for nested). */
  field: string;
  /** API column. */
  api: string;
  get: (spec: S) => unknown;
  /** File value → API value (default: as is). */
  toApi?: (value: unknown, spec: S) => ApiValue;
}

const f = <S>(
  field: string,
  api: string,
  get: (s: S) => unknown,
  toApi?: (v: unknown, s: S) => ApiValue,
): FieldMap<S> => ({field, api, get, toApi});

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Two different strings (or booleans) never write the same JSON: most of a million field pairs end here.
  if ((typeof a === 'string' && typeof b === 'string') || (typeof a === 'boolean' && typeof b === 'boolean'))
    return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function refTo(ref: string): Ref {
  return {ref};
}

const ALIAS_FIELDS: Array<FieldMap<AliasSpec>> = [
  f('description', 'description', (s) => s.description),
  f('scope', 'publishing_scope', (s) => s.scope),
  f(
    'entries',
    'value',
    (s) => s.entries,
    (v) => formatAliasValue(v as AliasSpec['entries']),
  ),
];

const TUNNEL_FIELDS: Array<FieldMap<TunnelSpec>> = [
  f('description', 'description', (s) => s.description),
  f('enabled', 'enabled', (s) => s.enabled),
  f('remoteGateway', 'remote_gateway', (s) => s.remoteGateway),
  f('keyExchange', 'keyexchange', (s) => s.keyExchange),
  f('auth', 'auth', (s) => s.auth),
  f('negotiation', 'negotiation', (s) => s.negotiation),
  f('ike', 'ike', (s) => s.ike),
  f('ikeLifetime', 'ikelifetime', (s) => s.ikeLifetime),
  f('auto', 'auto', (s) => s.auto),
  f('dpdAction', 'dpdaction', (s) => s.dpdAction),
];

const PHASE2_FIELDS: Array<FieldMap<Phase2Spec>> = [
  f('name', 'name', (s) => s.name),
  f('description', 'description', (s) => s.description),
  f('enabled', 'enabled', (s) => s.enabled),
  f('mode', 'mode', (s) => s.mode),
  f('local', 'local', (s) => s.local),
  f('remote', 'remote', (s) => s.remote),
  f('protocol', 'protocol', (s) => s.protocol),
  f('ciphers', 'ciphers', (s) => s.ciphers),
  f('lifetime', 'lifetime', (s) => s.lifetime),
];

const WIREGUARD_FIELDS: Array<FieldMap<WireguardSpec>> = [
  f('description', 'description', (s) => s.description),
  f('enabled', 'enabled', (s) => s.enabled),
  f('ip', 'ip', (s) => s.ip),
  f('listenPort', 'listenport', (s) => s.listenPort),
  f('mtu', 'mtu', (s) => s.mtu),
  f('endpointIp', 'endpoint_ip', (s) => s.endpointIp),
];

const PEER_FIELDS: Array<FieldMap<PeerSpec>> = [
  f('description', 'description', (s) => s.description),
  f('enabled', 'enabled', (s) => s.enabled),
  f('endpoint', 'endpoint', (s) => s.endpoint),
  f('port', 'port', (s) => s.port),
  f('peerIp', 'peer_ip', (s) => s.peerIp),
  f('publicKey', 'public_key', (s) => s.publicKey),
  f('allowedIps', 'allowed_ips', (s) => s.allowedIps),
  f('keepalive', 'keepalive', (s) => s.keepalive),
  f('configureFirewall', 'configure_firewall', (s) => s.configureFirewall),
];

/** Live objects in the file's form, with their keys. */
interface LiveIndex {
  networks: Map<string, Network>;
  managedNetworks: Map<string, Network>;
  aliases: Map<string, Alias>;
  rules: Map<number, Rule[]>;
  wireguards: Map<number, WireguardInterface[]>;
  tunnels: Map<number, IpsecTunnel[]>;
  tenants: Map<string, Tenant>;
  blocks: NetworkBlock[];
  aliasName: (value: string) => string | undefined;
}

function indexSite(site: Site): LiveIndex {
  const aliasNames = new Map(site.aliases.map((a) => [String(a.key), a.name]));
  const group = <T extends {vnet: number}>(items: readonly T[]) => {
    const m = new Map<number, T[]>();
    for (const i of items) m.set(i.vnet, [...(m.get(i.vnet) ?? []), i]);
    return m;
  };
  return {
    networks: new Map(site.networks.map((n) => [n.name, n])),
    managedNetworks: new Map(managedNetworks(site).map((n) => [n.name, n])),
    aliases: new Map(site.aliases.map((a) => [a.name, a])),
    rules: group(site.rules.filter(isManagedRule).sort(compareRuleOrder)),
    wireguards: group(site.wireguards),
    tunnels: group(site.ipsec),
    tenants: new Map(site.tenants.map((t) => [t.name, t])),
    blocks: site.blocks,
    aliasName: (v) => (/^\d+$/.test(v) ? aliasNames.get(v) : undefined),
  };
}

class PlanBuilder {
  readonly entries: PlanEntry[] = [];
  readonly operations: Operation[] = [];
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  readonly networkKeys: Record<string, KeyOrRef> = {};
  /** Aliases whose value changes: networks using them need Apply Rules. */
  readonly changedAliases = new Set<string>();
  /** Networks whose rules a removal changes without a step of its own (tenant blocks). */
  readonly touchedByRemoval = new Set<string>();

  constructor(readonly prune: boolean) {}

  entry(e: Omit<PlanEntry, 'fields' | 'acted'> & {fields?: FieldChange[]; acted?: boolean}): void {
    this.entries.push({fields: [], acted: true, ...e});
  }

  op(phase: number, step: Step, extra: Omit<Operation, 'phase' | 'step'> = {}): void {
    this.operations.push({phase, step, ...extra});
  }

  removal(phase: number, step: Step, touches?: string): void {
    this.operations.push({phase, step, removal: true, touches});
  }
}

/** Field-by-field differences of two specs, plus the API body of the changed fields. */
function compareFields<S>(
  maps: ReadonlyArray<FieldMap<S>>,
  live: S,
  wanted: S,
): {changes: FieldChange[]; body: Record<string, ApiValue>} {
  const changes: FieldChange[] = [];
  const body: Record<string, ApiValue> = {};
  for (const m of maps) {
    const a = m.get(live);
    const b = m.get(wanted);
    if (same(a, b)) continue;
    changes.push({field: m.field, old: displayValue(a), new: displayValue(b)});
    body[m.api] = m.toApi ? m.toApi(b, wanted) : (b as BodyValue);
  }
  return {changes, body};
}

function fullBody<S>(maps: ReadonlyArray<FieldMap<S>>, spec: S): Record<string, ApiValue> {
  const body: Record<string, ApiValue> = {};
  for (const m of maps) body[m.api] = m.toApi ? m.toApi(m.get(spec), spec) : (m.get(spec) as BodyValue);
  return body;
}

function asBody(body: Record<string, ApiValue>): Body {
  // Templates are plain objects of BodyValues; runChangePlan resolves them.
  return body;
}

function secretNeeds(field: string, ref: SecretRef | undefined, where: string): SecretNeed[] {
  return ref ? [{field, ref, where}] : [];
}

/** What every part of a diff reads: the live site, the file, and the keys or refs a step may point at. */
interface DiffContext {
  site: Site;
  doc: Sitefile;
  live: LiveIndex;
  b: PlanBuilder;
  prune: boolean;
  partial: boolean;
  source: string;
  fileNetworks: Map<string, NetworkSpec>;
  fileAliases: Map<string, AliasSpec>;
  /** The file's networks, by name. */
  sortedNetworks: NetworkSpec[];
  /** Networks VergeOS derives (captures, tenant networks): never managed from a file. */
  derived: Set<number>;
  networkKey: (name: string) => KeyOrRef | undefined;
  aliasKey: (name: string) => KeyOrRef | undefined;
}

export function diffSite(site: Site, doc: Sitefile, options: DiffOptions = {}): Plan {
  // A section that was not loaded would look empty and be planned as "create everything".
  const missing = EXPORT_SECTIONS.filter((sec) => !site.sections.has(sec));
  if (missing.length > 0) throw new Error(`internal: a plan needs the ${missing.join(', ')} of the site loaded`);
  const prune = options.prune === true;
  const source = options.source ?? 'the site file';
  const live = indexSite(site);
  const b = new PlanBuilder(prune);
  const partial = doc.partial;

  // References the file makes to things neither it nor the site has.
  const refIssues: SitefileIssue[] = checkReferences(doc, {
    networks: new Set(live.networks.keys()),
    aliases: new Set(live.aliases.keys()),
  });
  for (const i of refIssues) b.errors.push(`${i.path}: ${i.message}`);

  const fileNetworks = new Map(doc.networks.map((n) => [n.name, n]));
  const fileAliases = new Map(doc.aliases.map((a) => [a.name, a]));

  // The key of everything a step may point at, or the ref of its create step.
  const networkKey = (name: string): KeyOrRef | undefined => {
    const n = live.networks.get(name);
    if (n) return n.key;
    return fileNetworks.has(name) ? refTo(`network:${name}`) : undefined;
  };
  for (const name of new Set([...live.networks.keys(), ...fileNetworks.keys()])) {
    const k = networkKey(name);
    if (k !== undefined) b.networkKeys[name] = k;
  }
  const aliasKey = (name: string): KeyOrRef | undefined => {
    const a = live.aliases.get(name);
    if (a) return a.key;
    return fileAliases.has(name) ? refTo(`alias:${name}`) : undefined;
  };
  const c: DiffContext = {
    site,
    doc,
    live,
    b,
    prune,
    partial,
    source,
    fileNetworks,
    fileAliases,
    sortedNetworks: [...doc.networks].sort((x, y) => byText(x.name, y.name)),
    derived: derivedNetworkKeys(site),
    networkKey,
    aliasKey,
  };
  if (prune && !partial) refusePrunedReferences(c);
  diffAliases(c);
  diffNetworks(c);
  const orderIds = new Map<string, Map<string, number>>();
  for (const n of c.sortedNetworks) {
    const l = live.networks.get(n.name);
    if (l && c.derived.has(l.key)) continue;
    const vnet = networkKey(n.name)!;
    orderIds.set(n.name, diffRules(c, n, l, vnet));
    diffWireguard(b, n, l, vnet, live, site);
    diffIpsec(b, n, l, vnet, live, TUNNEL_FIELDS);
  }
  diffLifecycle(c);
  diffTenants(b, doc, live, networkKey, partial, blockChecker(c));
  const touchedList = networksToApply(c);

  const plan: Plan = {
    title: options.title ?? `apply ${source}`,
    source,
    prune,
    partial,
    entries: b.entries,
    verdicts: [],
    errors: b.errors,
    warnings: b.warnings,
    operations: b.operations,
    networkKeys: b.networkKeys,
    touched: touchedList,
    after: site,
  };
  plan.after = buildAfter(site, doc, {prune, orderIds});
  // Without an operation the site after the plan is the site now, and so is every verdict: the
  // evaluator would compare every pair of networks (a million at 1,000 networks) to find nothing.
  if (options.verdicts && plan.errors.length === 0 && plan.operations.length > 0) {
    try {
      plan.verdicts = options.verdicts(site, plan.after).map(toPlanVerdict);
    } catch (error) {
      plan.warnings.push(`could not work out which flows change verdict: ${(error as Error).message}`);
    }
  }
  return plan;
}

/** A rule field with alias names → `alias:<key>` (a Template while the alias does not exist yet). */
function ruleFieldToApi(aliasKey: DiffContext['aliasKey']): (value: unknown) => ApiValue {
  return (value) => {
    const text = String(value);
    const parts = splitAliasTokens(text);
    const out: Array<string | Ref> = [];
    let templated = false;
    for (const p of parts) {
      if (typeof p === 'string') {
        out.push(p);
        continue;
      }
      const k = aliasKey(p.alias);
      if (k === undefined) out.push(p.alias);
      else if (typeof k === 'number') out.push(String(k));
      else {
        out.push(k);
        templated = true;
      }
    }
    if (!templated) return (out as string[]).join(''); // no Ref unless templated
    // A field that is just one new alias: the executor resolves a prefixed ref itself.
    if (out.length === 2 && out[0] === 'alias:' && typeof out[1] === 'object' && text.trim() === text)
      return {ref: out[1].ref, prefix: 'alias:'};
    // Merge adjacent literal parts so the template reads cleanly.
    const merged: Array<string | Ref> = [];
    for (const p of out) {
      const last = merged[merged.length - 1];
      if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
      else merged.push(p);
    }
    return {template: merged};
  };
}

/** Prune would delete an alias or network the file still uses: refuse rather than break it. */
function refusePrunedReferences(c: DiffContext): void {
  const {b, doc, live, source, fileAliases, fileNetworks} = c;
  const pruned = (kind: 'alias' | 'vnet', name: string) =>
    kind === 'alias'
      ? !fileAliases.has(name) && live.aliases.has(name)
      : !fileNetworks.has(name) && live.managedNetworks.has(name);
  const refuse = (where: string, kind: 'alias' | 'vnet', name: string) =>
    b.errors.push(
      `${where}: uses ${kind === 'alias' ? 'alias' : 'network'} "${name}", which --prune would delete (it is not in ${source})`,
    );
  for (const n of doc.networks) {
    for (const field of ['defaultGateway', 'interfaceNetwork'] as const) {
      const v = n[field];
      if (v !== null && pruned('vnet', v)) refuse(`network ${n.name} / ${field}`, 'vnet', v);
    }
    for (const r of n.rules) {
      for (const field of RULE_REF_FIELDS) {
        for (const ref of fieldRefs(r[field]))
          if (pruned(ref.kind, ref.value)) refuse(`network ${n.name} / rule ${r.name}`, ref.kind, ref.value);
      }
    }
  }
  for (const t of doc.tenants)
    for (const bl of t.blocks)
      if (pruned('vnet', bl.network)) refuse(`tenant ${t.name} / block ${bl.cidr}`, 'vnet', bl.network);
}

function diffAliases(c: DiffContext): void {
  const {b, doc, live, prune, partial, fileAliases} = c;
  for (const a of [...doc.aliases].sort((x, y) => byText(x.name, y.name))) {
    const l = live.aliases.get(a.name);
    if (!l) {
      b.entry({op: 'add', kind: 'alias', label: `alias ${a.name}`, summary: displayValue(a.entries)});
      b.op(PHASE.aliases, {
        kind: 'create',
        id: `create alias ${a.name}`,
        title: `Create alias ${a.name}`,
        table: 'vnet_rule_aliases',
        body: asBody({name: a.name, ...fullBody(ALIAS_FIELDS, a)}),
        identity: {name: a.name},
        provides: `alias:${a.name}`,
      });
      continue;
    }
    const liveSpec: AliasSpec = {
      name: l.name,
      description: l.description,
      scope: (l.publishingScope || 'private') as AliasSpec['scope'],
      entries: l.entries.map((e) => ({value: e.value, label: e.label})),
    };
    const {changes, body} = compareFields(ALIAS_FIELDS, liveSpec, a);
    if (changes.length === 0) continue;
    if (changes.some((c) => c.field === 'entries')) b.changedAliases.add(a.name);
    b.entry({op: 'change', kind: 'alias', label: `alias ${a.name}`, fields: changes});
    b.op(PHASE.aliases, {
      kind: 'update',
      id: `update alias ${a.name}`,
      title: `Update alias ${a.name} (${changes.map((c) => c.field).join(', ')})`,
      table: 'vnet_rule_aliases',
      key: l.key,
      body: asBody(body),
      // Entries are a list others may extend meanwhile: the executor merges them at write time.
      ...(body['value'] !== undefined ? {mergeList: {field: 'value', base: l.value}} : {}),
    });
  }
  if (!partial) {
    for (const l of [...live.aliases.values()].sort((x, y) => byText(x.name, y.name))) {
      if (fileAliases.has(l.name)) continue;
      b.entry({op: 'remove', kind: 'alias', label: `alias ${l.name}`, summary: displayValue(l.entries), acted: prune});
      b.removal(PHASE.deleteAliases, {
        kind: 'delete',
        id: `delete alias ${l.name}`,
        title: `Delete alias ${l.name}`,
        table: 'vnet_rule_aliases',
        key: l.key,
      });
    }
  }
}

function networkFields(networkKey: DiffContext['networkKey']): Array<FieldMap<NetworkSpec>> {
  const netRef = (v: unknown): ApiValue => (v === null ? null : (networkKey(textOf(v)) ?? null));
  return [
    f('description', 'description', (s) => s.description),
    f('enabled', 'enabled', (s) => s.enabled),
    f('cidr', 'network', (s) => s.cidr),
    f('routerIp', 'ipaddress', (s) => s.routerIp),
    f('dmzIp', 'dmz_ipaddress', (s) => s.dmzIp),
    f('gateway', 'gateway', (s) => s.gateway),
    f('defaultGateway', 'vnet_default_gateway', (s) => s.defaultGateway, netRef),
    f('interfaceNetwork', 'interface_vnet', (s) => s.interfaceNetwork, netRef),
    f('dhcp.enabled', 'dhcp_enabled', (s) => s.dhcp.enabled),
    f('dhcp.start', 'dhcp_start', (s) => s.dhcp.start),
    f('dhcp.stop', 'dhcp_stop', (s) => s.dhcp.stop),
    f('dns', 'dns', (s) => s.dns),
    f('dnsList', 'dnslist', (s) => s.dnsList),
    f('domain', 'domain', (s) => s.domain),
    f('mtu', 'mtu', (s) => s.mtu),
    f('statistics', 'statistics', (s) => s.statistics),
    f('portMirroring', 'port_mirroring', (s) => s.portMirroring),
  ];
}

function diffNetworks(c: DiffContext): void {
  const {site, b, live, prune, partial, fileNetworks, sortedNetworks, derived} = c;
  const NETWORK_FIELDS = networkFields(c.networkKey);
  const networkName = (key: number | null) =>
    key === null ? null : (site.networks.find((n) => n.key === key)?.name ?? null);
  const liveNetworkSpec = (n: Network): NetworkSpec => ({
    ...networkSettings(n, networkName),
    rules: [],
    wireguard: [],
    ipsec: [],
  });

  for (const n of sortedNetworks) {
    const l = live.networks.get(n.name);
    if (l && derived.has(l.key)) {
      b.errors.push(
        `network ${n.name}: VergeOS derives this network (port-mirror capture or tenant network); it cannot be managed from a site file`,
      );
      continue;
    }
    if (!l) {
      b.entry({
        op: 'add',
        kind: 'network',
        label: `network ${n.name}`,
        summary: `${n.type}${n.cidr ? ` ${n.cidr}` : ''}`,
      });
      const body = fullBody(NETWORK_FIELDS, n);
      // A reference to a network that does not exist yet is set once every new network exists.
      const later: Record<string, ApiValue> = {};
      for (const api of ['vnet_default_gateway', 'interface_vnet']) {
        const v = body[api];
        if (v !== null && v !== undefined && typeof v === 'object') {
          later[api] = v;
          body[api] = null;
        }
      }
      b.op(PHASE.networks, {
        kind: 'create',
        id: `create network ${n.name}`,
        title: `Create network ${n.name}${n.cidr ? ` (${n.cidr})` : ''}`,
        table: 'vnets',
        body: asBody({name: n.name, type: n.type, ...body}),
        identity: {name: n.name},
        provides: `network:${n.name}`,
      });
      if (Object.keys(later).length > 0) {
        b.op(PHASE.networks + 0.5, {
          kind: 'update',
          id: `link network ${n.name}`,
          title: `Set the gateway networks of ${n.name}`,
          table: 'vnets',
          key: refTo(`network:${n.name}`),
          body: asBody(later),
        });
      }
      continue;
    }
    const liveSpec = liveNetworkSpec(l);
    if (liveSpec.type !== n.type) {
      b.errors.push(
        `network ${n.name}: its type cannot change (${liveSpec.type} → ${n.type}); VergeOS sets it at creation only`,
      );
    }
    const {changes, body} = compareFields(NETWORK_FIELDS, liveSpec, n);
    if (changes.length === 0) continue;
    b.entry({op: 'change', kind: 'network', label: `network ${n.name}`, network: n.name, fields: changes});
    b.op(PHASE.networks, {
      kind: 'update',
      id: `update network ${n.name}`,
      title: `Update network ${n.name} (${changes.map((c) => c.field).join(', ')})`,
      table: 'vnets',
      key: l.key,
      body: asBody(body),
    });
  }
  if (!partial) {
    for (const l of [...live.managedNetworks.values()]) {
      if (fileNetworks.has(l.name)) continue;
      b.entry({
        op: 'remove',
        kind: 'network',
        label: `network ${l.name}`,
        summary: `${l.type}${l.cidr ? ` ${l.cidr}` : ''}${l.running ? ' (powered off first)' : ''}`,
        acted: prune,
      });
      const nics = site.vms.flatMap((vm) => vm.nics.filter((c) => c.vnet === l.key).map((c) => `${vm.name}.${c.name}`));
      if (prune && nics.length > 0) {
        b.errors.push(
          `network ${l.name}: --prune would delete it, but VergeOS refuses while NICs are attached ` +
            `(${nics.slice(0, 5).join(', ')}${nics.length > 5 ? ', …' : ''}); move them first or keep the network in the file`,
        );
      }
      // VergeOS deletes stopped networks only; the step is skipped when it already is.
      b.removal(PHASE.deleteNetworks, {
        kind: 'action',
        id: `power off network ${l.name}`,
        title: `Power off network ${l.name}`,
        table: 'vnet_actions',
        body: {vnet: l.key, action: 'poweroff'},
        waitFor: {table: 'vnets', key: l.key, field: 'machine#status#running', equals: false},
      });
      b.removal(PHASE.deleteNetworks, {
        kind: 'delete',
        id: `delete network ${l.name}`,
        title: `Delete network ${l.name}`,
        table: 'vnets',
        key: l.key,
      });
      // Its contents go first, so nothing dangles if the network delete is refused.
      removeNetworkContents(b, l, live, prune, site);
    }
  }
}

/**
 * vnet:<name>, vmnic:<vm>.<nic> and default are written as the addresses they stand for (nothing public
 * confirms VergeOS reads them, VERGEOS-API.md §8.2); both sides of a comparison resolve the same way, so a
 * rule written with the address compares equal to the file's token.
 */
function addressResolver(c: DiffContext): (value: string) => string {
  return (v) =>
    resolveNameTokens(
      v,
      (name) => c.fileNetworks.get(name)?.cidr || c.live.networks.get(name)?.cidr || undefined,
      (ref) => {
        const {nic} = findVmNic(c.site, ref);
        return nic ? nicAddress(c.site, nic) || undefined : undefined;
      },
    );
}

function ruleFields(c: DiffContext): Array<FieldMap<RuleSpec>> {
  const toApi = ruleFieldToApi(c.aliasKey);
  const addressesOf = addressResolver(c);
  return [
    f('action', 'action', (s) => s.action),
    f('direction', 'direction', (s) => s.direction),
    f('protocol', 'protocol', (s) => s.protocol),
    f('source', 'source_ip', (s) => addressesOf(s.source), toApi),
    f('sourcePorts', 'source_ports', (s) => s.sourcePorts, toApi),
    f('destination', 'destination_ip', (s) => addressesOf(s.destination), toApi),
    f('destinationPorts', 'destination_ports', (s) => s.destinationPorts, toApi),
    f('target', 'target_ip', (s) => addressesOf(s.target), toApi),
    f('targetPorts', 'target_ports', (s) => s.targetPorts, toApi),
    f('pin', 'pin', (s) => s.pin),
    f('enabled', 'enabled', (s) => s.enabled),
    f('log', 'log', (s) => s.log),
    f('statistics', 'statistics', (s) => s.statistics),
    f('interface', 'interface', (s) => s.interface),
    f('ctState', 'ct_state', (s) => s.ctState),
    f('description', 'description', (s) => s.description),
  ];
}

/** The rules of one network, in file order: added, changed, renumbered, removed. Returns their orderids. */
function diffRules(c: DiffContext, n: NetworkSpec, l: Network | undefined, vnet: KeyOrRef): Map<string, number> {
  const {b, live, prune} = c;
  const RULE_FIELDS = ruleFields(c);
  const liveRules = l ? (live.rules.get(l.key) ?? []) : [];
  const liveByName = new Map(liveRules.map((r) => [r.name, r]));
  const ids = assignOrderIds(
    n.rules.map((r) => ({name: r.name, pin: r.pin, current: liveByName.get(r.name)?.orderid ?? null})),
  );
  let orderChanged = false;
  for (const r of n.rules) {
    const lr = liveByName.get(r.name);
    const orderid = ids.get(r.name)!;
    if (!lr) {
      b.entry({op: 'add', kind: 'rule', label: `rule ${n.name}/${r.name}`, network: n.name, summary: ruleSummary(r)});
      b.op(
        PHASE.rules,
        {
          kind: 'create',
          id: `create rule ${n.name}/${r.name}`,
          title: `Create rule ${n.name}/${r.name}`,
          table: 'vnet_rules',
          body: asBody({vnet, name: r.name, orderid, ...fullBody(RULE_FIELDS, r)}),
          identity: {vnet, name: r.name},
          provides: ruleRef(n.name, r.name),
          touchesNetwork: vnet,
        },
        {touches: n.name},
      );
      continue;
    }
    const {changes, body} = compareFields(RULE_FIELDS, ruleToSpec(lr, live.aliasName), r);
    if (lr.orderid !== orderid) {
      body['orderid'] = orderid;
      orderChanged = true;
    }
    if (changes.length > 0)
      b.entry({op: 'change', kind: 'rule', label: `rule ${n.name}/${r.name}`, network: n.name, fields: changes});
    if (Object.keys(body).length === 0) continue;
    const what = [...changes.map((c) => c.field), ...(body['orderid'] !== undefined ? ['order'] : [])].join(', ');
    b.op(
      PHASE.rules,
      {
        kind: 'update',
        id: `update rule ${n.name}/${r.name}`,
        title: `Update rule ${n.name}/${r.name} (${what})`,
        table: 'vnet_rules',
        key: lr.key,
        body: asBody(body),
        touchesNetwork: vnet,
      },
      {touches: n.name},
    );
  }
  const wantedNames = new Set(n.rules.map((r) => r.name));
  const before = liveRules.filter((r) => wantedNames.has(r.name)).map((r) => r.name);
  const after = n.rules.filter((r) => liveByName.has(r.name)).map((r) => r.name);
  if (orderChanged || !same(before, after)) {
    b.entry({
      op: 'reorder',
      kind: 'rule',
      label: `rules of ${n.name}`,
      network: n.name,
      summary: same(before, after) ? 'renumbered to make room for new rules (order unchanged)' : undefined,
      order: {before: liveRules.map((r) => r.name), after: n.rules.map((r) => r.name)},
    });
  }
  for (const lr of liveRules) {
    if (wantedNames.has(lr.name)) continue;
    b.entry({
      op: 'remove',
      kind: 'rule',
      label: `rule ${n.name}/${lr.name}`,
      network: n.name,
      summary: ruleSummary(ruleToSpec(lr, live.aliasName)),
      acted: prune,
    });
    b.removal(
      PHASE.deleteRules,
      {
        kind: 'delete',
        id: `delete rule ${n.name}/${lr.name}`,
        title: `Delete rule ${n.name}/${lr.name}`,
        table: 'vnet_rules',
        key: lr.key,
        touchesNetwork: vnet,
      },
      n.name,
    );
  }
  return ids;
}

/** Owner, ticket, expiry and review of the file's rules, as tags on the site (lifecycle.ts). */
function diffLifecycle(c: DiffContext): void {
  const {live, derived, b} = c;
  planLifecycle({
    site: c.site,
    doc: c.doc,
    liveRules: (name) => {
      const l = live.networks.get(name);
      return l ? (live.rules.get(l.key) ?? []) : undefined;
    },
    skip: (name) => {
      const l = live.networks.get(name);
      return l !== undefined && derived.has(l.key);
    },
    entries: b.entries,
    op: (phase, step) => b.op(phase, step),
    errors: b.errors,
  });
}

/** Every network whose rules change, or whose staged rules are not live yet: it gets Apply Rules. */
function networksToApply(c: DiffContext): string[] {
  const {site, doc, b, live, prune, partial, fileNetworks, sortedNetworks, derived} = c;
  const touched = new Set<string>();
  // Rules staged and never applied (an apply or a wizard stopped before its
  // Apply Rules, or someone saved rules without applying) are not live: the
  // site does not do what the file says until Apply Rules runs, whatever the
  // rows read. A stopped network loads them when it starts, so only says so.
  for (const n of sortedNetworks) {
    const l = live.networks.get(n.name);
    if (!l || derived.has(l.key) || !l.needFwApply) continue;
    if (!l.running) {
      b.warnings.push(
        `network ${n.name} is stopped with rules staged: they load when it starts with Apply Rules (power it on with apply)`,
      );
      continue;
    }
    const staged = appliedDiff(site, l.key);
    b.entry({
      op: 'apply',
      kind: 'network',
      label: `Apply Rules on ${n.name}`,
      network: n.name,
      summary:
        staged.source === 'unknown'
          ? '(staged changes not live yet)'
          : staged.count > 0
            ? `(${staged.count} staged change${staged.count === 1 ? '' : 's'})`
            : '(VergeOS marks the rules as not applied)',
    });
    touched.add(n.name);
  }
  for (const op of b.operations) if (op.touches && (!op.removal || prune)) touched.add(op.touches);
  if (prune) for (const name of b.touchedByRemoval) touched.add(name);
  if (b.changedAliases.size > 0) {
    // An alias edit takes effect when the networks using it apply their rules.
    for (const r of site.rules) {
      const uses = [r.sourceIp, r.sourcePorts, r.destinationIp, r.destinationPorts, r.targetIp, r.targetPorts].some(
        (v) =>
          fieldRefs(v).some(
            (ref) => ref.kind === 'alias' && b.changedAliases.has(live.aliasName(ref.value) ?? ref.value),
          ),
      );
      const net = site.networks.find((x) => x.key === r.vnet);
      if (uses && net) touched.add(net.name);
    }
    for (const n of doc.networks) {
      if (
        n.rules.some((r) =>
          RULE_REF_FIELDS.some((fl) =>
            fieldRefs(r[fl]).some((ref) => ref.kind === 'alias' && b.changedAliases.has(ref.value)),
          ),
        )
      )
        touched.add(n.name);
    }
    b.warnings.push(
      `alias changes (${[...b.changedAliases].sort(byText).join(', ')}) take effect when the networks using them apply their rules`,
    );
  }
  // Networks being deleted do not need their rules applied.
  const deleted = new Set(
    prune && !partial ? [...live.managedNetworks.keys()].filter((name) => !fileNetworks.has(name)) : [],
  );
  return [...touched].filter((t) => !deleted.has(t) && b.networkKeys[t] !== undefined).sort(byText);
}

function removeNetworkContents(b: PlanBuilder, l: Network, live: LiveIndex, prune: boolean, site: Site): void {
  for (const r of live.rules.get(l.key) ?? []) {
    b.removal(PHASE.deleteRules, {
      kind: 'delete',
      id: `delete rule ${l.name}/${r.name}`,
      title: `Delete rule ${l.name}/${r.name}`,
      table: 'vnet_rules',
      key: r.key,
    });
  }
  for (const w of live.wireguards.get(l.key) ?? []) removeWireguard(b, l.name, l.key, w, false, prune, site);
  for (const t of live.tunnels.get(l.key) ?? []) removeTunnel(b, l.name, t, false, prune);
}

function removeWireguard(
  b: PlanBuilder,
  network: string,
  vnet: KeyOrRef,
  w: WireguardInterface,
  report: boolean,
  prune: boolean,
  site: Site,
): void {
  if (report)
    b.entry({
      op: 'remove',
      kind: 'wireguard',
      label: `wireguard ${network}/${w.name}`,
      network,
      summary: w.ip,
      acted: prune,
    });
  // Its peers go with it. VergeOS refuses to delete an interface its router runs: disable it (unless that is
  // staged already) and apply first — also when it reads disabled but the disable was never applied
  // (VERGEOS-API.md §8.1 #2). A fresh or stopped one goes at once.
  if (wireguardLiveness(w, site).live) {
    if (w.enabled) {
      b.removal(
        PHASE.deleteVpn,
        {
          kind: 'update',
          id: `disable wireguard ${network}/${w.name}`,
          title: `Disable WireGuard interface ${network}/${w.name}`,
          table: 'vnet_wireguards',
          key: w.key,
          body: {enabled: false},
        },
        network,
      );
    }
    b.removal(PHASE.deleteVpn, {
      kind: 'apply-rules',
      id: `apply rules ${network} before deleting wireguard ${w.name}`,
      title: `Apply Rules on ${network}`,
      vnet,
      network,
    });
  }
  b.removal(
    PHASE.deleteVpn,
    {
      kind: 'delete',
      id: `delete wireguard ${network}/${w.name}`,
      title: `Delete WireGuard interface ${network}/${w.name}`,
      table: 'vnet_wireguards',
      key: w.key,
    },
    network,
  );
}

function removeTunnel(b: PlanBuilder, network: string, t: IpsecTunnel, report: boolean, prune: boolean): void {
  if (report)
    b.entry({
      op: 'remove',
      kind: 'tunnel',
      label: `ipsec ${network}/${t.name}`,
      network,
      summary: t.remoteGateway,
      acted: prune,
    });
  for (const p of t.phase2) {
    b.removal(
      PHASE.deleteVpn,
      {
        kind: 'delete',
        id: `delete phase2 ${network}/${t.name}/${p.key}`,
        title: `Delete IPsec phase 2 ${network}/${t.name}/${p.name || `${p.local} → ${p.remote}`}`,
        table: 'vnet_ipsec_phase2s',
        key: p.key,
      },
      network,
    );
  }
  b.removal(
    PHASE.deleteVpn,
    {
      kind: 'delete',
      id: `delete ipsec ${network}/${t.name}`,
      title: `Delete IPsec tunnel ${network}/${t.name}`,
      table: 'vnet_ipsec_phase1s',
      key: t.key,
    },
    network,
  );
}

function diffWireguard(
  b: PlanBuilder,
  n: NetworkSpec,
  l: Network | undefined,
  vnet: KeyOrRef,
  live: LiveIndex,
  site: Site,
): void {
  const liveList = l ? (live.wireguards.get(l.key) ?? []) : [];
  const liveByName = new Map(liveList.map((w) => [w.name, w]));
  for (const w of [...n.wireguard].sort((x, y) => byText(x.name, y.name))) {
    const lw = liveByName.get(w.name);
    const label = `wireguard ${n.name}/${w.name}`;
    let wgKey: KeyOrRef;
    if (!lw) {
      wgKey = refTo(`wireguard:${n.name}/${w.name}`);
      b.entry({op: 'add', kind: 'wireguard', label, network: n.name, summary: `${w.ip} port ${w.listenPort}`});
      const body: Record<string, ApiValue> = {vnet, name: w.name, ...fullBody(WIREGUARD_FIELDS, w)};
      b.op(
        PHASE.vpn,
        {
          kind: 'create',
          id: `create wireguard ${n.name}/${w.name}`,
          title: `Create WireGuard interface ${label.slice(10)}`,
          table: 'vnet_wireguards',
          body: asBody(body),
          identity: {vnet, name: w.name},
          provides: wgKey.ref,
          touchesNetwork: vnet,
          secretFields: w.privateKey ? ['private_key'] : undefined,
        },
        {touches: n.name, secrets: secretNeeds('private_key', w.privateKey, `${label} / privateKey`)},
      );
    } else {
      wgKey = lw.key;
      const liveSpec: WireguardSpec = {
        name: lw.name,
        description: lw.description,
        enabled: lw.enabled,
        ip: lw.ip,
        listenPort: lw.listenPort,
        mtu: lw.mtu,
        endpointIp: lw.endpointIp,
        privateKey: undefined,
        peers: [],
      };
      const {changes, body} = compareFields(WIREGUARD_FIELDS, liveSpec, w);
      if (changes.length > 0) {
        b.entry({op: 'change', kind: 'wireguard', label, network: n.name, fields: changes});
        b.op(
          PHASE.vpn,
          {
            kind: 'update',
            id: `update wireguard ${n.name}/${w.name}`,
            title: `Update WireGuard interface ${n.name}/${w.name}`,
            table: 'vnet_wireguards',
            key: lw.key,
            body: asBody(body),
            touchesNetwork: vnet,
          },
          {touches: n.name},
        );
      }
    }
    const livePeers = new Map((lw?.peers ?? []).map((p) => [p.name, p]));
    for (const p of [...w.peers].sort((x, y) => byText(x.name, y.name))) {
      const lp = livePeers.get(p.name);
      const plabel = `peer ${n.name}/${w.name}/${p.name}`;
      if (!lp) {
        b.entry({
          op: 'add',
          kind: 'peer',
          label: plabel,
          network: n.name,
          summary: `${p.allowedIps}${p.endpoint ? ` via ${p.endpoint}:${p.port}` : ''}`,
        });
        const body: Record<string, ApiValue> = {wireguard: wgKey, name: p.name, ...fullBody(PEER_FIELDS, p)};
        b.op(
          PHASE.vpn,
          {
            kind: 'create',
            id: `create peer ${n.name}/${w.name}/${p.name}`,
            title: `Create WireGuard peer ${n.name}/${w.name}/${p.name}`,
            table: 'vnet_wireguard_peers',
            body: asBody(body),
            identity: {wireguard: wgKey, name: p.name},
            touchesNetwork: vnet,
            secretFields: p.presharedKey ? ['preshared_key'] : undefined,
          },
          {touches: n.name, secrets: secretNeeds('preshared_key', p.presharedKey, `${plabel} / presharedKey`)},
        );
        continue;
      }
      const liveSpec: PeerSpec = {
        name: lp.name,
        description: lp.description,
        enabled: lp.enabled,
        endpoint: lp.endpoint,
        port: lp.port,
        peerIp: lp.peerIp,
        publicKey: lp.publicKey,
        allowedIps: lp.allowedIps,
        keepalive: lp.keepalive,
        configureFirewall: (lp.configureFirewall || 'site-to-site') as PeerSpec['configureFirewall'],
        presharedKey: undefined,
      };
      const {changes, body} = compareFields(PEER_FIELDS, liveSpec, p);
      if (changes.length === 0) continue;
      b.entry({op: 'change', kind: 'peer', label: plabel, network: n.name, fields: changes});
      b.op(
        PHASE.vpn,
        {
          kind: 'update',
          id: `update peer ${n.name}/${w.name}/${p.name}`,
          title: `Update WireGuard peer ${n.name}/${w.name}/${p.name}`,
          table: 'vnet_wireguard_peers',
          key: lp.key,
          body: asBody(body),
          touchesNetwork: vnet,
        },
        {touches: n.name},
      );
    }
    for (const lp of lw?.peers ?? []) {
      if (w.peers.some((p) => p.name === lp.name)) continue;
      b.entry({
        op: 'remove',
        kind: 'peer',
        label: `peer ${n.name}/${w.name}/${lp.name}`,
        network: n.name,
        summary: lp.allowedIps,
        acted: b.prune,
      });
      b.removal(
        PHASE.deleteVpn,
        {
          kind: 'delete',
          id: `delete peer ${n.name}/${w.name}/${lp.name}`,
          title: `Delete WireGuard peer ${n.name}/${w.name}/${lp.name}`,
          table: 'vnet_wireguard_peers',
          key: lp.key,
          touchesNetwork: vnet,
        },
        n.name,
      );
    }
  }
  for (const lw of liveList) {
    if (n.wireguard.some((w) => w.name === lw.name)) continue;
    removeWireguard(b, n.name, vnet, lw, true, b.prune, site);
  }
}

function phase2Id(p: {name: string; local: string; remote: string}): string {
  return p.name || `${p.local} → ${p.remote}`;
}

function diffIpsec(
  b: PlanBuilder,
  n: NetworkSpec,
  l: Network | undefined,
  vnet: KeyOrRef,
  live: LiveIndex,
  TUNNEL_FIELDS: Array<FieldMap<TunnelSpec>>,
): void {
  const liveList = l ? (live.tunnels.get(l.key) ?? []) : [];
  const liveByName = new Map(liveList.map((t) => [t.name, t]));
  let ipsecKey: KeyOrRef | undefined = liveList[0]?.ipsec;
  const ensureIpsec = (): KeyOrRef => {
    if (ipsecKey !== undefined) return ipsecKey;
    ipsecKey = refTo(`ipsec:${n.name}`);
    b.op(
      PHASE.vpn,
      {
        kind: 'create',
        id: `create ipsec ${n.name}`,
        title: `Enable IPsec on ${n.name}`,
        table: 'vnet_ipsecs',
        body: {vnet, enabled: true, mode: 'normal'},
        identity: {vnet},
        provides: ipsecKey.ref,
        compare: ['enabled'],
        touchesNetwork: vnet,
      },
      {touches: n.name},
    );
    return ipsecKey;
  };
  for (const t of [...n.ipsec].sort((x, y) => byText(x.name, y.name))) {
    const lt = liveByName.get(t.name);
    const label = `ipsec ${n.name}/${t.name}`;
    let p1Key: KeyOrRef;
    if (!lt) {
      const ipsec = ensureIpsec();
      p1Key = refTo(`tunnel:${n.name}/${t.name}`);
      b.entry({
        op: 'add',
        kind: 'tunnel',
        label,
        network: n.name,
        summary: `to ${t.remoteGateway} (${t.keyExchange}, ${t.auth})`,
      });
      if (t.auth === 'psk' && !t.psk)
        b.errors.push(`network ${n.name} / ipsec ${t.name}: auth is psk but no psk: {secret: NAME} is given`);
      const body: Record<string, ApiValue> = {ipsec, name: t.name, ...fullBody(TUNNEL_FIELDS, t)};
      b.op(
        PHASE.vpn,
        {
          kind: 'create',
          id: `create ipsec ${n.name}/${t.name}`,
          title: `Create IPsec tunnel ${n.name}/${t.name}`,
          table: 'vnet_ipsec_phase1s',
          body: asBody(body),
          identity: {ipsec, name: t.name},
          provides: p1Key.ref,
          touchesNetwork: vnet,
          secretFields: t.psk ? ['psk'] : undefined,
        },
        {touches: n.name, secrets: secretNeeds('psk', t.psk, `${label} / psk`)},
      );
    } else {
      p1Key = lt.key;
      const liveSpec: TunnelSpec = {
        name: lt.name,
        description: lt.description,
        enabled: lt.enabled,
        remoteGateway: lt.remoteGateway,
        keyExchange: (lt.keyexchange || 'ike') as TunnelSpec['keyExchange'],
        auth: (lt.auth || 'psk') as TunnelSpec['auth'],
        negotiation: (lt.negotiation || 'main') as TunnelSpec['negotiation'],
        ike: lt.ike,
        ikeLifetime: lt.ikelifetime,
        auto: (lt.auto || 'route') as TunnelSpec['auto'],
        dpdAction: (lt.dpdaction || 'restart') as TunnelSpec['dpdAction'],
        psk: undefined,
        phase2: [],
      };
      const {changes, body} = compareFields(TUNNEL_FIELDS, liveSpec, t);
      if (changes.length > 0) {
        b.entry({op: 'change', kind: 'tunnel', label, network: n.name, fields: changes});
        b.op(
          PHASE.vpn,
          {
            kind: 'update',
            id: `update ipsec ${n.name}/${t.name}`,
            title: `Update IPsec tunnel ${n.name}/${t.name}`,
            table: 'vnet_ipsec_phase1s',
            key: lt.key,
            body: asBody(body),
            touchesNetwork: vnet,
          },
          {touches: n.name},
        );
      }
    }
    const livePhase2 = new Map((lt?.phase2 ?? []).map((p) => [phase2Id(p), p]));
    for (const p of t.phase2) {
      const lp = livePhase2.get(phase2Id(p));
      const plabel = `phase2 ${n.name}/${t.name}/${phase2Id(p)}`;
      if (!lp) {
        b.entry({
          op: 'add',
          kind: 'phase2',
          label: plabel,
          network: n.name,
          summary: `${p.local} ↔ ${p.remote || '(any)'}`,
        });
        b.op(
          PHASE.vpn,
          {
            kind: 'create',
            id: `create phase2 ${n.name}/${t.name}/${phase2Id(p)}`,
            title: `Create IPsec phase 2 ${n.name}/${t.name}/${phase2Id(p)}`,
            table: 'vnet_ipsec_phase2s',
            body: asBody({phase1: p1Key, ...fullBody(PHASE2_FIELDS, p)}),
            identity: p.name ? {phase1: p1Key, name: p.name} : {phase1: p1Key, local: p.local, remote: p.remote},
            touchesNetwork: vnet,
          },
          {touches: n.name},
        );
        continue;
      }
      const liveSpec: Phase2Spec = {
        name: lp.name,
        description: lp.description,
        enabled: lp.enabled,
        mode: (lp.mode || 'tunnel') as Phase2Spec['mode'],
        local: lp.local,
        remote: lp.remote,
        protocol: (lp.protocol || 'esp') as Phase2Spec['protocol'],
        ciphers: lp.ciphers,
        lifetime: lp.lifetime,
      };
      const {changes, body} = compareFields(PHASE2_FIELDS, liveSpec, p);
      if (changes.length === 0) continue;
      b.entry({op: 'change', kind: 'phase2', label: plabel, network: n.name, fields: changes});
      b.op(
        PHASE.vpn,
        {
          kind: 'update',
          id: `update phase2 ${n.name}/${t.name}/${phase2Id(p)}`,
          title: `Update IPsec phase 2 ${n.name}/${t.name}/${phase2Id(p)}`,
          table: 'vnet_ipsec_phase2s',
          key: lp.key,
          body: asBody(body),
          touchesNetwork: vnet,
        },
        {touches: n.name},
      );
    }
    for (const lp of lt?.phase2 ?? []) {
      if (t.phase2.some((p) => phase2Id(p) === phase2Id(lp))) continue;
      b.entry({
        op: 'remove',
        kind: 'phase2',
        label: `phase2 ${n.name}/${t.name}/${phase2Id(lp)}`,
        network: n.name,
        summary: `${lp.local} ↔ ${lp.remote || '(any)'}`,
        acted: b.prune,
      });
      b.removal(
        PHASE.deleteVpn,
        {
          kind: 'delete',
          id: `delete phase2 ${n.name}/${t.name}/${lp.key}`,
          title: `Delete IPsec phase 2 ${n.name}/${t.name}/${phase2Id(lp)}`,
          table: 'vnet_ipsec_phase2s',
          key: lp.key,
          touchesNetwork: vnet,
        },
        n.name,
      );
    }
  }
  for (const lt of liveList) {
    if (n.ipsec.some((t) => t.name === lt.name)) continue;
    removeTunnel(b, n.name, lt, true, b.prune);
  }
}

/**
 * Why a block the file gives a tenant cannot be given on this site (the tenant
 * wizard's validateBlock: inside its network, clear of the router, other
 * tenants' blocks and used addresses), judged with the parent network as the
 * file leaves it.
 */
function blockChecker(c: DiffContext): (tenant: string, block: BlockSpec) => string | undefined {
  return (tenant, block) => {
    const spec = c.fileNetworks.get(block.network);
    const site: Site = spec
      ? {
          ...c.site,
          networks: c.site.networks.map((n) =>
            n.name === block.network ? {...n, cidr: spec.cidr, routerIp: spec.routerIp, gateway: spec.gateway} : n,
          ),
        }
      : c.site;
    return validateBlock(site, tenant, block.network, block.cidr);
  };
}

function diffTenants(
  b: PlanBuilder,
  doc: Sitefile,
  live: LiveIndex,
  networkKey: (name: string) => KeyOrRef | undefined,
  partial: boolean,
  blockError: (tenant: string, block: BlockSpec) => string | undefined,
): void {
  const blockLabel = (t: string, bl: {network: string; cidr: string}) => `block ${t}/${bl.network}/${bl.cidr}`;
  const liveNetworkName = (key: number) => [...live.networks.values()].find((n) => n.key === key)?.name ?? `#${key}`;
  for (const t of [...doc.tenants].sort((x, y) => byText(x.name, y.name))) {
    const lt = live.tenants.get(t.name);
    let key: KeyOrRef;
    let isolated = false;
    if (!lt) {
      key = refTo(`tenant:${t.name}`);
      b.entry({op: 'add', kind: 'tenant', label: `tenant ${t.name}`, summary: t.isolate ? 'isolated' : undefined});
      b.op(PHASE.tenants, {
        kind: 'create',
        id: `create tenant ${t.name}`,
        title: `Create tenant ${t.name}`,
        table: 'tenants',
        body: {name: t.name, description: t.description},
        identity: {name: t.name},
        provides: key.ref,
      });
    } else {
      key = lt.key;
      isolated = lt.isolate;
      const changes: FieldChange[] = [];
      if (lt.description !== t.description) {
        changes.push({field: 'description', old: displayValue(lt.description), new: displayValue(t.description)});
        b.op(PHASE.tenants, {
          kind: 'update',
          id: `update tenant ${t.name}`,
          title: `Update tenant ${t.name} (description)`,
          table: 'tenants',
          key: lt.key,
          body: {description: t.description},
        });
      }
      if (lt.isolate !== t.isolate) changes.push({field: 'isolate', old: String(lt.isolate), new: String(t.isolate)});
      if (changes.length > 0) b.entry({op: 'change', kind: 'tenant', label: `tenant ${t.name}`, fields: changes});
    }
    if (isolated !== t.isolate) {
      b.op(PHASE.tenants, {
        kind: 'action',
        id: `${t.isolate ? 'isolate' : 'unisolate'} tenant ${t.name}`,
        title: `${t.isolate ? 'Isolate' : 'End isolation of'} tenant ${t.name}`,
        table: 'tenant_actions',
        body: {tenant: key, action: t.isolate ? 'isolateon' : 'isolateoff'},
        waitFor: {table: 'tenants', key, field: 'isolate', equals: t.isolate},
      });
    }
    const liveBlocks = lt ? live.blocks.filter((x) => x.tenant === lt.key) : [];
    const owner: BodyValue = typeof key === 'number' ? `tenants/${key}` : {ref: key.ref, prefix: 'tenants/'};
    for (const bl of t.blocks) {
      const vnet = networkKey(bl.network);
      if (vnet === undefined) continue; // reported by checkReferences
      const lb = liveBlocks.find((x) => liveNetworkName(x.vnet) === bl.network && x.cidr === bl.cidr);
      const label = blockLabel(t.name, bl);
      if (!lb) {
        const refused = blockError(t.name, bl);
        if (refused) {
          const ti = doc.tenants.indexOf(t);
          b.errors.push(`tenants[${ti}] (${t.name}).blocks[${t.blocks.indexOf(bl)}].cidr: ${refused}`);
          continue;
        }
        b.entry({op: 'add', kind: 'block', label, network: bl.network});
        b.op(
          PHASE.tenants,
          {
            kind: 'create',
            id: `create ${label}`,
            title: `Give network block ${bl.cidr} on ${bl.network} to tenant ${t.name}`,
            table: 'vnet_cidrs',
            body: {vnet, cidr: bl.cidr, owner, description: bl.description},
            identity: {vnet, cidr: bl.cidr},
            touchesNetwork: vnet,
          },
          {touches: bl.network},
        );
        continue;
      }
      if (lb.description !== bl.description) {
        b.entry({
          op: 'change',
          kind: 'block',
          label,
          network: bl.network,
          fields: [{field: 'description', old: displayValue(lb.description), new: displayValue(bl.description)}],
        });
        b.op(PHASE.tenants, {
          kind: 'update',
          id: `update ${label}`,
          title: `Update network block ${bl.cidr} of tenant ${t.name}`,
          table: 'vnet_cidrs',
          key: lb.key,
          body: {description: bl.description},
        });
      }
    }
    for (const lb of liveBlocks) {
      const name = liveNetworkName(lb.vnet);
      if (t.blocks.some((bl: BlockSpec) => bl.network === name && bl.cidr === lb.cidr)) continue;
      const label = blockLabel(t.name, {network: name, cidr: lb.cidr});
      b.entry({op: 'remove', kind: 'block', label, network: name, acted: b.prune});
      b.removal(
        PHASE.deleteTenants,
        {
          kind: 'delete',
          id: `delete ${label}`,
          title: `Take network block ${lb.cidr} on ${name} from tenant ${t.name}`,
          table: 'vnet_cidrs',
          key: lb.key,
          touchesNetwork: lb.vnet,
        },
        name,
      );
    }
  }
  if (partial) return;
  const fileTenants = new Set(doc.tenants.map((t) => t.name));
  for (const lt of [...live.tenants.values()].sort((x, y) => byText(x.name, y.name))) {
    if (fileTenants.has(lt.name)) continue;
    const blocks = live.blocks.filter((x) => x.tenant === lt.key);
    b.entry({
      op: 'remove',
      kind: 'tenant',
      label: `tenant ${lt.name}`,
      summary:
        `${lt.status !== 'offline' ? 'powered off, then ' : ''}deleted with its ` +
        `network${blocks.length ? ` and ${blocks.length} network block${blocks.length === 1 ? '' : 's'}` : ''}`,
      acted: b.prune,
    });
    // VergeOS deletes offline tenants only, and takes their blocks and addresses along.
    b.removal(PHASE.deleteTenants, {
      kind: 'action',
      id: `power off tenant ${lt.name}`,
      title: `Power off tenant ${lt.name}`,
      table: 'tenant_actions',
      body: {tenant: lt.key, action: 'poweroff'},
      waitFor: {table: 'tenants', key: lt.key, field: 'status#status', equals: 'offline'},
    });
    b.removal(PHASE.deleteTenants + 0.5, {
      kind: 'delete',
      id: `delete tenant ${lt.name}`,
      title: `Delete tenant ${lt.name}`,
      table: 'tenants',
      key: lt.key,
    });
    for (const lb of blocks) b.touchedByRemoval.add(liveNetworkName(lb.vnet));
  }
}
