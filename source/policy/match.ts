// Turns a rule's text fields into exact sets, remembering which token (alias
// entry, helper, CIDR …) contributed what, so a trace can say *why* a field
// matched. Anything vseg cannot resolve contributes nothing (it can never
// match) and leaves a Problem behind for lint.
import type {Network, Nic, Vm} from '../domain/model.js';
import {ALL_ADDRESSES, IntervalSet, formatAddressSet, looksLikeIpv6, parseAddressSpec} from '../domain/ip.js';
import {ALL_PORTS, parsePortSpec} from '../domain/ports.js';
import {findAlias, findNetwork, type AliasCompiled, type SiteIndex} from './site-index.js';
import type {Problem} from './types.js';

export type TokenKind =
  | 'ip'
  | 'cidr'
  | 'range'
  | 'alias'
  | 'router'
  | 'vnetself'
  | 'vnet'
  | 'vmnic'
  | 'default'
  | 'ipv6'
  | 'port'
  | 'unknown';

export interface FieldToken {
  raw: string;
  kind: TokenKind;
  set: IntervalSet;
  /** For people: "vnet:db (10.0.2.0/24)". */
  describe: string;
  alias?: AliasCompiled;
}

export interface Field {
  raw: string;
  /** Empty field: matches everything. */
  any: boolean;
  set: IntervalSet;
  tokens: FieldToken[];
  problems: Problem[];
}

export type FieldName = 'source' | 'destination' | 'target' | 'source ports' | 'destination ports' | 'target ports';

function token(raw: string, kind: TokenKind, set: IntervalSet, describe: string, alias?: AliasCompiled): FieldToken {
  return alias ? {raw, kind, set, describe, alias} : {raw, kind, set, describe};
}

function described(raw: string, set: IntervalSet): string {
  return set.isEmpty ? `${raw} (no address)` : `${raw} (${formatAddressSet(set, 4)})`;
}

/** NICs named by `vmnic:<vm>.<nic>`; VM names may hold dots, so every split is tried. */
export function findVmNics(idx: SiteIndex, ref: string): {vms: Vm[]; nics: Nic[]} {
  for (let dot = ref.lastIndexOf('.'); dot > 0; dot = ref.lastIndexOf('.', dot - 1)) {
    const vms = idx.vmsByName.get(ref.slice(0, dot)) ?? [];
    if (vms.length === 0) continue;
    const nicName = ref.slice(dot + 1);
    return {vms, nics: vms.flatMap((vm) => vm.nics.filter((n) => n.name === nicName))};
  }
  return {vms: idx.vmsByName.get(ref) ?? [], nics: []};
}

function resolveAddressToken(
  idx: SiteIndex,
  network: Network,
  raw: string,
  field: FieldName,
  problems: Problem[],
): FieldToken {
  const lower = raw.toLowerCase();
  const problem = (code: string, severity: Problem['severity'], message: string, alias?: number) =>
    problems.push(
      alias === undefined
        ? {code, severity, message: `${field}: ${message}`}
        : {code, severity, message: `${field}: ${message}`, alias},
    );

  if (lower === 'router') {
    const ip = network.routerIp.trim();
    const spec = parseAddressSpec(ip);
    if (!spec.ok) problem('router-without-ip', 'warning', `"router" but ${network.name} has no router address`);
    const set = spec.ok ? IntervalSet.range(spec.value.lo, spec.value.hi) : IntervalSet.EMPTY;
    return token(raw, 'router', set, described('router', set));
  }
  if (lower === 'vnetself') {
    const set = idx.ownAddresses.get(network.key) ?? IntervalSet.EMPTY;
    if (set.isEmpty)
      problem('vnetself-empty', 'warning', `"vnetself" but ${network.name} has no router, DMZ or IP alias address`);
    return token(raw, 'vnetself', set, described('vnetself', set));
  }
  if (lower === 'default') {
    // The UI's "Default" choice for route destinations: every address.
    return token(raw, 'default', ALL_ADDRESSES, 'default (any address)');
  }
  if (lower.startsWith('alias:')) {
    const ref = raw.slice(6).trim();
    const alias = findAlias(idx, ref);
    if (!alias) {
      problem('unknown-alias', 'error', `alias "${ref}" does not exist`);
      return token(raw, 'alias', IntervalSet.EMPTY, `${raw} (missing alias)`);
    }
    const name = `alias:${alias.alias.name}`;
    if (alias.alias.entries.length === 0) {
      problem('never-matches', 'error', `alias "${alias.alias.name}" is empty, so this never matches`, alias.alias.key);
    } else if (alias.addresses.isEmpty) {
      problem(
        'never-matches',
        'error',
        `alias "${alias.alias.name}" holds no IPv4 address, so this never matches`,
        alias.alias.key,
      );
    }
    return token(raw, 'alias', alias.addresses, described(name, alias.addresses), alias);
  }
  if (lower.startsWith('vnet:')) {
    const ref = raw.slice(5).trim();
    const net = findNetwork(idx, ref);
    if (!net) {
      problem('unknown-network', 'error', `network "${ref}" does not exist`);
      return token(raw, 'vnet', IntervalSet.EMPTY, `${raw} (missing network)`);
    }
    const set = idx.cidrSets.get(net.key)!;
    if (set.isEmpty) problem('network-without-cidr', 'warning', `network "${net.name}" has no address block`);
    return token(raw, 'vnet', set, described(`vnet:${net.name}`, set));
  }
  if (lower.startsWith('vmnic:')) {
    const ref = raw.slice(6).trim();
    const {vms, nics} = findVmNics(idx, ref);
    if (vms.length === 0) {
      problem('unknown-vm', 'error', `no VM for "${ref}" (expected vmnic:<vm>.<nic>)`);
      return token(raw, 'vmnic', IntervalSet.EMPTY, `${raw} (missing VM)`);
    }
    if (nics.length === 0) {
      problem('unknown-nic', 'error', `VM "${vms[0].name}" has no NIC "${ref.slice(vms[0].name.length + 1)}"`);
      return token(raw, 'vmnic', IntervalSet.EMPTY, `${raw} (missing NIC)`);
    }
    if (vms.length > 1)
      problem('ambiguous-vm', 'warning', `${vms.length} VMs are named "${vms[0].name}"; all their matching NICs count`);
    const ips = nics.map((n) => idx.nicAddress(n)).filter((ip): ip is number => ip !== null);
    if (ips.length === 0)
      problem('nic-without-ip', 'warning', `NIC ${ref} has no known IPv4 address, so this never matches`);
    const set = IntervalSet.from(ips.map((ip) => [ip, ip] as [number, number]));
    return token(raw, 'vmnic', set, described(raw, set));
  }
  if (looksLikeIpv6(raw)) {
    problem('ipv6', 'info', `"${raw}" is IPv6, which vseg's analysis ignores (IPv4 packets never match it)`);
    return token(raw, 'ipv6', IntervalSet.EMPTY, `${raw} (IPv6, ignored)`);
  }
  const spec = parseAddressSpec(raw);
  if (spec.ok) {
    const set = IntervalSet.range(spec.value.lo, spec.value.hi);
    return token(raw, spec.value.kind, set, spec.value.kind === 'ip' ? raw : described(raw, set));
  }
  if (/^[a-z_][a-z0-9_-]*:/i.test(raw)) {
    problem('unknown-helper', 'warning', `vseg does not know the helper "${raw}"; it is treated as matching nothing`);
  } else {
    problem('bad-address', 'error', spec.error);
  }
  return token(raw, 'unknown', IntervalSet.EMPTY, `${raw} (not understood)`);
}

/**
 * Compiled fields shared by every rule of a site whose field reads the same:
 * a provider's 50,000 rules name a few hundred networks and aliases, and one
 * network may hold thousands of identical rules. A Field is never changed
 * after it is built, so sharing it is safe; the memo lives as long as the
 * site's index.
 */
const memos = new WeakMap<SiteIndex, Map<string, Map<string, Field>>>();

/** The memo of one field name (problems name the field): the rule's text is the key as it came, no new string per lookup. */
function memoOf(idx: SiteIndex, field: string): Map<string, Field> {
  let byField = memos.get(idx);
  if (!byField) memos.set(idx, (byField = new Map<string, Map<string, Field>>()));
  let memo = byField.get(field);
  if (!memo) byField.set(field, (memo = new Map<string, Field>()));
  return memo;
}

/** Drops the memo (rules compiled already keep their fields): see CompiledSite.release. */
export function forgetFields(idx: SiteIndex): void {
  memos.delete(idx);
}

/** Nothing is frozen here for speed's sake: callers never change a Field, its tokens or its problems. */
const NO_PROBLEMS: Problem[] = [];
const NO_TOKENS: FieldToken[] = [];

/** Helpers whose addresses are the rule's own network's. */
const OWN_HELPERS = /router|vnetself/i;

/** An address field (source/destination/target) of a rule owned by `network`. */
export function compileAddressField(idx: SiteIndex, network: Network, raw: string, field: FieldName): Field {
  // `router` and `vnetself` mean this network's own addresses (and name it in their problems).
  const memo = OWN_HELPERS.test(raw) ? memoOf(idx, `${field}\0${network.key}`) : memoOf(idx, field);
  let f = memo.get(raw);
  if (!f) memo.set(raw, (f = buildAddressField(idx, network, raw, field)));
  return f;
}

function buildAddressField(idx: SiteIndex, network: Network, raw: string, field: FieldName): Field {
  const text = raw.trim();
  if (text === '') return {raw, any: true, set: ALL_ADDRESSES, tokens: NO_TOKENS, problems: NO_PROBLEMS};
  const problems: Problem[] = [];
  const tokens = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((t) => resolveAddressToken(idx, network, t, field, problems));
  let set = IntervalSet.EMPTY;
  for (const t of tokens) set = set.union(t.set);
  return {raw, any: false, set, tokens, problems: problems.length === 0 ? NO_PROBLEMS : problems};
}

/** A port field (source/destination/target ports); aliases may hold ports. */
export function compilePortField(idx: SiteIndex, raw: string, field: FieldName): Field {
  const memo = memoOf(idx, field);
  let f = memo.get(raw);
  if (!f) memo.set(raw, (f = buildPortField(idx, raw, field)));
  return f;
}

function buildPortField(idx: SiteIndex, raw: string, field: FieldName): Field {
  const text = raw.trim();
  if (text === '') return {raw, any: true, set: ALL_PORTS, tokens: NO_TOKENS, problems: NO_PROBLEMS};
  const problems: Problem[] = [];
  // map, not push: a pushed-to array keeps room for 17 entries, and compiled fields are kept.
  const tokens = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((part) => portToken(idx, part, field, problems));
  let set = IntervalSet.EMPTY;
  for (const t of tokens) set = set.union(t.set);
  return {raw, any: false, set, tokens, problems: problems.length === 0 ? NO_PROBLEMS : problems};
}

function portToken(idx: SiteIndex, part: string, field: FieldName, problems: Problem[]): FieldToken {
  if (part.toLowerCase().startsWith('alias:')) {
    const ref = part.slice(6).trim();
    const alias = findAlias(idx, ref);
    if (!alias) {
      problems.push({code: 'unknown-alias', severity: 'error', message: `${field}: alias "${ref}" does not exist`});
      return token(part, 'alias', IntervalSet.EMPTY, `${part} (missing alias)`);
    }
    if (alias.ports.isEmpty) {
      problems.push({
        code: 'never-matches',
        severity: 'error',
        message: `${field}: alias "${alias.alias.name}" holds no port, so this never matches`,
        alias: alias.alias.key,
      });
    }
    return token(
      part,
      'alias',
      alias.ports,
      `alias:${alias.alias.name} (${alias.ports.isEmpty ? 'no port' : alias.ports.toString()})`,
      alias,
    );
  }
  const p = parsePortSpec(part);
  if (p.ok) return token(part, 'port', IntervalSet.range(p.value.lo, p.value.hi), p.value.text);
  problems.push({code: 'bad-port', severity: 'error', message: `${field}: ${p.error}`});
  return token(part, 'unknown', IntervalSet.EMPTY, `${part} (not a port)`);
}

/** What matched one value of a field: the token, and for an alias the entry. */
export interface TokenMatch {
  token: string;
  describe: string;
  alias?: {key: number; name: string; entry: string; label: string};
}

/** The first token (and alias entry) of a field that holds `value`; null for an empty field. */
export function whichToken(field: Field, value: number): TokenMatch | null {
  if (field.any) return null;
  for (const t of field.tokens) {
    if (!t.set.has(value)) continue;
    if (t.alias) {
      const entry = t.alias.entries.find((e) => e.set.has(value));
      if (entry) {
        return {
          token: t.raw,
          describe: t.describe,
          alias: {key: t.alias.alias.key, name: t.alias.alias.name, entry: entry.value, label: entry.label},
        };
      }
    }
    return {token: t.raw, describe: t.describe};
  }
  return null;
}
