// Best-effort readings of probe output (iputils ping, traceroute, nc -z,
// nslookup). The text is the tool's own; when it does not look as expected
// the parser says so (null / 'unknown') instead of guessing.

export interface PingSummary {
  transmitted: number;
  received: number;
  lossPct: number;
  errors: number;
  rttMs?: {min: number; avg: number; max: number; mdev: number};
  /** "From 10.10.2.1 icmp_seq=1 Destination Host Unreachable" */
  unreachable?: {from: string; message: string};
  unresolved?: boolean;
}

export function parsePing(text: string): PingSummary | null {
  if (/Name or service not known|unknown host/i.test(text))
    return {transmitted: 0, received: 0, lossPct: 100, errors: 0, unresolved: true};
  const s = /(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+(\d+) errors)?, ([\d.]+)% packet loss/.exec(
    text,
  );
  if (!s) return null;
  const out: PingSummary = {
    transmitted: Number(s[1]),
    received: Number(s[2]),
    errors: Number(s[3] ?? 0),
    lossPct: Number(s[4]),
  };
  const r = /(?:rtt|round-trip) min\/avg\/max\/(?:mdev|stddev) = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(text);
  if (r) out.rttMs = {min: Number(r[1]), avg: Number(r[2]), max: Number(r[3]), mdev: Number(r[4])};
  const u = /From (\S+?):? icmp_seq=\d+ (.+)/.exec(text);
  if (u) out.unreachable = {from: u[1], message: u[2].trim()};
  return out;
}

export interface TraceHop {
  hop: number;
  /** Null when no probe of this hop was answered (* * *). */
  address: string | null;
  rttMs: number[];
  /** !H host, !N network, !X prohibited, !P protocol unreachable … */
  mark?: string;
}

export interface TracerouteSummary {
  target: string | null;
  hops: TraceHop[];
  /** The last hop answering is the target itself. */
  reached: boolean;
}

export function parseTraceroute(text: string): TracerouteSummary | null {
  const head = /^traceroute to (\S+) \(([^)]+)\)/m.exec(text);
  const hops: TraceHop[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m || /^traceroute/.test(line)) continue;
    const rest = m[2];
    const addr = /(\d{1,3}(?:\.\d{1,3}){3})/.exec(rest);
    const rtts = [...rest.matchAll(/([\d.]+) ms/g)].map((x) => Number(x[1]));
    const mark = /(![A-Z]\w*)/.exec(rest);
    hops.push({hop: Number(m[1]), address: addr ? addr[1] : null, rttMs: rtts, ...(mark ? {mark: mark[1]} : {})});
  }
  if (!head && hops.length === 0) return null;
  const target = head ? head[2] : null;
  const last = [...hops].reverse().find((h) => h.address !== null);
  return {target, hops, reached: Boolean(target && last && last.address === target && !last.mark)};
}

export type ConnectState = 'open' | 'refused' | 'timeout' | 'no-route' | 'unreachable' | 'unresolved' | 'unknown';

export interface ConnectSummary {
  state: ConnectState;
  detail: string;
}

/** nc -z / telnet style messages. */
export function parseTcpConnect(text: string): ConnectSummary {
  const line =
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  const is = (re: RegExp): boolean => re.test(text);
  const state: ConnectState = is(/succeeded|open|Connected to/i)
    ? 'open'
    : is(/refused/i)
      ? 'refused'
      : is(/timed out|timeout/i)
        ? 'timeout'
        : is(/No route to host|Host is unreachable/i)
          ? 'no-route'
          : is(/Network is unreachable/i)
            ? 'unreachable'
            : is(/Name or service not known|getaddrinfo|could not resolve/i)
              ? 'unresolved'
              : 'unknown';
  return {state, detail: line};
}

export interface DnsSummary {
  answers: {name: string; address: string}[];
  nxdomain: boolean;
  timeout: boolean;
  server: string | null;
}

export function parseDns(text: string): DnsSummary {
  const answers: {name: string; address: string}[] = [];
  let name = '';
  const server = /^Server:\s+(\S+)/m.exec(text)?.[1] ?? null;
  let pastServer = false;
  for (const line of text.split('\n')) {
    const n = /^Name:\s+(\S+)/.exec(line);
    if (n) {
      name = n[1];
      pastServer = true;
      continue;
    }
    const a = /^Address(?:\s*\d*)?:\s+(\S+)/.exec(line);
    if (a && pastServer && !a[1].includes('#')) answers.push({name, address: a[1]});
  }
  return {
    answers,
    nxdomain: /NXDOMAIN|can't find/i.test(text),
    timeout: /timed out|no servers could be reached/i.test(text),
    server,
  };
}
