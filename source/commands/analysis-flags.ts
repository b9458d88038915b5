// What why, matrix and lint share: the sections the analysis reads, the
// profile's policy defaults (what a router does when no rule matches), and
// the service flags (--service | --proto [--port]) checked before anything
// is sent to a site.
import {mergeDefaults, parseService, type PolicyDefaults, type Service} from '../policy/index.js';
import type {Connection} from '../session/connection.js';
import {intFlag} from './flags.js';
import {UsageError} from '../session/io.js';

export const SERVICE_OPTIONS = {
  service: {type: 'string'},
  proto: {type: 'string'},
  port: {type: 'string'},
} as const;

export const SERVICE_HELP = `      --proto P            tcp, udp, icmp or any (default any); also tcpudp or a protocol number
      --port N             destination port 1-65535 (tcp or udp only)
      --service S          instead of --proto/--port: tcp/443, udp/53, tcp/1024-65535, icmp, any`;

/** The site's defaults: the profile's settings over vseg's built-in assumption. */
export function policyDefaults(connection: Connection): PolicyDefaults {
  return mergeDefaults(connection.profile?.policyDefaults);
}

const PROTOCOLS_WITH_PORTS = new Set(['tcp', 'udp', 'tcpudp']);

/** --service, or --proto with an optional --port; every mistake is a usage error. */
export function serviceFlags(
  values: {service?: string; proto?: string; port?: string},
  fallback = 'any',
): {text: string; service: Service} {
  if (values.service !== undefined && (values.proto !== undefined || values.port !== undefined)) {
    throw new UsageError('give either --service or --proto/--port, not both');
  }
  let text: string;
  if (values.service !== undefined) {
    if (values.service.trim() === '') throw new UsageError('--service needs a value such as tcp/443');
    text = values.service.trim();
  } else {
    const proto = (values.proto ?? (values.port !== undefined ? '' : fallback)).trim().toLowerCase();
    const port = intFlag('port', values.port, 1, 65535);
    if (port !== undefined) {
      if (proto === '') throw new UsageError('--port needs --proto tcp or --proto udp');
      if (!PROTOCOLS_WITH_PORTS.has(proto))
        throw new UsageError(`--port needs --proto tcp or udp: ${proto} has no ports`);
      text = `${proto}/${port}`;
    } else {
      if (proto === '') throw new UsageError('--proto needs a value: tcp, udp, icmp or any');
      text = proto;
    }
  }
  const parsed = parseService(text);
  if (!parsed.ok) throw new UsageError(values.service !== undefined ? `--service: ${parsed.error}` : parsed.error);
  return {text, service: parsed.value};
}
