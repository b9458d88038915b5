// What an answer file can be refused for before the site is read: the values
// themselves (a CIDR like 10.60.0.0/33, an address like 300.1.1.1, ports
// 70000 or 9000-8000, a malformed WireGuard key, names carrying control
// characters), checked with the same functions the wizard pages, the console
// forms and site files use. Whether a network, VM or alias exists is a
// question for the site and is left to each wizard's validate.
import {validateAliasEntryValue} from '../edits/aliases.js';
import {validateInterfaceIp} from '../edits/wireguard.js';
import {parseAddressList, parseRange, validateCidr, validateIp} from '../ip.js';
import {emptySite} from '../model.js';
import {wireguardKeyError} from '../wireguard-keys.js';
import type {AliasAnswers} from './aliases.js';
import type {MonitorAnswers} from './monitor.js';
import {validateTightenPorts} from './monitor.js';
import {nameError, textError} from './names.js';
import type {RulesAnswers} from './rules.js';
import {validateFlowPorts, validateRuleName} from './rules.js';
import {setupSteps, type SetupAnswers} from './setup.js';
import type {TenantAnswers} from './tenants.js';
import {validateTenantName} from './tenants.js';
import type {TopologyAnswers} from './topology.js';
import {
  networkAnswers,
  validateBaseBlock,
  validateDhcpRange,
  validateDnsList,
  validateNetworkCidr,
  validatePrefix,
  validateRouterIp,
} from './topology.js';
import type {WizardName} from './types.js';
import type {VpnAnswers} from './vpn.js';
import {validateHostOrIp, validateProposal, validateSubnets} from './vpn.js';

type Add = (where: string, error: string | undefined) => void;

function collector(): {problems: string[]; add: Add} {
  const problems: string[] = [];
  return {problems, add: (where, error) => void (error && problems.push(`${where}: ${error}`))};
}

/** An address written out (ip:…, or digits, dots, slashes and dashes): it must parse. */
function literalAddressError(text: string): string | undefined {
  const t = text.trim();
  const colon = t.indexOf(':');
  const prefix = colon > 0 ? t.slice(0, colon).toLowerCase() : '';
  const body = prefix === 'ip' ? t.slice(colon + 1).trim() : prefix === '' && /^[\d.,/\s-]+$/.test(t) ? t : undefined;
  if (body === undefined) return textError(t);
  const p = parseAddressList(body);
  return p.ok ? undefined : p.error;
}

function checkRules(a: RulesAnswers): string[] {
  const {problems, add} = collector();
  a.flows.forEach((f, i) => {
    const where = `flows[${i + 1}]`;
    add(`${where} / from`, literalAddressError(f.from));
    add(`${where} / to`, literalAddressError(f.to));
    add(`${where} / ports`, validateFlowPorts(f.protocol, f.ports));
    add(`${where} / name`, validateRuleName(f.name));
  });
  return problems;
}

function checkAliases(a: AliasAnswers): string[] {
  const {problems, add} = collector();
  add('name', nameError('alias', a.name));
  add('description', textError(a.description));
  a.members.forEach((m, i) => {
    const bar = m.indexOf('|');
    const body = (bar >= 0 ? m.slice(0, bar) : m).trim();
    if (bar >= 0) add(`members[${i + 1}]`, textError(m.slice(bar + 1)));
    // vm:NAME, net:NAME and bare names are the site's to resolve; an address or a port is checked here.
    if (/^[\d.,/\s:-]+$/.test(body) && !/^[a-z]+:/i.test(body)) add(`members[${i + 1}]`, validateAliasEntryValue(body));
    else add(`members[${i + 1}]`, textError(body));
  });
  return problems;
}

function checkTenants(a: TenantAnswers): string[] {
  const {problems, add} = collector();
  add('tenant', validateTenantName(a.tenant));
  if (a.description !== undefined) add('description', textError(a.description));
  if (a.block) {
    const c = validateCidr(a.block.cidr);
    add('block / cidr', c.ok ? undefined : c.error);
  }
  if (a.externalIp) {
    const ip = validateIp(a.externalIp.ip);
    add('externalIp / ip', ip.ok ? undefined : ip.error);
  }
  return problems;
}

function checkTopology(a: TopologyAnswers): string[] {
  const {problems, add} = collector();
  add('baseBlock', validateBaseBlock(a.baseBlock));
  add('prefix', validatePrefix(a.prefix, a.baseBlock));
  add('dns', validateDnsList(a.dns));
  const answers = networkAnswers(a);
  const blocks = answers.filter((n) => n.cidr !== undefined).map((n) => ({name: n.name, cidr: n.cidr!}));
  for (const n of answers) {
    const where = `network ${n.name}`;
    add(`${where} / name`, nameError('network', n.name));
    if (n.description !== undefined) add(`${where} / description`, textError(n.description));
    const cidr = n.cidr !== undefined && validateCidr(n.cidr).ok ? n.cidr : undefined;
    // Whether the block is free on the site is the site's question; its form and overlaps in the file are not.
    if (n.cidr !== undefined) add(`${where} / cidr`, validateNetworkCidr(emptySite(), n.name, n.cidr, blocks));
    for (const field of ['routerIp', 'gateway', 'dmzIp'] as const) {
      const ip = n[field];
      if (ip === undefined) continue;
      const v = validateIp(ip);
      add(`${where} / ${field}`, !v.ok ? v.error : cidr && field !== 'dmzIp' ? validateRouterIp(ip, cidr) : undefined);
    }
    if (n.dhcpRange !== undefined && n.dhcpRange.trim() !== '') {
      const r = parseRange(n.dhcpRange);
      add(
        `${where} / dhcpRange`,
        !r.ok ? r.error : cidr ? validateDhcpRange(n.dhcpRange, cidr, n.routerIp ?? '') : undefined,
      );
    }
  }
  return problems;
}

function checkVpn(a: VpnAnswers): string[] {
  const {problems, add} = collector();
  const w = a.wireguard;
  if (w) {
    add('wireguard / name', nameError('WireGuard interface', w.name));
    if (w.address !== undefined) add('wireguard / address', validateInterfaceIp(w.address, {}, emptySite()));
    if (w.endpoint !== undefined) add('wireguard / endpoint', validateHostOrIp(w.endpoint));
    w.peers.forEach((p, i) => {
      const where = `wireguard / peers[${i + 1}]`;
      add(`${where} / name`, nameError('peer', p.name));
      if (p.address !== undefined) {
        const ip = validateIp(p.address);
        add(`${where} / address`, ip.ok ? undefined : ip.error);
      }
      add(`${where} / remoteSubnets`, validateSubnets(p.remoteSubnets, false));
      if (p.endpoint) add(`${where} / endpoint`, validateHostOrIp(p.endpoint));
      if (p.publicKey !== undefined) add(`${where} / publicKey`, wireguardKeyError(p.publicKey));
    });
  }
  const s = a.ipsec;
  if (s) {
    add('ipsec / network', nameError('network', s.network));
    add('ipsec / tunnel', nameError('tunnel', s.tunnel));
    const gw = validateIp(s.remoteGateway);
    add('ipsec / remoteGateway', gw.ok ? undefined : gw.error);
    for (const l of s.localSubnets)
      if (/^[\d./]+$/.test(l.trim())) add('ipsec / localSubnets', validateSubnets(l, false));
    add('ipsec / remoteSubnets', validateSubnets(s.remoteSubnets.join(','), false));
    add('ipsec / ike', validateProposal(s.ike));
    add('ipsec / esp', validateProposal(s.esp));
    if (s.endpoint !== undefined) add('ipsec / endpoint', validateHostOrIp(s.endpoint));
  }
  return problems;
}

function checkMonitor(a: MonitorAnswers): string[] {
  const {problems, add} = collector();
  a.tighten.forEach((t, i) => {
    const where = `tighten[${i + 1}]`;
    if (t.ports !== undefined && t.ports.trim() !== '') add(`${where} / ports`, validateTightenPorts(t.ports));
    if (t.source !== undefined && !t.source.trim().startsWith('alias:') && t.source.trim() !== '') {
      const v = parseAddressList(t.source);
      add(`${where} / source`, v.ok ? undefined : v.error);
    }
  });
  return problems;
}

/** Problems with the answers' own values, one sentence each (empty = nothing the site is needed for). */
export function checkAnswers(name: WizardName, answers: unknown): string[] {
  switch (name) {
    case 'rules':
      return checkRules(answers as RulesAnswers);
    case 'aliases':
      return checkAliases(answers as AliasAnswers);
    case 'tenants':
      return checkTenants(answers as TenantAnswers);
    case 'topology':
      return checkTopology(answers as TopologyAnswers);
    case 'vpn':
      return checkVpn(answers as VpnAnswers);
    case 'monitor':
      return checkMonitor(answers as MonitorAnswers);
    case 'setup':
      return setupSteps(answers as SetupAnswers).flatMap((s) =>
        checkAnswers(s.id, s.answers).map((p) => `${s.id} / ${p}`),
      );
  }
}
