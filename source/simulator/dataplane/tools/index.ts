// Query type → simulated tool.
import type {VnetQueryType} from '../../../api/enums.js';
import type {Tool} from './common.js';
import {firewallTool} from './nft.js';
import {dnsTool} from './dns.js';
import {pingTool, tcpConnectTool, tracerouteTool} from './probes.js';
import {tcpdumpTool} from './capture.js';
import {logsTool, traceTool} from './trace.js';
import {
  arpScanTool,
  arpTool,
  dhcpRenewTool,
  frrTool,
  ipTool,
  ipsecTool,
  nmapTool,
  topIfTool,
  topTool,
  whatsmyipTool,
  wireguardTool,
} from './state-tools.js';

export const TOOLS: Record<VnetQueryType, Tool> = {
  ping: pingTool,
  traceroute: tracerouteTool,
  tcp_connect: tcpConnectTool,
  dns: dnsTool,
  tcpdump: tcpdumpTool,
  firewall: firewallTool,
  trace: traceTool,
  logs: logsTool,
  arp: arpTool,
  'arp-scan': arpScanTool,
  nmap: nmapTool,
  ip: ipTool,
  whatsmyip: whatsmyipTool,
  wireguard: wireguardTool,
  ipsec: ipsecTool,
  top: topTool,
  top_if: topIfTool,
  frr: frrTool,
  dhcp_release_renew: dhcpRenewTool,
};

/** How long each tool takes, in multiples of the simulator's query delay. */
export function durationFactor(query: VnetQueryType, result: string): number {
  if (query === 'tcp_connect') return /timed out/.test(result) ? 5 : 1;
  if (query === 'ping') return /100% packet loss/.test(result) ? 4 : 2;
  if (query === 'traceroute') return /\* \* \*/.test(result) ? 8 : 3;
  if (query === 'tcpdump' || query === 'nmap' || query === 'arp-scan') return 4;
  return 1;
}
