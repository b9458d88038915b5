// The VPN pane's one list: WireGuard interfaces and IPsec tunnels side by
// side, each with the state an operator checks first (enabled, its network
// running, rules waiting for Apply Rules).
import type {ChangePlan} from '../changes/types.js';
import type {IpsecTunnel, Network, Site, WireguardInterface} from '../model.js';
import {networkByKey} from './resource-fields.js';

export type VpnEntry =
  | {kind: 'wireguard'; id: string; iface: WireguardInterface; network?: Network}
  | {kind: 'ipsec'; id: string; tunnel: IpsecTunnel; network?: Network};

export function vpnEntries(site: Site): VpnEntry[] {
  const wg: VpnEntry[] = site.wireguards.map((iface) => ({
    kind: 'wireguard',
    id: `wg:${iface.key}`,
    iface,
    network: networkByKey(site, iface.vnet),
  }));
  const ipsec: VpnEntry[] = site.ipsec.map((tunnel) => ({
    kind: 'ipsec',
    id: `ipsec:${tunnel.key}`,
    tunnel,
    network: networkByKey(site, tunnel.vnet),
  }));
  const name = (e: VpnEntry) => (e.kind === 'wireguard' ? e.iface.name : e.tunnel.name);
  return [...wg, ...ipsec].sort(
    (a, b) =>
      (a.network?.name ?? '').localeCompare(b.network?.name ?? '') ||
      a.kind.localeCompare(b.kind) ||
      name(a).localeCompare(name(b)),
  );
}

export type VpnState = 'up' | 'disabled' | 'network down' | 'no peers' | 'no selectors';

/** What the tunnel can do right now, judged from configuration and the network's power state. */
export function vpnState(entry: VpnEntry): VpnState {
  const enabled = entry.kind === 'wireguard' ? entry.iface.enabled : entry.tunnel.enabled;
  if (!enabled) return 'disabled';
  if (entry.network && !entry.network.running) return 'network down';
  if (entry.kind === 'wireguard' && entry.iface.peers.length === 0) return 'no peers';
  if (entry.kind === 'ipsec' && entry.tunnel.phase2.length === 0) return 'no selectors';
  return 'up';
}

/** Apply Rules on one network, as a plan so the confirmation shows the exact call. */
export function applyRulesPlan(network: Network): ChangePlan {
  return {
    title: `Apply Rules on ${network.name}`,
    steps: [
      {
        kind: 'apply-rules',
        id: `apply ${network.key}`,
        title: `Apply Rules on ${network.name}`,
        vnet: network.key,
        network: network.name,
      },
    ],
  };
}
