// The remote side of a VPN the wizard made, to copy: a wg-quick file per
// WireGuard peer (with the private key generated in this session, shown only
// here) or a strongSwan ipsec.conf / ipsec.secrets pair for IPsec.
import type {Site} from '../model.js';
import type {PlanContext} from './types.js';
import {localSubnet, peerKeyName, pskName, resolveWireguard, uplink, type VpnAnswers} from './vpn.js';

export function vpnResult(site: Site, a: VpnAnswers, ctx: PlanContext): string[] {
  if (a.kind === 'wireguard' && a.wireguard) {
    const w = a.wireguard;
    const r = resolveWireguard(site, w);
    const iface = r.existing;
    const reach = w.reach.map((n) => site.networks.find((x) => x.name === n)?.cidr ?? '').filter(Boolean);
    const lines: string[] = [`Remote side of WireGuard ${w.network}/${w.name} (one file per peer; copy with c):`];
    for (const p of r.peers) {
      const key = ctx.secrets.hasKeys(peerKeyName(w.network, w.name, p.name))
        ? ctx.secrets.wgKeys(peerKeyName(w.network, w.name, p.name)).privateKey
        : undefined;
      lines.push(
        '',
        `# ${p.name} (${p.kind})`,
        '[Interface]',
        key
          ? `PrivateKey = ${key}`
          : p.publicKey
            ? '# PrivateKey = the key you generated on the device'
            : '# PrivateKey = (generated when the peer was created; vseg does not keep it)',
        `Address = ${p.address}/32`,
        '',
        '[Peer]',
        `PublicKey = ${iface?.publicKey || '(VergeOS generates it when the interface is created)'}`,
        `Endpoint = ${r.endpoint}:${r.listenPort}`,
        `AllowedIPs = ${[r.subnet, ...reach].join(', ')}`,
        ...(p.keepalive > 0 ? [`PersistentKeepalive = ${p.keepalive}`] : []),
      );
    }
    return lines;
  }
  if (a.kind === 'ipsec' && a.ipsec) {
    const s = a.ipsec;
    const vpnNet = site.networks.find((n) => n.name === s.network);
    const ours = s.endpoint ?? uplink(site, vpnNet)?.routerIp ?? "<this site's public address>";
    const locals = s.localSubnets.map((l) => localSubnet(site, l) ?? l);
    const psk = s.psk ? ctx.secrets.provided(s.psk.secret) : undefined;
    const generated = psk ?? ctx.secrets.source().get(pskName(s));
    return [
      `Remote side of IPsec tunnel ${s.tunnel} (strongSwan ipsec.conf; copy with c):`,
      '',
      `conn ${s.tunnel}`,
      `    keyexchange=${s.keyExchange === 'ike' ? 'ikev2' : s.keyExchange}`,
      '    left=%defaultroute',
      `    leftid=${s.remoteGateway}`,
      `    leftsubnet=${s.remoteSubnets.join(',')}`,
      `    right=${ours}`,
      `    rightsubnet=${locals.join(',')}`,
      `    ike=${s.ike}!`,
      `    esp=${s.esp}!`,
      '    authby=secret',
      '    dpdaction=restart',
      '    auto=start',
      '',
      '# ipsec.secrets',
      generated
        ? `${s.remoteGateway} ${ours} : PSK "${generated}"`
        : `# ${s.remoteGateway} ${ours} : PSK "<the pre-shared key set when the tunnel was created; vseg does not keep it>"`,
    ];
  }
  return [];
}

/**
 * The IPsec wizard's own check: from each remote subnet to each local one the
 * rules now allow the traffic (the generic check covers the network running
 * with its rules live). WireGuard peers: each may reach the networks it was given.
 */
export function vpnCheck(site: Site, a: VpnAnswers, ctx: PlanContext): {ok: string[]; problems: string[]} {
  const out = {ok: [] as string[], problems: [] as string[]};
  const flow = (from: string, to: string, label: string) => {
    const c = ctx.policy.checkFlow(site, {from, to, service: 'any'});
    if ('error' in c) out.problems.push(`${label}: ${c.error}`);
    else if (c.verdict === 'allow') out.ok.push(`${label}: allow`);
    else out.problems.push(`${label}: ${c.verdict} — ${c.reason}`);
  };
  if (a.kind === 'ipsec' && a.ipsec) {
    const s = a.ipsec;
    for (const l of s.localSubnets.map((x) => localSubnet(site, x) ?? x))
      for (const r of s.remoteSubnets) flow(`ip:${r}`, `ip:${l}`, `${r} → ${l} through tunnel ${s.tunnel}`);
  }
  if (a.kind === 'wireguard' && a.wireguard) {
    const r = resolveWireguard(site, a.wireguard);
    for (const p of r.peers)
      for (const n of a.wireguard.reach) flow(`ip:${p.address}`, `net:${n}`, `peer ${p.name} → ${n}`);
  }
  return out;
}
