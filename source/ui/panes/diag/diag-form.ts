// The diagnostic question as a form, without React: which network's router,
// which tool, and the tool's parameters, each checked as it is typed with the
// same checks the request goes through (api/diag/params.ts).
import {
  checkDiagParams,
  checkFilter,
  checkHost,
  checkInterface,
  DIAG_TYPES,
  type DiagParams,
  type DiagType,
} from '../../../api/diag/index.js';
import type {Site} from '../../../domain/model.js';
import type {FieldDef, FormValues} from '../../components/form/fields.js';

/** What a view or another pane can fill in before the form shows. */
export interface DiagPreset {
  network?: string;
  query?: DiagType;
  host?: string;
  port?: number;
  name?: string;
  filter?: string;
  count?: number;
  interface?: string;
}

export const QUERY_LABELS: Record<DiagType, string> = {
  ping: 'ping — ICMP echo',
  traceroute: 'traceroute — the path',
  dns: 'dns — resolve a name',
  tcp_connect: 'tcp connect — open a TCP connection',
  tcpdump: 'tcpdump — capture packets',
  arp: 'arp — neighbours',
  firewall: 'firewall — the nft ruleset it runs',
  trace: 'trace — nftables packet trace',
  logs: 'logs — the router log',
  wireguard: 'wireguard — live peers',
  ipsec: 'ipsec — live SAs',
};

const NEEDS: Record<string, readonly DiagType[]> = {
  host: ['ping', 'traceroute', 'tcp_connect'],
  port: ['tcp_connect'],
  name: ['dns'],
  count: ['ping', 'tcpdump'],
  interface: ['tcpdump'],
  filter: ['tcpdump'],
};

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function queryOfValues(values: FormValues): DiagType {
  const q = str(values['query']);
  return (DIAG_TYPES as readonly string[]).includes(q) ? (q as DiagType) : 'ping';
}

/** Applies to the chosen tool: a field it does not take is left alone (and not sent). */
function applies(field: string, values: FormValues): boolean {
  return NEEDS[field]?.includes(queryOfValues(values)) ?? true;
}

export function diagFields(site: Site, preset: DiagPreset = {}): FieldDef[] {
  const networks = [...site.networks]
    .filter((n) => n.type !== 'port_mirror' || n.running)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((n) => ({
      value: n.name,
      label: n.name,
      detail: `${n.type} · ${n.cidr || n.routerIp || 'no address'} · ${n.running ? 'running' : n.status || 'stopped'}`,
    }));
  return [
    {
      kind: 'picker',
      name: 'network',
      label: 'Router of',
      items: networks,
      initial: networks.some((n) => n.value === preset.network) ? preset.network : undefined,
      placeholder: 'none — Enter to choose',
      validate: (v) => (v ? undefined : 'choose the network whose router runs the tool'),
    },
    {
      kind: 'select',
      name: 'query',
      label: 'Tool',
      options: DIAG_TYPES.map((t) => ({value: t, label: QUERY_LABELS[t]})),
      initial: preset.query ?? 'ping',
      hint: '←/→ to change',
    },
    {
      kind: 'text',
      name: 'host',
      label: 'Host',
      initial: preset.host ?? '',
      placeholder: 'e.g. 10.10.2.21 or db-01',
      hint: 'ping, traceroute, tcp connect: an IPv4 address or a host name the router resolves',
      validate: (v, all) =>
        applies('host', all) ? (checkHost(v).ok ? undefined : (checkHost(v) as {error: string}).error) : undefined,
    },
    {
      kind: 'number',
      name: 'port',
      label: 'Port',
      min: 1,
      max: 65535,
      integer: true,
      initial: preset.port,
      hint: 'tcp connect: the TCP port (1–65535)',
      validate: (v, all) => (applies('port', all) && v === undefined ? 'tcp connect needs a port' : undefined),
    },
    {
      kind: 'text',
      name: 'name',
      label: 'Name',
      initial: preset.name ?? '',
      placeholder: 'e.g. web-01 or example.com',
      hint: 'dns: the name to resolve with the router’s resolver',
      validate: (v, all) => {
        if (!applies('name', all)) return undefined;
        const r = checkHost(v, 'name');
        return r.ok ? undefined : r.error;
      },
    },
    {
      kind: 'number',
      name: 'count',
      label: 'Count',
      min: 1,
      max: 1000,
      integer: true,
      initial: preset.count,
      hint: 'ping: echoes (1–20, default 4); tcpdump: packets (default 20)',
      validate: (v, all) =>
        queryOfValues(all) === 'ping' && v !== undefined && v > 20 ? 'ping sends at most 20' : undefined,
    },
    {
      kind: 'text',
      name: 'interface',
      label: 'Interface',
      initial: preset.interface ?? '',
      placeholder: 'any',
      hint: 'tcpdump: the router interface (empty = any)',
      validate: (v, all) => {
        if (!applies('interface', all)) return undefined;
        const r = checkInterface(v);
        return r.ok ? undefined : r.error;
      },
    },
    {
      kind: 'text',
      name: 'filter',
      label: 'Filter',
      initial: preset.filter ?? '',
      placeholder: 'e.g. tcp port 5432 and host 10.10.1.11',
      hint: 'tcpdump: host, net, port, portrange, tcp/udp/icmp, and/or/not, ( )',
      validate: (v, all) => {
        if (!applies('filter', all)) return undefined;
        const r = checkFilter(v);
        return r.ok ? undefined : r.error;
      },
    },
  ];
}

/** Valid form values → the network and the typed parameters (the same check as before sending). */
export function diagRequest(values: FormValues): {network: string; params: DiagParams} | {error: string} {
  const query = queryOfValues(values);
  const raw: Record<string, string | number | undefined> = {};
  for (const f of ['host', 'port', 'name', 'count', 'interface', 'filter'])
    if (applies(f, values) && values[f] !== undefined && values[f] !== '') raw[f] = values[f] as string | number;
  const checked = checkDiagParams(query, raw);
  if (!checked.ok) return {error: checked.error};
  return {network: str(values['network']), params: checked.value};
}

/** `:diag web ping 10.10.2.21` → a preset; the view opens the form filled, or runs it when complete. */
export function presetFromArgs(args: readonly string[]): {preset: DiagPreset; error?: string} {
  const [network, tool, ...rest] = args;
  const preset: DiagPreset = {network};
  if (!tool) return {preset};
  const query = tool.replace('-', '_') as DiagType;
  if (!(DIAG_TYPES as readonly string[]).includes(query))
    return {preset, error: `:diag ${tool}: unknown tool (${DIAG_TYPES.map((t) => t.replace('_', '-')).join(', ')})`};
  preset.query = query;
  if (query === 'ping' || query === 'traceroute') preset.host = rest[0];
  else if (query === 'dns') preset.name = rest[0];
  else if (query === 'tcp_connect') {
    const hp = rest.length === 1 ? /^(.+):(\d+)$/.exec(rest[0]) : null;
    preset.host = hp ? hp[1] : rest[0];
    const port = hp ? hp[2] : rest[1];
    if (port !== undefined) preset.port = Number(port);
  } else if (query === 'tcpdump' && rest.length) preset.filter = rest.join(' ');
  return {preset};
}

/** A preset as form values: complete ones (`:diag web ping 10.10.2.21`) run at once. */
export function presetValues(preset: DiagPreset): FormValues {
  return {
    network: preset.network,
    query: preset.query ?? 'ping',
    host: preset.host ?? '',
    port: preset.port,
    name: preset.name ?? '',
    count: preset.count,
    interface: preset.interface ?? '',
    filter: preset.filter ?? '',
  };
}
