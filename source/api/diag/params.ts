// What each router diagnostic takes, checked before anything is sent: a bad
// host, port, interface or capture filter is refused locally with a message
// that says what is expected (the request would otherwise run a tool on the
// router with it). Parameter names follow PY queries.py and vrg
// network_query.py (`host`, `port`, `name`, `interface`, `count`, `filter`;
// GO's `address` is the minority spelling, VERGEOS-API.md §8.3).
import type {VnetQueryType} from '../enums.js';
import {checkBpf} from './bpf.js';

/** The query types vseg offers (the others are disruptive or not useful for segmentation). */
export const DIAG_TYPES = [
  'ping',
  'traceroute',
  'dns',
  'tcp_connect',
  'tcpdump',
  'arp',
  'firewall',
  'trace',
  'logs',
  'wireguard',
  'ipsec',
] as const satisfies readonly VnetQueryType[];
export type DiagType = (typeof DIAG_TYPES)[number];

export type DiagParams =
  | {query: 'ping'; host: string; count?: number}
  | {query: 'traceroute'; host: string}
  | {query: 'dns'; name: string}
  | {query: 'tcp_connect'; host: string; port: number}
  | {query: 'tcpdump'; interface?: string; count?: number; filter?: string}
  | {query: 'arp' | 'firewall' | 'trace' | 'logs' | 'wireguard' | 'ipsec'};

/** Seconds to wait per type unless told otherwise (vrg's defaults: 30, 60 traceroute, 120 tcpdump). */
export function defaultTimeoutS(query: DiagType): number {
  return query === 'traceroute' ? 60 : query === 'tcpdump' ? 120 : 30;
}

export type Checked<T> = {ok: true; value: T} | {ok: false; field: string; error: string};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}\\.?$)${LABEL}(?:\\.${LABEL})*\\.?$`);
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/** An address or a DNS name; never anything a shell or a tool could read as an option. */
export function checkHost(text: string, field = 'host'): Checked<string> {
  const t = text.trim();
  if (t === '') return {ok: false, field, error: `${field} is required (an IPv4 address or a host name)`};
  if (t.startsWith('-')) return {ok: false, field, error: `${field} "${t}" must not start with "-"`};
  if (/^[\d.]+$/.test(t) && !IPV4.test(t))
    return {ok: false, field, error: `${field} "${t}" is not a valid IPv4 address`};
  if (IPV4.test(t) || HOSTNAME.test(t)) return {ok: true, value: t};
  if (t.includes(':') && IPV6.test(t) && t.split(':').length >= 3) return {ok: true, value: t};
  return {
    ok: false,
    field,
    error: `${field} "${t}" is neither an IP address nor a host name (letters, digits, "-" and ".")`,
  };
}

export function checkPort(text: string | number, field = 'port'): Checked<number> {
  const t = String(text).trim();
  if (t === '') return {ok: false, field, error: `${field} is required (1–65535)`};
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 65535)
    return {ok: false, field, error: `${field} "${t}" is not a TCP port (a whole number 1–65535)`};
  return {ok: true, value: Number(t)};
}

export function checkCount(
  text: string | number | undefined,
  max: number,
  field = 'count',
): Checked<number | undefined> {
  if (text === undefined || String(text).trim() === '') return {ok: true, value: undefined};
  const t = String(text).trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > max)
    return {ok: false, field, error: `${field} "${t}" must be a whole number from 1 to ${max}`};
  return {ok: true, value: Number(t)};
}

export function checkInterface(text: string | undefined): Checked<string | undefined> {
  const t = (text ?? '').trim();
  if (t === '') return {ok: true, value: undefined};
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}$/.test(t))
    return {ok: false, field: 'interface', error: `interface "${t}" is not an interface name (e.g. any, eth0)`};
  return {ok: true, value: t};
}

export function checkFilter(text: string | undefined): Checked<string | undefined> {
  const t = (text ?? '').trim();
  if (t === '') return {ok: true, value: undefined};
  const problem = checkBpf(t);
  return problem ? {ok: false, field: 'filter', error: `filter "${t}": ${problem}`} : {ok: true, value: t};
}

/** Raw fields (from a form or argv) → typed params, or the first problem. */
export function checkDiagParams(
  query: DiagType,
  raw: Record<string, string | number | undefined>,
): Checked<DiagParams> {
  const s = (k: string): string => (raw[k] === undefined ? '' : String(raw[k]));
  switch (query) {
    case 'ping': {
      const host = checkHost(s('host'));
      if (!host.ok) return host;
      const count = checkCount(raw.count, 20);
      if (!count.ok) return count;
      return {ok: true, value: {query, host: host.value, ...(count.value ? {count: count.value} : {})}};
    }
    case 'traceroute': {
      const host = checkHost(s('host'));
      return host.ok ? {ok: true, value: {query, host: host.value}} : host;
    }
    case 'dns': {
      const name = checkHost(s('name'), 'name');
      return name.ok ? {ok: true, value: {query, name: name.value}} : name;
    }
    case 'tcp_connect': {
      const host = checkHost(s('host'));
      if (!host.ok) return host;
      const port = checkPort(s('port'));
      return port.ok ? {ok: true, value: {query, host: host.value, port: port.value}} : port;
    }
    case 'tcpdump': {
      const iface = checkInterface(s('interface'));
      if (!iface.ok) return iface;
      const count = checkCount(raw.count, 1000);
      if (!count.ok) return count;
      const filter = checkFilter(s('filter'));
      if (!filter.ok) return filter;
      return {
        ok: true,
        value: {
          query,
          ...(iface.value ? {interface: iface.value} : {}),
          ...(count.value ? {count: count.value} : {}),
          ...(filter.value ? {filter: filter.value} : {}),
        },
      };
    }
    default:
      return {ok: true, value: {query}};
  }
}

/** The `params` object of the request body. */
export function requestParams(p: DiagParams): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p))
    if (k !== 'query' && (typeof v === 'string' || typeof v === 'number')) out[k] = v;
  return out;
}
