// Step 1, design the topology: one internal network per workload (the
// article's web / database / management / development, or the operator's own
// list), a non-overlapping block for each proposed from a base block, router
// address, DHCP range, DNS and default gateway; then optionally move chosen VM
// NICs onto the new networks and power the networks on.
import {z} from 'zod';
import type {ActionStep, KeyOrRef, Step, UpdateStep} from '../changes/types.js';
import {
  cidrOverlaps,
  cidrRange,
  formatIpv4,
  freeBlocks,
  hostRange,
  parseCidr,
  parseIpv4,
  parseRange,
  validateCidr,
  validateIp,
} from '../ip.js';
import type {Network, Nic, Site, Vm} from '../model.js';
import {derivedNetworkKeys} from '../sitefile/from-site.js';
import {NETWORK_DEFAULTS, type NetworkSpec} from '../sitefile/schema.js';
import {duplicatesOf, nameError, splitWords, textError} from './names.js';
import {buildReview} from './review.js';
import {assemble, diffDoc, docFor, networkKeyOf} from './site-plan.js';
import type {PlanContext, ReviewLine, WizardPlan} from './types.js';

const networkAnswer = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  cidr: z.string().optional(),
  routerIp: z.string().optional(),
  gateway: z.string().optional(),
  /** "first-last"; "" turns DHCP off for this network. */
  dhcpRange: z.string().optional(),
  dmzIp: z.string().optional(),
});

export const topologySchema = z.strictObject({
  template: z.enum(['article', 'custom']).default('article'),
  baseBlock: z.string().default('10.10.0.0/16'),
  prefix: z.number().int().min(8).max(30).default(24),
  dns: z.string().default('1.1.1.1,9.9.9.9'),
  dhcp: z.boolean().default(true),
  defaultGateway: z.string().optional(),
  networks: z.array(networkAnswer).optional(),
  nics: z.array(z.strictObject({nic: z.string(), network: z.string()})).default([]),
  powerOn: z.boolean().default(true),
});
export type TopologyAnswers = z.output<typeof topologySchema>;
export type NetworkAnswer = z.output<typeof networkAnswer>;

/** The article's four workloads. */
export const ARTICLE_NETWORKS: ReadonlyArray<{name: string; description: string}> = [
  {name: 'web', description: 'Web servers'},
  {name: 'db', description: 'Databases'},
  {name: 'mgmt', description: 'Management and jump hosts'},
  {name: 'dev', description: 'Development'},
];

export interface ResolvedNetwork {
  name: string;
  description: string;
  existing?: Network;
  cidr: string;
  routerIp: string;
  gateway: string;
  dhcp: {enabled: boolean; start: string; stop: string};
  dmzIp: string;
  dnsList: string;
  defaultGateway: string | null;
  /** The fields vseg proposed (not given in the answers). */
  proposed: string[];
}

export function networkAnswers(a: TopologyAnswers): NetworkAnswer[] {
  // Template descriptions apply to new networks only (resolveTopology): an existing one keeps its own.
  return a.networks ?? (a.template === 'article' ? ARTICLE_NETWORKS.map((n) => ({name: n.name})) : []);
}

/** Networks whose address blocks a new network must not overlap (all but `except`). */
export function takenBlocks(site: Site, except: string): string[] {
  return [
    ...site.networks.filter((n) => n.name !== except && n.cidr !== '').map((n) => n.cidr),
    ...site.blocks.map((b) => b.cidr),
  ];
}

/** A DHCP range in the middle of a block: .100–.200 of a /24, the same proportion elsewhere. */
export function proposeDhcp(cidr: string, routerIp: string): {start: string; stop: string} | null {
  const c = parseCidr(cidr);
  if (!c.ok || c.value.prefix > 29) return null;
  const [lo, hi] = cidrRange(c.value);
  const size = hi - lo + 1;
  let start = lo + Math.max(2, Math.round((size * 100) / 256));
  const stop = Math.min(hi - 1, lo + Math.round((size * 200) / 256));
  if (formatIpv4(start) === routerIp) start += 1;
  return start <= stop ? {start: formatIpv4(start), stop: formatIpv4(stop)} : null;
}

/** The next free address next to the site's DMZ addresses (VergeOS routes between networks through them). */
export function proposeDmz(site: Site, taken: ReadonlySet<string>): string {
  const dmz = site.networks.map((n) => n.dmzIp).filter((ip) => parseIpv4(ip) !== null);
  if (dmz.length === 0) return '';
  const block = Math.floor(parseIpv4(dmz[0])! / 256) * 256;
  const used = new Set([...dmz, ...taken, ...site.networks.map((n) => n.routerIp)]);
  for (let i = 2; i < 255; i++) {
    const ip = formatIpv4(block + i);
    if (!used.has(ip)) return ip;
  }
  return '';
}

export function externalNetworks(site: Site): Network[] {
  return site.networks.filter((n) => n.type === 'external');
}

/** Every network of the answers with the values vseg proposes where the answers are silent. */
export function resolveTopology(site: Site, a: TopologyAnswers): ResolvedNetwork[] {
  const answers = networkAnswers(a);
  const explicit = answers
    .map((n) => n.cidr ?? site.networks.find((x) => x.name === n.name)?.cidr ?? '')
    .filter((c) => c !== '');
  const planned: string[] = [];
  const dmzTaken = new Set<string>(answers.map((n) => n.dmzIp ?? '').filter((x) => x !== ''));
  const externals = externalNetworks(site);
  const gateway = a.defaultGateway ?? (externals.length === 1 ? externals[0].name : null);
  return answers.map((n): ResolvedNetwork => {
    const existing = site.networks.find((x) => x.name === n.name);
    const proposed: string[] = [];
    let cidr = n.cidr ?? existing?.cidr ?? '';
    if (cidr === '') {
      const free = freeBlocks(a.baseBlock, a.prefix, [...takenBlocks(site, n.name), ...explicit, ...planned], 1);
      cidr = free.ok ? free.value[0] : '';
      proposed.push('cidr');
    }
    if (cidr !== '') planned.push(cidr);
    const hosts = hostRange(cidr);
    let routerIp = n.routerIp ?? existing?.routerIp ?? '';
    if (routerIp === '' && hosts.ok) {
      routerIp = hosts.value.first;
      proposed.push('routerIp');
    }
    const gatewayIp = n.gateway ?? existing?.gateway ?? routerIp;
    let dhcp: ResolvedNetwork['dhcp'];
    if (n.dhcpRange !== undefined) {
      const r = n.dhcpRange.trim() === '' ? null : parseRange(n.dhcpRange);
      dhcp =
        r && r.ok
          ? {enabled: true, start: formatIpv4(r.value[0]), stop: formatIpv4(r.value[1])}
          : {enabled: false, start: '', stop: ''};
    } else if (existing) {
      dhcp = {enabled: existing.dhcpEnabled, start: existing.dhcpStart, stop: existing.dhcpStop};
    } else {
      const p = a.dhcp ? proposeDhcp(cidr, routerIp) : null;
      dhcp = p ? {enabled: true, ...p} : {enabled: false, start: '', stop: ''};
      if (p) proposed.push('dhcpRange');
    }
    let dmzIp = n.dmzIp ?? existing?.dmzIp ?? '';
    if (dmzIp === '' && !existing) {
      dmzIp = proposeDmz(site, dmzTaken);
      if (dmzIp !== '') {
        dmzTaken.add(dmzIp);
        proposed.push('dmzIp');
      }
    }
    const liveGateway =
      existing?.defaultGateway != null
        ? (site.networks.find((x) => x.key === existing.defaultGateway)?.name ?? null)
        : null;
    return {
      name: n.name,
      description:
        n.description ?? existing?.description ?? ARTICLE_NETWORKS.find((x) => x.name === n.name)?.description ?? '',
      existing,
      cidr,
      routerIp,
      gateway: gatewayIp,
      dhcp,
      dmzIp,
      dnsList: existing ? existing.dnsList : a.dns,
      defaultGateway: existing ? liveGateway : gateway,
      proposed,
    };
  });
}

// ---------------------------------------------------------------------------
// Field validators (shared by the console forms and the answer file)

export function validateBaseBlock(text: string): string | undefined {
  const c = validateCidr(text);
  return c.ok ? undefined : c.error;
}

export function validatePrefix(prefix: number | undefined, base: string): string | undefined {
  if (prefix === undefined) return 'a prefix length is required';
  if (!Number.isInteger(prefix) || prefix < 8 || prefix > 30) return 'a prefix length between 8 and 30';
  const b = parseCidr(base);
  if (b.ok && prefix < b.value.prefix) return `a /${prefix} does not fit in ${b.value.text}`;
  return undefined;
}

export function validateDnsList(text: string): string | undefined {
  for (const ip of splitWords(text)) {
    const v = validateIp(ip);
    if (!v.ok) return v.error;
  }
  return undefined;
}

export function validateNetworkNames(site: Site, names: readonly string[]): string | undefined {
  if (names.length === 0) return 'list at least one network';
  for (const n of names) {
    const e = nameError('network', n);
    if (e) return `${n}: ${e}`;
  }
  const dup = duplicatesOf(names);
  if (dup.length > 0) return `${dup.join(', ')} listed twice`;
  const derived = derivedNetworkKeys(site);
  for (const n of names) {
    const live = site.networks.find((x) => x.name === n);
    if (live && live.type !== 'internal') return `${n} is a network of type ${live.type}; choose another name`;
    if (live && derived.has(live.key)) return `${n} is managed by VergeOS (a tenant or mirror network)`;
  }
  return undefined;
}

/** A network's block: valid, no host bits, overlapping neither the site's other networks nor the other answers. */
export function validateNetworkCidr(
  site: Site,
  name: string,
  cidr: string,
  others: ReadonlyArray<{name: string; cidr: string}>,
): string | undefined {
  const c = validateCidr(cidr);
  if (!c.ok) return c.error;
  const p = parseCidr(cidr);
  if (p.ok && p.value.prefix > 29) return 'a network needs at least a /29 (router, DHCP and hosts)';
  for (const n of site.networks) {
    if (n.name === name || n.cidr === '' || others.some((o) => o.name === n.name)) continue;
    if (cidrOverlaps(cidr, n.cidr)) return `overlaps network ${n.name} (${n.cidr})`;
  }
  for (const b of site.blocks) if (cidrOverlaps(cidr, b.cidr)) return `overlaps the network block ${b.cidr}`;
  for (const o of others) {
    if (o.name === name || o.cidr.trim() === '') continue;
    if (cidrOverlaps(cidr, o.cidr)) return `overlaps ${o.name} (${o.cidr})`;
  }
  return undefined;
}

function insideHosts(ip: string, cidr: string): string | undefined {
  const n = parseIpv4(ip);
  const c = parseCidr(cidr);
  if (n === null || !c.ok) return undefined;
  const [lo, hi] = cidrRange(c.value);
  if (n < lo || n > hi) return `not inside ${c.value.text}`;
  if (c.value.prefix < 31 && (n === lo || n === hi))
    return `${ip} is the ${n === lo ? 'network' : 'broadcast'} address of ${c.value.text}`;
  return undefined;
}

export function validateRouterIp(ip: string, cidr: string): string | undefined {
  const v = validateIp(ip);
  if (!v.ok) return v.error;
  return insideHosts(ip, cidr);
}

export function validateDhcpRange(text: string, cidr: string, routerIp: string): string | undefined {
  if (text.trim() === '') return undefined;
  const r = parseRange(text);
  if (!r.ok) return r.error;
  const [lo, hi] = r.value;
  const first = insideHosts(formatIpv4(lo), cidr);
  if (first) return first;
  const last = insideHosts(formatIpv4(hi), cidr);
  if (last) return last;
  const router = parseIpv4(routerIp);
  if (router !== null && router >= lo && router <= hi) return `contains the router address ${routerIp}`;
  return undefined;
}

export function validateDmzIp(site: Site, name: string, ip: string): string | undefined {
  if (ip.trim() === '') return undefined;
  const v = validateIp(ip);
  if (!v.ok) return v.error;
  const other = site.networks.find((n) => n.name !== name && (n.dmzIp === ip || n.routerIp === ip));
  return other ? `already used by network ${other.name}` : undefined;
}

/** "web-01" (a VM with one NIC) or "web-01.nic0". */
export function findNic(site: Site, text: string): {vm: Vm; nic: Nic} | string {
  const t = text.trim();
  if (t === '') return 'a VM or VM.NIC is required';
  const whole = site.vms.filter((v) => v.name === t);
  if (whole.length > 1) return `more than one VM is named "${t}"`;
  if (whole.length === 1) {
    const vm = whole[0];
    if (vm.nics.length !== 1)
      return `${vm.name} has ${vm.nics.length} NICs: name one (${vm.nics.map((n) => `${vm.name}.${n.name}`).join(', ') || 'none'})`;
    return {vm, nic: vm.nics[0]};
  }
  const dot = t.lastIndexOf('.');
  const vm = dot > 0 ? site.vms.find((v) => v.name === t.slice(0, dot)) : undefined;
  if (!vm) return `no VM named "${dot > 0 ? t.slice(0, dot) : t}"`;
  const nic = vm.nics.find((n) => n.name === t.slice(dot + 1));
  return nic
    ? {vm, nic}
    : `${vm.name} has no NIC "${t.slice(dot + 1)}" (NICs: ${vm.nics.map((n) => n.name).join(', ') || 'none'})`;
}

export function validateTopologyAnswers(site: Site, a: TopologyAnswers): string[] {
  const problems: string[] = [];
  const add = (where: string, e: string | undefined) => void (e && problems.push(`${where}: ${e}`));
  add('baseBlock', validateBaseBlock(a.baseBlock));
  add('prefix', validatePrefix(a.prefix, a.baseBlock));
  add('dns', validateDnsList(a.dns));
  const answers = networkAnswers(a);
  if (a.template === 'custom' && a.networks === undefined)
    problems.push('networks: the custom template needs a list of networks');
  add(
    'networks',
    validateNetworkNames(
      site,
      answers.map((n) => n.name),
    ),
  );
  if (a.defaultGateway !== undefined && !site.networks.some((n) => n.name === a.defaultGateway))
    add('defaultGateway', `no network named "${a.defaultGateway}"`);
  if (problems.length > 0) return problems;
  const resolved = resolveTopology(site, a);
  const blocks = resolved.map((r) => ({name: r.name, cidr: r.cidr}));
  for (const r of resolved) {
    const where = `network ${r.name}`;
    const ans = answers.find((n) => n.name === r.name)!;
    if (r.cidr === '') {
      problems.push(`${where}: no free /${a.prefix} left in ${a.baseBlock}; give a cidr or another base block`);
      continue;
    }
    add(`${where} / description`, textError(r.description));
    if (!r.existing || ans.cidr !== undefined)
      add(`${where} / cidr`, validateNetworkCidr(site, r.name, r.cidr, blocks));
    add(`${where} / routerIp`, validateRouterIp(r.routerIp, r.cidr));
    if (ans.gateway !== undefined) add(`${where} / gateway`, validateRouterIp(ans.gateway, r.cidr));
    if (r.dhcp.enabled)
      add(`${where} / dhcpRange`, validateDhcpRange(`${r.dhcp.start}-${r.dhcp.stop}`, r.cidr, r.routerIp));
    if (ans.dhcpRange !== undefined && ans.dhcpRange.trim() !== '' && !parseRange(ans.dhcpRange).ok)
      add(`${where} / dhcpRange`, validateDhcpRange(ans.dhcpRange, r.cidr, r.routerIp));
    if (ans.dmzIp !== undefined) add(`${where} / dmzIp`, validateDmzIp(site, r.name, ans.dmzIp));
  }
  const dmz = duplicatesOf(resolved.map((r) => r.dmzIp).filter((x) => x !== ''));
  if (dmz.length > 0) problems.push(`dmzIp: ${dmz.join(', ')} given to more than one network`);
  const names = new Set([...resolved.map((r) => r.name)]);
  const seen = new Set<number>();
  a.nics.forEach((m, i) => {
    const found = findNic(site, m.nic);
    if (typeof found === 'string') return add(`nics[${i + 1}]`, found);
    if (seen.has(found.nic.key)) add(`nics[${i + 1}]`, `${m.nic} is moved twice`);
    seen.add(found.nic.key);
    if (!names.has(m.network) && !site.networks.some((n) => n.name === m.network && n.type === 'internal'))
      add(`nics[${i + 1}]`, `no internal network named "${m.network}" (on the site or in the answers)`);
  });
  return problems;
}

// ---------------------------------------------------------------------------
// Plan

function specFor(r: ResolvedNetwork, live: NetworkSpec | undefined, ans: NetworkAnswer): NetworkSpec {
  if (live) {
    // An existing network is reused as it is; only what the answers name explicitly changes.
    return {
      ...live,
      description: ans.description ?? live.description,
      cidr: ans.cidr ?? live.cidr,
      routerIp: ans.routerIp ?? live.routerIp,
      gateway: ans.gateway ?? live.gateway,
      dmzIp: ans.dmzIp ?? live.dmzIp,
      dhcp: ans.dhcpRange !== undefined ? r.dhcp : live.dhcp,
    };
  }
  return {
    ...NETWORK_DEFAULTS,
    name: r.name,
    type: 'internal',
    description: r.description,
    cidr: r.cidr,
    routerIp: r.routerIp,
    dmzIp: r.dmzIp,
    gateway: r.gateway,
    defaultGateway: r.defaultGateway,
    interfaceNetwork: null,
    dhcp: r.dhcp,
    dns: 'simple',
    dnsList: r.dnsList,
    rules: [],
    wireguard: [],
    ipsec: [],
  };
}

export function planTopology(site: Site, a: TopologyAnswers, ctx: PlanContext): WizardPlan {
  const title = 'Topology wizard';
  const errors = validateTopologyAnswers(site, a);
  const resolved = errors.length === 0 ? resolveTopology(site, a) : [];
  const answers = networkAnswers(a);
  const doc = docFor(
    site,
    resolved.filter((r) => r.existing).map((r) => r.name),
  );
  doc.networks = resolved.map((r) =>
    specFor(
      r,
      doc.networks.find((n) => n.name === r.name),
      answers.find((n) => n.name === r.name)!,
    ),
  );
  const sitePlan = errors.length === 0 ? diffDoc(site, doc, title) : undefined;
  if (sitePlan) errors.push(...sitePlan.errors);
  const warnings: string[] = [];
  const extra: Step[] = [];
  const objects: ReviewLine[] = [];
  const after = sitePlan
    ? {
        ...sitePlan.after,
        networks: sitePlan.after.networks.map((n) => ({...n})),
        vms: site.vms.map((v) => ({...v, nics: v.nics.map((c) => ({...c}))})),
      }
    : site;

  if (errors.length === 0) {
    for (const r of resolved) {
      if (r.existing && r.proposed.length === 0 && !r.existing.running && !a.powerOn)
        warnings.push(`network ${r.name} exists but is not running`);
      if (!a.powerOn || (r.existing && r.existing.running)) continue;
      const vnet = networkKeyOf(site, r.name);
      const step: ActionStep = {
        kind: 'action',
        id: `power on network ${r.name}`,
        // Said in the title: the start loads what is staged (params.apply, VERGEOS-API.md §8.1 #1).
        title: `Power on network ${r.name} ${r.existing?.needFwApply ? '(its staged rules go live)' : 'with Apply Rules'}`,
        table: 'vnet_actions',
        body: {vnet, action: 'poweron', params: {apply: true}},
        waitFor: {table: 'vnets', key: vnet, field: 'machine#status#running', equals: true},
      };
      extra.push(step);
      const n = after.networks.find((x) => x.name === r.name);
      if (n) Object.assign(n, {running: true, status: 'running'});
    }
    for (const m of a.nics) {
      const found = findNic(site, m.nic);
      if (typeof found === 'string') continue;
      const target = site.networks.find((n) => n.name === m.network);
      const from = site.networks.find((n) => n.key === found.nic.vnet)?.name ?? 'no network';
      const label = `${found.vm.name}.${found.nic.name}`;
      if (target && found.nic.vnet === target.key) {
        objects.push({kind: 'note', text: `  = ${label} is already on ${m.network}`});
        continue;
      }
      const vnet: KeyOrRef = target ? target.key : {ref: `network:${m.network}`};
      const step: UpdateStep = {
        kind: 'update',
        id: `move nic ${label}`,
        title: `Move ${label} to ${m.network} (from ${from})`,
        table: 'machine_nics',
        key: found.nic.key,
        body: {vnet},
      };
      extra.push(step);
      if (found.vm.running)
        warnings.push(
          `${found.vm.name} is running: after the move its address on ${m.network} comes from DHCP (renew the lease) or needs setting in the guest`,
        );
      const vm = after.vms.find((v) => v.key === found.vm.key);
      const nic = vm?.nics.find((c) => c.key === found.nic.key);
      const afterNet = after.networks.find((n) => n.name === m.network);
      if (nic && afterNet) Object.assign(nic, {vnet: afterNet.key, ip: ''});
    }
    for (const r of resolved) {
      const proposed = r.proposed.length > 0 ? ` (proposed: ${r.proposed.join(', ')})` : '';
      const dhcp = r.dhcp.enabled ? `DHCP ${r.dhcp.start}–${r.dhcp.stop}` : 'no DHCP';
      objects.push({
        kind: 'field',
        text:
          `      ${r.name}: ${r.cidr}, router ${r.routerIp}, ${dhcp}, DMZ ${r.dmzIp || '(VergeOS assigns)'}, gateway network ` +
          `${r.defaultGateway ?? '(none)'}${r.existing ? ' — exists, reused' : proposed}`,
      });
    }
  }
  const {changePlan, touched} = assemble({
    title,
    sitePlan: errors.length === 0 ? sitePlan : undefined,
    secrets: ctx.secrets.source(),
    extra,
  });
  const notes = resolved.some((r) => !r.existing)
    ? [
        'new networks accept nothing from each other until the rules wizard allows a flow (internal networks drop incoming traffic by default)',
      ]
    : [];
  const review = buildReview({
    title,
    sitePlan: errors.length === 0 ? sitePlan : undefined,
    changePlan: errors.length === 0 ? changePlan : {title, steps: []},
    after,
    policy: ctx.policy,
    rulesOf: [],
    objects: objects.length > 0 ? [{kind: 'note', text: '  Addressing:'}, ...objects] : [],
    warnings,
    errors,
    touched,
    notes,
  });
  return {
    wizard: 'topology',
    title,
    review,
    changePlan: errors.length === 0 ? changePlan : {title, steps: []},
    errors,
    warnings,
    followUp: [],
    touched,
    after,
    restarts: [],
  };
}
