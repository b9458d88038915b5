// The two ends of a flow as the rules wizard writes them: which networks the
// addresses live in (one router per network judges them) and the text that
// goes into a rule's source_ip / destination_ip. The syntax is the one of
// `vseg why`: net:web (or web), vm:web-01, vm:web-01.nic0, alias:admins,
// ip:10.0.0.0/24 (or the address itself), outside.
import {cidrRange, parseAddressList, parseCidr, type Parsed} from '../ip.js';
import type {Network, Nic, Site, Vm} from '../model.js';
import {derivedNetworkKeys} from '../sitefile/from-site.js';
import {slug} from './names.js';

export interface EndpointPart {
  /** The internal network these addresses live in; null when outside every internal network. */
  network: Network | null;
  /** These addresses in rule syntax ('' = any). */
  text: string;
}

export interface FlowEndpoint {
  input: string;
  kind: 'network' | 'vm' | 'nic' | 'alias' | 'ip' | 'outside';
  /** For people: "network web", "VM web-01", "alias admins". */
  label: string;
  /** For derived rule names. */
  slug: string;
  /** The whole endpoint in rule syntax ('' = any address). */
  ruleText: string;
  /** Where its addresses live. */
  parts: EndpointPart[];
  /** The endpoint for the policy evaluator (`vseg why` syntax). */
  whyText: string;
}

const OUTSIDE_WORDS = ['outside', 'any', 'internet'];

const ok = <T>(value: T): Parsed<T> => ({ok: true, value});
const fail = <T>(error: string): Parsed<T> => ({ok: false, error});

/** Internal networks, most specific CIDR first (so an address lands in the smallest block holding it). */
function internalNetworks(site: Site): Network[] {
  const derived = derivedNetworkKeys(site);
  return site.networks
    .filter((n) => n.type === 'internal' && n.cidr !== '' && !derived.has(n.key))
    .sort((a, b) => prefixOf(b.cidr) - prefixOf(a.cidr));
}

function prefixOf(cidr: string): number {
  const c = parseCidr(cidr);
  return c.ok ? c.value.prefix : 0;
}

/** The internal network whose block holds the whole spec (an IP, CIDR or range), or null. */
export function networkOf(site: Site, spec: string): Network | null {
  const p = parseAddressList(spec);
  if (!p.ok) return null;
  const [lo, hi] = [p.value.set.min, p.value.set.max];
  for (const n of internalNetworks(site)) {
    const c = parseCidr(n.cidr);
    if (!c.ok) continue;
    const [nl, nh] = cidrRange(c.value);
    if (nl <= lo && hi <= nh) return n;
  }
  return null;
}

/** A NIC's address: the one it reports, else its static lease on its network. */
export function nicAddress(site: Site, nic: Nic): string {
  if (nic.ip) return nic.ip;
  const lease = site.addresses.find(
    (a) => a.vnet === nic.vnet && a.mac !== '' && a.mac.toLowerCase() === nic.mac.toLowerCase() && a.type === 'static',
  );
  return lease?.ip ?? '';
}

function group(site: Site, specs: readonly string[]): EndpointPart[] {
  const byNet = new Map<number | null, {network: Network | null; texts: string[]}>();
  for (const s of specs) {
    const n = networkOf(site, s);
    const k = n?.key ?? null;
    const g = byNet.get(k) ?? {network: n, texts: []};
    g.texts.push(s);
    byNet.set(k, g);
  }
  return [...byNet.values()].map((g) => ({network: g.network, text: g.texts.join(',')}));
}

function vmEndpoint(site: Site, input: string, name: string): Parsed<FlowEndpoint> | undefined {
  const dot = name.lastIndexOf('.');
  let vm: Vm | undefined = site.vms.find((v) => v.name === name);
  let nic: Nic | undefined;
  if (!vm && dot > 0) {
    vm = site.vms.find((v) => v.name === name.slice(0, dot));
    nic = vm?.nics.find((n) => n.name === name.slice(dot + 1));
    if (vm && !nic)
      return fail(
        `VM ${vm.name} has no NIC named "${name.slice(dot + 1)}" (NICs: ${vm.nics.map((n) => n.name).join(', ') || 'none'})`,
      );
  }
  if (!vm) return undefined;
  if (site.vms.filter((v) => v.name === vm.name).length > 1)
    return fail(`more than one VM is named "${vm.name}"; use an address instead`);
  const nics = nic ? [nic] : vm.nics.filter((n) => n.enabled && n.vnet !== null);
  const addresses = nics.map((n) => nicAddress(site, n)).filter((a) => a !== '');
  if (addresses.length === 0)
    return fail(
      `no address is known for ${nic ? `${vm.name}.${nic.name}` : `VM ${vm.name}`} (no reported IP and no static lease)`,
    );
  const label = nic ? `NIC ${vm.name}.${nic.name}` : `VM ${vm.name}`;
  return ok({
    input,
    kind: nic ? 'nic' : 'vm',
    label,
    slug: slug(nic ? `${vm.name}-${nic.name}` : vm.name),
    ruleText: addresses.join(','),
    parts: group(site, addresses),
    whyText: `vm:${vm.name}${nic ? `.${nic.name}` : ''}`,
  });
}

function networkEndpoint(site: Site, input: string, name: string): Parsed<FlowEndpoint> | undefined {
  const n = site.networks.find((x) => x.name === name);
  if (!n) return undefined;
  if (n.type !== 'internal') {
    if (n.type === 'external')
      return ok({
        input,
        kind: 'outside',
        label: `network ${n.name} (external)`,
        slug: slug(n.name),
        ruleText: n.cidr,
        parts: [{network: null, text: n.cidr}],
        whyText: `net:${n.name}`,
      });
    return fail(
      `network ${n.name} is of type ${n.type}; flows are between internal networks, VMs, aliases and addresses`,
    );
  }
  if (derivedNetworkKeys(site).has(n.key))
    return fail(`network ${n.name} is managed by VergeOS (a tenant or port-mirror network)`);
  if (!n.cidr) return fail(`network ${n.name} has no address block (CIDR)`);
  return ok({
    input,
    kind: 'network',
    label: `network ${n.name}`,
    slug: slug(n.name),
    ruleText: n.cidr,
    parts: [{network: n, text: ''}],
    whyText: `net:${n.name}`,
  });
}

function aliasEndpoint(site: Site, input: string, name: string): Parsed<FlowEndpoint> | undefined {
  const a = site.aliases.find((x) => x.name === name);
  if (!a) return undefined;
  const addresses = a.entries.map((e) => e.value).filter((v) => parseAddressList(v).ok);
  if (addresses.length === 0) return fail(`alias ${a.name} holds no addresses (only ports?)`);
  return ok({
    input,
    kind: 'alias',
    label: `alias ${a.name}`,
    slug: slug(a.name),
    ruleText: `alias:${a.name}`,
    parts: group(site, addresses).map((p) => ({...p, text: `alias:${a.name}`})),
    whyText: `alias:${a.name}`,
  });
}

function ipEndpoint(site: Site, input: string, text: string): Parsed<FlowEndpoint> {
  const p = parseAddressList(text);
  if (!p.ok) return fail(p.error);
  const hostBits = p.value.specs.find((s) => s.hostBitsSet);
  if (hostBits)
    return fail(
      `${hostBits.text.replace(/\/\d+$/, '')}… has host bits set; write the block's first address (e.g. ${hostBits.text})`,
    );
  const specs = p.value.specs.map((s) => s.text);
  return ok({
    input,
    kind: 'ip',
    label: specs.join(','),
    slug: slug(specs.join('-')),
    ruleText: specs.join(','),
    parts: group(site, specs),
    whyText: `ip:${specs.join(',')}`,
  });
}

/** Resolves one end of a flow; errors are sentences for the operator. */
export function resolveFlowEndpoint(site: Site, input: string): Parsed<FlowEndpoint> {
  const text = input.trim();
  if (text === '') return fail('required: a network, vm:NAME, alias:NAME, an address or "outside"');
  const colon = text.indexOf(':');
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const rest = colon > 0 ? text.slice(colon + 1).trim() : text;
  if (OUTSIDE_WORDS.includes(text.toLowerCase())) {
    return ok({
      input,
      kind: 'outside',
      label: 'outside (any address)',
      slug: 'any',
      ruleText: '',
      parts: [{network: null, text: ''}],
      whyText: 'outside',
    });
  }
  switch (prefix) {
    case 'net':
    case 'network':
    case 'vnet':
      return networkEndpoint(site, input, rest) ?? fail(`no network named "${rest}"`);
    case 'vm':
      return vmEndpoint(site, input, rest) ?? fail(`no VM named "${rest}"`);
    case 'alias':
      return aliasEndpoint(site, input, rest) ?? fail(`no alias named "${rest}"`);
    case 'ip':
      return ipEndpoint(site, input, rest);
  }
  return (
    networkEndpoint(site, input, text) ??
    vmEndpoint(site, input, text) ??
    aliasEndpoint(site, input, text) ??
    (/^[\d.,/\s-]+$/.test(text) ? ipEndpoint(site, input, text) : fail(`"${text}" is no network, VM, alias or address`))
  );
}
