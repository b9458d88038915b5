// The references a rule field may hold besides plain addresses and ports —
// `alias:<key|name>`, `vnet:<name>`, `vmnic:<vm>.<nic>`, `router`, `vnetself`,
// `default` — looked up in a site snapshot, for validation and display.
// VergeOS stores aliases as `alias:<$key>` (it refuses names), operators read
// and type names: forms show names and bodies carry keys.
import {looksLikePortSpec} from '../ports.js';
import {looksLikeIpv6, parseAddressSpec} from '../ip.js';
import type {Alias, Network, Nic, Site, Vm} from '../model.js';
import {mapAliasTokens} from '../sitefile/references.js';

export const ADDRESS_HELPERS = ['router', 'vnetself', 'default'] as const;

/** By key (`alias:12`), exact name, or a case-insensitive name that is unique. */
export function findAlias(site: Site, ref: string): Alias | undefined {
  const r = ref.trim();
  if (/^\d+$/.test(r)) {
    const byKey = site.aliases.find((a) => a.key === Number(r));
    if (byKey) return byKey;
  }
  const exact = site.aliases.find((a) => a.name === r);
  if (exact) return exact;
  const ci = site.aliases.filter((a) => a.name.toLowerCase() === r.toLowerCase());
  return ci.length === 1 ? ci[0] : undefined;
}

export function findNetwork(site: Site, ref: string): Network | undefined {
  const r = ref.trim();
  return site.networks.find((n) => n.name === r) ?? site.networks.find((n) => n.name.toLowerCase() === r.toLowerCase());
}

/** `vmnic:<vm>.<nic>`: VM names may hold dots, so every split is tried (longest VM name first). */
export function findVmNic(site: Site, ref: string): {vm?: Vm; nic?: Nic} {
  for (let dot = ref.lastIndexOf('.'); dot > 0; dot = ref.lastIndexOf('.', dot - 1)) {
    const vm = site.vms.find((v) => v.name === ref.slice(0, dot));
    if (!vm) continue;
    return {vm, nic: vm.nics.find((n) => n.name === ref.slice(dot + 1))};
  }
  return {vm: site.vms.find((v) => v.name === ref)};
}

/** The address a NIC is known by: the reported one, else its static lease. */
export function nicAddress(site: Site, nic: Nic): string {
  if (nic.ip) return nic.ip;
  const lease = site.addresses.find(
    (a) => a.mac !== '' && a.mac.toLowerCase() === nic.mac.toLowerCase() && (nic.vnet === null || a.vnet === nic.vnet),
  );
  return lease?.ip ?? '';
}

export type AliasEntryKind = 'address' | 'port' | 'invalid';

export function aliasEntryKind(value: string): AliasEntryKind {
  if (looksLikePortSpec(value)) return 'port';
  if (looksLikeIpv6(value) || parseAddressSpec(value).ok) return 'address';
  return 'invalid';
}

export function aliasHolds(alias: Alias, kind: 'address' | 'port'): boolean {
  return alias.entries.some((e) => aliasEntryKind(e.value) === kind);
}

/** `alias:<name>` → `alias:<key>` for every alias that exists; other text untouched. */
export function aliasNamesToKeys(field: string, site: Site): string {
  return mapAliasTokens(field, (ref) => {
    const a = findAlias(site, ref);
    return a ? String(a.key) : undefined;
  });
}

/** `alias:<key>` → `alias:<name>` where the alias exists and its name reads back unambiguously. */
export function aliasKeysToNames(field: string, site: Site): string {
  return mapAliasTokens(field, (ref) => {
    if (!/^\d+$/.test(ref.trim())) return undefined;
    const a = site.aliases.find((x) => x.key === Number(ref.trim()));
    if (!a || a.name.includes(',') || /^\d+$/.test(a.name) || a.name.trim() !== a.name) return undefined;
    return a.name;
  });
}

/** A choice offered by the rule form's insert helper (Ctrl+P). */
export interface TokenChoice {
  value: string;
  label: string;
  /** What the token stands for, shown beside it so a search hit is never ambiguous. */
  kind: string;
  detail?: string;
}

export interface RuleFieldHelpers {
  address: TokenChoice[];
  ports: TokenChoice[];
  target: TokenChoice[];
}

/** What the rule form can insert: helpers, networks, VM NICs (token or IP) and aliases. */
export function ruleFieldHelpers(site: Site, vnet: number): RuleFieldHelpers {
  const own = site.networks.find((n) => n.key === vnet);
  const address: TokenChoice[] = [
    {
      value: 'router',
      label: 'router',
      kind: 'helper',
      detail: `this network's router address${own?.routerIp ? ` (${own.routerIp})` : ''}`,
    },
    {
      value: 'vnetself',
      label: 'vnetself',
      kind: 'helper',
      detail: "this network's own addresses (router, DMZ, IP aliases)",
    },
  ];
  const nics: TokenChoice[] = [];
  for (const n of site.networks) {
    if (!n.cidr) continue;
    address.push({value: `vnet:${n.name}`, label: `vnet:${n.name}`, kind: 'network', detail: `network ${n.cidr}`});
    address.push({value: n.cidr, label: n.cidr, kind: 'address block', detail: `address block of ${n.name}`});
  }
  for (const vm of site.vms) {
    for (const nic of vm.nics) {
      const ip = nicAddress(site, nic);
      const on = site.networks.find((n) => n.key === nic.vnet)?.name;
      nics.push({
        value: `vmnic:${vm.name}.${nic.name}`,
        label: `vmnic:${vm.name}.${nic.name}`,
        kind: 'VM NIC',
        detail: `${ip || 'no known address'}${on ? ` on ${on}` : ''}`,
      });
      if (ip)
        nics.push({value: ip, label: ip, kind: 'VM address', detail: `${vm.name}.${nic.name}${on ? ` on ${on}` : ''}`});
    }
  }
  const aliasChoice = (a: Alias): TokenChoice => ({
    value: `alias:${a.name}`,
    label: `alias:${a.name}`,
    kind: aliasHolds(a, 'port') && !aliasHolds(a, 'address') ? 'port alias' : 'alias',
    detail: a.entries.map((e) => e.value).join(', ') || '(empty)',
  });
  const addressAliases = site.aliases.filter((a) => aliasHolds(a, 'address')).map(aliasChoice);
  const portAliases = site.aliases.filter((a) => aliasHolds(a, 'port')).map(aliasChoice);
  const dmz: TokenChoice[] = site.networks
    .filter((n) => n.dmzIp && n.key !== vnet)
    .map((n) => ({
      value: n.dmzIp,
      label: n.dmzIp,
      kind: 'DMZ address',
      detail: `DMZ address of ${n.name} (next hop of a route to it)`,
    }));
  return {
    address: [...address, ...nics, ...addressAliases],
    ports: portAliases,
    target: [...dmz, ...nics, ...addressAliases],
  };
}
