// The what-if question as a form, without React: the endpoints a picker
// offers (VMs, NICs, networks, aliases, outside), the inline checks (an
// endpoint must name exactly one thing, a port needs tcp or udp), `:why`
// arguments turned into initial values, and the values turned into a query.
import {formatIpv4} from '../../../domain/ip.js';
import type {Site} from '../../../domain/model.js';
import {compileSite, parseService, resolveEndpoint, type WhyQuery} from '../../../policy/index.js';
import {
  formErrors,
  formValues,
  initialRaw,
  type FieldDef,
  type FormValues,
  type PickerItem,
} from '../../components/form/fields.js';

export interface WhyInitial {
  from?: string;
  to?: string;
  protocol?: string;
  port?: number;
}

/** Everything a what-if can start from or go to, values in the prefixed form resolveEndpoint reads. */
export function endpointItems(site: Site): PickerItem[] {
  const cs = compileSite(site);
  const items: PickerItem[] = [];
  for (const vm of [...site.vms].sort((a, b) => a.name.localeCompare(b.name))) {
    const nics = vm.nics.filter((n) => n.enabled && n.vnet !== null);
    if (nics.length === 0) continue;
    const named = site.vms.filter((v) => v.name === vm.name).length > 1 ? `#${vm.key}` : vm.name;
    const addresses = nics
      .map((n) => cs.index.nicAddress(n))
      .filter((a): a is number => a !== null)
      .map(formatIpv4);
    items.push({value: `vm:${named}`, label: vm.name, detail: `VM · ${addresses.join(', ') || 'address unknown'}`});
    if (nics.length > 1) {
      for (const nic of nics) {
        const net = site.networks.find((n) => n.key === nic.vnet)?.name ?? '';
        const ip = cs.index.nicAddress(nic);
        items.push({
          value: `vm:${named}.${nic.name}`,
          label: `${vm.name}.${nic.name}`,
          detail: `NIC · ${net}${ip !== null ? ` · ${formatIpv4(ip)}` : ''}`,
        });
      }
    }
  }
  for (const n of [...site.networks].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!n.cidr && !n.routerIp) continue;
    items.push({value: `net:${n.name}`, label: n.name, detail: `network · ${n.type} · ${n.cidr || n.routerIp}`});
  }
  for (const a of [...site.aliases].sort((x, y) => x.name.localeCompare(y.name))) {
    // Port-only aliases name no address to start from or go to.
    if (cs.index.aliasesByKey.get(a.key)?.addresses.isEmpty ?? true) continue;
    items.push({
      value: `alias:${a.name}`,
      label: a.name,
      detail: `alias · ${a.entries
        .map((e) => e.value)
        .slice(0, 3)
        .join(', ')}${a.entries.length > 3 ? ', …' : ''}`,
    });
  }
  items.push({value: 'outside', label: 'outside', detail: 'any address in no network'});
  return items;
}

/** resolveEndpoint's sentences, cut to what fits next to a field. */
function shortError(error: string): string {
  const ambiguous = /is ambiguous: it could be (.*); write one of those/.exec(error);
  if (ambiguous) return `ambiguous: ${ambiguous[1]}`;
  if (error.startsWith('nothing is named')) return 'nothing has that name';
  if (error.startsWith('no VM named') || error.startsWith('no network named') || error.startsWith('no alias named'))
    return error.replace(/ named "(.*)"$/, ' by that name');
  return error;
}

export function endpointError(site: Site, typed: string | undefined, picked: string | undefined): string | undefined {
  const text = (typed ?? '').trim();
  if (text === '') return picked ? undefined : 'choose one, or type one below';
  if (picked) return 'clear the list choice or this';
  const r = resolveEndpoint(site, text);
  return r.ok ? undefined : shortError(r.error);
}

const PROTOCOLS = [
  {value: 'any', label: 'any'},
  {value: 'tcp', label: 'tcp'},
  {value: 'udp', label: 'udp'},
  {value: 'icmp', label: 'icmp'},
];

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function whyFields(site: Site, initial: WhyInitial = {}): FieldDef[] {
  const items = endpointItems(site);
  const pick = (v: string | undefined) => (v !== undefined && items.some((i) => i.value === v) ? v : undefined);
  const typed = (v: string | undefined) => (v !== undefined && pick(v) === undefined ? v : '');
  const hint = 'a VM, vm.nic, IP, CIDR, range, network, alias or outside (net: vm: alias: ip: to disambiguate)';
  return [
    {
      kind: 'picker',
      name: 'from',
      label: 'From',
      items,
      initial: pick(initial.from),
      placeholder: 'none — Enter to choose',
      validate: (v, all) =>
        text(all['fromText'])?.trim() ? undefined : v ? undefined : 'choose one, or type one below',
    },
    {
      kind: 'text',
      name: 'fromText',
      label: '…or type',
      initial: typed(initial.from),
      placeholder: 'e.g. 10.10.1.11',
      hint,
      validate: (v, all) => (v.trim() ? endpointError(site, v, text(all['from'])) : undefined),
    },
    {
      kind: 'picker',
      name: 'to',
      label: 'To',
      items,
      initial: pick(initial.to),
      placeholder: 'none — Enter to choose',
      validate: (v, all) => (text(all['toText'])?.trim() ? undefined : v ? undefined : 'choose one, or type one below'),
    },
    {
      kind: 'text',
      name: 'toText',
      label: '…or type',
      initial: typed(initial.to),
      placeholder: 'e.g. db-01.eth0',
      hint,
      validate: (v, all) => (v.trim() ? endpointError(site, v, text(all['to'])) : undefined),
    },
    {
      kind: 'select',
      name: 'protocol',
      label: 'Protocol',
      options: PROTOCOLS,
      initial: initial.protocol ?? 'any',
      hint: '←/→ to change',
    },
    {
      kind: 'number',
      name: 'port',
      label: 'Port',
      min: 1,
      max: 65535,
      integer: true,
      initial: initial.port,
      hint: 'destination port, tcp or udp only; empty = every port',
      validate: (v, all) =>
        v !== undefined && all['protocol'] !== 'tcp' && all['protocol'] !== 'udp'
          ? `${String(all['protocol'])} has no ports`
          : undefined,
    },
  ];
}

/** The query of valid form values (the typed text wins over nothing, the list over nothing). */
export function queryOf(values: FormValues): WhyQuery {
  const endpoint = (picked: unknown, typed: unknown) =>
    text(typed)?.trim() ? text(typed)!.trim() : (text(picked) ?? '');
  const protocol = text(values['protocol']) ?? 'any';
  const port = typeof values['port'] === 'number' ? values['port'] : undefined;
  return {
    from: endpoint(values['from'], values['fromText']),
    to: endpoint(values['to'], values['toText']),
    service: port !== undefined ? `${protocol}/${port}` : protocol,
  };
}

/** `:why web-01 db-01 tcp/3306` → initial values; an unreadable service is reported, not guessed. */
export function initialFromArgs(args: readonly string[]): {initial: WhyInitial; error?: string} {
  const [from, to, service, extra] = args;
  if (extra !== undefined) return {initial: {from, to}, error: `:why takes <from> <to> [service], not "${extra}"`};
  if (service === undefined) return {initial: {from, to}};
  const parsed = parseService(service);
  if (!parsed.ok) return {initial: {from, to}, error: `:why ${service}: ${parsed.error}`};
  const s = parsed.value;
  const protocol = typeof s.protocol === 'number' || s.protocol === 'tcpudp' ? undefined : s.protocol;
  if (protocol === undefined)
    return {initial: {from, to}, error: `:why ${service}: the form offers any, tcp, udp and icmp`};
  if (s.ports && s.ports[0] !== s.ports[1])
    return {initial: {from, to, protocol}, error: `:why ${service}: the form takes one port`};
  return {initial: {from, to, protocol, port: s.ports?.[0]}};
}

/**
 * `:why` with arguments: the query when the arguments make a valid question
 * (the form's own checks), else the first problem as a sentence.
 */
export function queryFromArgs(site: Site, args: readonly string[]): {query?: WhyQuery; error?: string} {
  const {initial, error} = initialFromArgs(args);
  if (error) return {error};
  const fields = whyFields(site, initial);
  const raws = fields.map(initialRaw);
  const errors = formErrors(fields, raws);
  const bad = errors.findIndex((e) => e !== undefined);
  if (bad >= 0) {
    const name = fields[bad].name;
    const which = name.startsWith('from') ? 'from' : name.startsWith('to') ? 'to' : name;
    return {error: `:why ${args.join(' ')}: ${which}: ${errors[bad]}`};
  }
  return {query: queryOf(formValues(fields, raws))};
}
