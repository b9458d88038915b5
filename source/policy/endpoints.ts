// What the operator names in a what-if: a VM (all its addresses, or one NIC
// as vm.nic), an address/CIDR/range/list, a network, an alias, or "outside".
// Prefixes vm:, net:, ip:, alias: disambiguate; an ambiguous bare name is
// refused with the candidates listed, never guessed.
import type {Key, Site, Vm} from '../domain/model.js';
import {
  IntervalSet,
  IPV6_UNSUPPORTED,
  formatAddressSet,
  formatIpv4,
  looksLikeIpv6,
  parseAddressList,
  type Parsed,
} from '../domain/ip.js';
import {didYouMean} from '../domain/search-rank.js';
import {compileSite, type CompiledSite} from './compile.js';
import {findAlias, findNetwork, type SiteIndex} from './site-index.js';
import {OUTSIDE} from './types.js';

export type EndpointKind = 'vm' | 'nic' | 'network' | 'ip' | 'alias' | 'outside';

export interface Endpoint {
  kind: EndpointKind;
  /** As the operator wrote it. */
  text: string;
  /** Canonical, prefixed form ("vm:web1", "net:db", "ip:10.0.0.5"). */
  ref: string;
  /** For people: "vm web1 (10.0.1.10)". */
  label: string;
  set: IntervalSet;
  notes: string[];
  key?: Key;
}

const ok = <T>(value: T): Parsed<T> => ({ok: true, value});
const fail = <T>(error: string): Parsed<T> => ({ok: false, error});

const OUTSIDE_WORDS = ['outside', 'internet'];

function vmEndpoint(idx: SiteIndex, vm: Vm, text: string, nicName?: string): Parsed<Endpoint> {
  const nics = vm.nics.filter((n) => n.enabled && n.vnet !== null && (nicName === undefined || n.name === nicName));
  if (nicName !== undefined && nics.length === 0) {
    const names = vm.nics.map((n) => n.name).join(', ') || 'none';
    return fail(`VM "${vm.name}" has no enabled NIC "${nicName}" (its NICs: ${names})`);
  }
  if (nics.length === 0) return fail(`VM "${vm.name}" has no enabled NIC on a network`);
  const notes: string[] = [];
  let set = IntervalSet.EMPTY;
  const unplaced: string[] = [];
  for (const nic of nics) {
    const ip = idx.nicAddress(nic);
    if (ip !== null) {
      set = set.union(IntervalSet.point(ip));
      continue;
    }
    // Address unknown: the network is what decides routing, so judge all of it.
    const net = idx.networksByKey.get(nic.vnet!);
    const cidr = net ? idx.cidrSets.get(net.key)! : IntervalSet.EMPTY;
    if (cidr.isEmpty) {
      // A capture NIC on a mirror network has no address: the VM is still reached through its others.
      const why = `NIC ${vm.name}.${nic.name} has no known address and its network${net ? ` (${net.name})` : ''} has no address block`;
      if (nicName !== undefined) return fail(why);
      unplaced.push(why);
      continue;
    }
    notes.push(
      `NIC ${vm.name}.${nic.name} has no known IPv4 address: judged over all of ${net!.name} (${formatAddressSet(cidr)})`,
    );
    set = set.union(cidr);
  }
  if (set.isEmpty) return fail(unplaced.join('; '));
  for (const u of unplaced) notes.push(`${u}: left out, the VM is judged by its other NICs`);
  const kind = nicName === undefined ? 'vm' : 'nic';
  const ref = nicName === undefined ? `vm:${vm.name}` : `vm:${vm.name}.${nicName}`;
  // A VM's addresses read better one by one than as the block they happen to form.
  const shown = set.size() <= 4 ? [...set.members()].map(formatIpv4).join(', ') : formatAddressSet(set, 4);
  return ok({
    kind,
    text,
    ref,
    label: `${kind === 'vm' ? 'VM' : 'NIC'} ${ref.slice(3)} (${shown})`,
    set,
    notes,
    key: vm.key,
  });
}

function findVms(idx: SiteIndex, name: string): Vm[] {
  if (/^#\d+$/.test(name)) return idx.site.vms.filter((v) => v.key === Number(name.slice(1)));
  const exact = idx.vmsByName.get(name) ?? [];
  if (exact.length > 0) return exact;
  return idx.site.vms.filter((v) => v.name.toLowerCase() === name.toLowerCase());
}

/** `web1` or `web1.eth0`; VM names may contain dots, so every split is tried. */
function resolveVm(idx: SiteIndex, ref: string, text: string): Parsed<Endpoint> | null {
  const whole = findVms(idx, ref);
  if (whole.length === 1) return vmEndpoint(idx, whole[0], text);
  if (whole.length > 1) {
    return fail(
      `${whole.length} VMs are named "${ref}" (keys ${whole.map((v) => v.key).join(', ')}); name one as vm:#<key>`,
    );
  }
  for (let dot = ref.lastIndexOf('.'); dot > 0; dot = ref.lastIndexOf('.', dot - 1)) {
    const vms = findVms(idx, ref.slice(0, dot));
    if (vms.length === 1) return vmEndpoint(idx, vms[0], text, ref.slice(dot + 1));
    if (vms.length > 1) return fail(`${vms.length} VMs are named "${ref.slice(0, dot)}"; name one as vm:#<key>.<nic>`);
  }
  return null;
}

function networkEndpoint(idx: SiteIndex, ref: string, text: string): Parsed<Endpoint> | null {
  const net = findNetwork(idx, ref);
  if (!net) return null;
  const cidr = idx.cidrSets.get(net.key)!;
  const own = idx.ownAddresses.get(net.key)!;
  const set = cidr.isEmpty ? own : cidr;
  if (set.isEmpty) return fail(`network "${net.name}" has no address block and no address of its own`);
  const notes = cidr.isEmpty ? [`${net.name} has no address block: judged over its own addresses`] : [];
  return ok({
    kind: 'network',
    text,
    ref: `net:${net.name}`,
    label: `network ${net.name} (${formatAddressSet(set, 4)})`,
    set,
    notes,
    key: net.key,
  });
}

function aliasEndpoint(idx: SiteIndex, ref: string, text: string): Parsed<Endpoint> | null {
  const alias = findAlias(idx, ref);
  if (!alias) return null;
  if (alias.addresses.isEmpty) return fail(`alias "${alias.alias.name}" holds no IPv4 address`);
  const notes = alias.entries.some((e) => e.kind === 'ipv6')
    ? [`alias "${alias.alias.name}" also holds IPv6 entries, which vseg ignores`]
    : [];
  return ok({
    kind: 'alias',
    text,
    ref: `alias:${alias.alias.name}`,
    label: `alias ${alias.alias.name} (${formatAddressSet(alias.addresses, 4)})`,
    set: alias.addresses,
    notes,
    key: alias.alias.key,
  });
}

function outsideEndpoint(idx: SiteIndex, text: string): Parsed<Endpoint> {
  const set = idx.locationSets.get(OUTSIDE) ?? IntervalSet.EMPTY;
  if (set.isEmpty) return fail('every address belongs to some network: there is no outside');
  return ok({kind: 'outside', text, ref: 'outside', label: 'outside (any address in no network)', set, notes: []});
}

function ipEndpoint(text: string, spec: string): Parsed<Endpoint> {
  if (looksLikeIpv6(spec)) return fail(IPV6_UNSUPPORTED);
  const p = parseAddressList(spec);
  if (!p.ok) return p;
  const set = p.value.set;
  const single = set.size() === 1;
  const notes = p.value.specs.some((s) => s.hostBitsSet)
    ? [`${spec} has host bits set: judged as the whole block`]
    : [];
  return ok({
    kind: 'ip',
    text,
    ref: `ip:${p.value.specs.map((s) => s.text).join(',')}`,
    label: single ? formatIpv4(set.min) : formatAddressSet(set, 4),
    set,
    notes,
  });
}

/** Resolves one endpoint; errors are sentences for the operator. */
export function resolveEndpoint(site: Site | CompiledSite, input: string): Parsed<Endpoint> {
  const cs = 'index' in site ? site : compileSite(site);
  const idx = cs.index;
  const text = input.trim();
  if (text === '') return fail('an endpoint is required (a VM, vm.nic, IP, CIDR, network, alias or "outside")');
  const colon = text.indexOf(':');
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const rest = colon > 0 ? text.slice(colon + 1).trim() : '';
  switch (prefix) {
    case 'vm':
      return (
        resolveVm(idx, rest, text) ??
        fail(
          `no VM named "${rest}"${didYouMean(
            rest,
            idx.site.vms.map((v) => v.name),
          )}`,
        )
      );
    case 'net':
    case 'network':
    case 'vnet':
      if (OUTSIDE_WORDS.includes(rest.toLowerCase()) && !findNetwork(idx, rest)) return outsideEndpoint(idx, text);
      return (
        networkEndpoint(idx, rest, text) ??
        fail(
          `no network named "${rest}"${didYouMean(
            rest,
            idx.site.networks.map((n) => n.name),
          )}`,
        )
      );
    case 'ip':
      return ipEndpoint(text, rest);
    case 'alias':
      return (
        aliasEndpoint(idx, rest, text) ??
        fail(
          `no alias named "${rest}"${didYouMean(
            rest,
            idx.site.aliases.map((a) => a.name),
          )}`,
        )
      );
    default:
      break;
  }
  if (looksLikeIpv6(text)) return fail(IPV6_UNSUPPORTED);
  if (/^[\d.,/\s-]+$/.test(text)) return ipEndpoint(text, text);

  // Bare name: gather every kind of thing it could mean.
  const candidates: Array<{ref: string; resolve: () => Parsed<Endpoint>}> = [];
  const vm = resolveVm(idx, text, text);
  if (vm && (vm.ok || !/^no /.test(vm.error)))
    candidates.push({ref: vm.ok ? vm.value.ref : `vm:${text}`, resolve: () => vm});
  const net = findNetwork(idx, text);
  if (net) candidates.push({ref: `net:${net.name}`, resolve: () => networkEndpoint(idx, text, text)!});
  const alias = findAlias(idx, text);
  if (alias && !/^\d+$/.test(text))
    candidates.push({ref: `alias:${alias.alias.name}`, resolve: () => aliasEndpoint(idx, text, text)!});
  if (OUTSIDE_WORDS.includes(text.toLowerCase()))
    candidates.push({ref: 'outside', resolve: () => outsideEndpoint(idx, text)});
  if (candidates.length === 1) return candidates[0].resolve();
  if (candidates.length > 1) {
    return fail(`"${text}" is ambiguous: it could be ${candidates.map((c) => c.ref).join(', ')}; write one of those`);
  }
  const names = [
    ...idx.site.vms.map((v) => v.name),
    ...idx.site.networks.map((n) => n.name),
    ...idx.site.aliases.map((a) => a.name),
  ];
  const hint = didYouMean(text, names);
  return fail(
    `nothing is named "${text}"${hint || ': expected a VM, vm.nic, IP, CIDR, range, network, alias or "outside"'}`,
  );
}
