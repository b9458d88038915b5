// Router diagnostics (vnet_queries): checked parameters, the run loop, and
// best-effort readings of each tool's text.
import {parseArp, parseTcpdump, type ArpRow, type CaptureSummary} from './parse-capture.js';
import {parseNft, parseTrace, type NftSummary, type TraceEvent} from './parse-nft.js';
import {
  parseDns,
  parsePing,
  parseTcpConnect,
  parseTraceroute,
  type ConnectSummary,
  type DnsSummary,
  type PingSummary,
  type TracerouteSummary,
} from './parse-probes.js';

export * from './params.js';
export * from './run.js';
export * from './parse-capture.js';
export * from './parse-nft.js';
export * from './parse-probes.js';

export type ParsedAnswer =
  | {kind: 'ping'; value: PingSummary | null}
  | {kind: 'traceroute'; value: TracerouteSummary | null}
  | {kind: 'tcp_connect'; value: ConnectSummary}
  | {kind: 'dns'; value: DnsSummary}
  | {kind: 'tcpdump'; value: CaptureSummary}
  | {kind: 'arp'; value: ArpRow[]}
  | {kind: 'firewall'; value: NftSummary}
  | {kind: 'trace'; value: TraceEvent[]}
  | {kind: 'text'; value: null};

export function parseAnswer(query: string, text: string): ParsedAnswer {
  switch (query) {
    case 'ping':
      return {kind: 'ping', value: parsePing(text)};
    case 'traceroute':
      return {kind: 'traceroute', value: parseTraceroute(text)};
    case 'tcp_connect':
      return {kind: 'tcp_connect', value: parseTcpConnect(text)};
    case 'dns':
      return {kind: 'dns', value: parseDns(text)};
    case 'tcpdump':
      return {kind: 'tcpdump', value: parseTcpdump(text)};
    case 'arp':
      return {kind: 'arp', value: parseArp(text)};
    case 'firewall':
      return {kind: 'firewall', value: parseNft(text)};
    case 'trace':
      return {kind: 'trace', value: parseTrace(text)};
    default:
      return {kind: 'text', value: null};
  }
}

/**
 * What the probe itself says: 'reached' (answered, open, resolved),
 * 'failed' (unreachable, refused, lost, NXDOMAIN), or 'n/a' for reports that
 * are not probes or could not be read.
 */
export function probeOutcome(parsed: ParsedAnswer): 'reached' | 'failed' | 'n/a' {
  switch (parsed.kind) {
    case 'ping':
      if (!parsed.value) return 'n/a';
      return parsed.value.received > 0 ? 'reached' : 'failed';
    case 'traceroute':
      if (!parsed.value) return 'n/a';
      return parsed.value.reached ? 'reached' : 'failed';
    case 'tcp_connect':
      return parsed.value.state === 'open' ? 'reached' : parsed.value.state === 'unknown' ? 'n/a' : 'failed';
    case 'dns':
      return parsed.value.answers.length > 0
        ? 'reached'
        : parsed.value.nxdomain || parsed.value.timeout
          ? 'failed'
          : 'n/a';
    default:
      return 'n/a';
  }
}
