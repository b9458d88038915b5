// The peers of one WireGuard interface: tunnel address, allowed IPs, last
// handshake and traffic. Enter (or c) shows the client configuration to copy.
import {useMemo} from 'react';
import {deletePeerPlan} from '../../../../domain/edits/wireguard.js';
import {applyRulesNote, networkName} from '../../../../domain/edits/resource-fields.js';
import type {WireguardPeer} from '../../../../domain/model.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {Table} from '../../../components/table/Table.js';
import type {Column} from '../../../components/table/types.js';
import {useTable, useTableInput} from '../../../components/table/use-table.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {ago, bytes} from '../../../../domain/format.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun} from '../../core/run-plan.js';
import {VPN_SECTIONS} from './sections.js';

export interface InterfaceParams {
  iface: number;
  name: string;
}

function columns(now: number): Column<WireguardPeer>[] {
  return [
    {id: 'name', header: 'PEER', format: (p) => p.name, width: 14, minWidth: 8, priority: 0},
    {id: 'ip', header: 'TUNNEL IP', format: (p) => p.peerIp, width: 17, priority: 1},
    {id: 'allowed', header: 'ALLOWED IPS', format: (p) => p.allowedIps, width: 18, minWidth: 12, priority: 2},
    {
      id: 'handshake',
      header: 'HANDSHAKE',
      format: (p) => (p.enabled ? ago(p.lastHandshake, now) : 'disabled'),
      sortValue: (p) => p.lastHandshake ?? 0,
      width: 11,
      kind: 'status',
      tone: (p) => (!p.enabled ? 'muted' : p.lastHandshake && now / 1000 - p.lastHandshake < 180 ? 'ok' : 'warning'),
      priority: 0,
    },
    {
      id: 'traffic',
      header: 'RX / TX',
      format: (p) => `${bytes(p.rxBytes)} / ${bytes(p.txBytes)}`,
      sortValue: (p) => p.rxBytes + p.txBytes,
      width: 15,
      priority: 3,
    },
    {
      id: 'endpoint',
      header: 'ENDPOINT',
      format: (p) => (p.endpoint ? `${p.endpoint}:${p.port}` : 'roaming'),
      width: 20,
      priority: 5,
    },
    {id: 'firewall', header: 'FIREWALL', format: (p) => p.configureFirewall, width: 12, priority: 6},
  ];
}

export function WireguardPeers({params, width, height, filter, active, shell}: ViewProps<InterfaceParams>) {
  const session = useSession();
  const {site, loadedAt} = useLoadedSite(VPN_SECTIONS);
  const iface = site?.wireguards.find((w) => w.key === params.iface);
  const table = useTable({
    width,
    rows: iface?.peers ?? [],
    // Handshake ages are as of the load (no peers are shown before one).
    columns: useMemo(() => columns(loadedAt ?? 0), [loadedAt]),
    height,
    filter,
    rowKey: (p) => String(p.key),
  });
  useTableInput(table);
  const peer = table.selected;
  const config = () => {
    if (iface && peer) shell.push('vpn.peer-config', {iface: iface.key, peer: peer.key, name: peer.name});
  };
  useActionHandler('app.open', config);
  useActionHandler('vpn.peers.config', config);
  useActionHandler('vpn.peers.new', () => iface && shell.push('vpn.peer-form', {iface: iface.key, name: iface.name}));
  useActionHandler(
    'vpn.peers.edit',
    () =>
      iface &&
      peer &&
      shell.push('vpn.peer-form', {iface: iface.key, name: iface.name, peer: peer.key, peerName: peer.name}),
  );
  useActionHandler('vpn.peers.delete', () => {
    if (!site || !iface || !peer) return;
    const network = networkName(site, iface.vnet);
    void confirmAndRun(shell, session, deletePeerPlan(iface, peer, site), {
      message: [
        `${peer.name} can no longer connect to ${iface.name}; VergeOS removes the firewall rule it made for it.`,
      ],
      confirmLabel: 'Delete',
      typeToConfirm: peer.name,
      triggerKey: 'd',
      dangerous: true,
      refresh: VPN_SECTIONS,
      after: applyRulesNote([network]),
    });
  });
  if (!site) return <Missing width={width} text="Loading…" />;
  if (!iface)
    return <Missing width={width} text={`WireGuard interface ${params.name} no longer exists (Esc goes back)`} />;
  return (
    <Table
      table={table}
      width={width}
      height={height}
      focused={active}
      emptyText={filter ? `No peer matches /${filter}` : `${iface.name} has no peers: n adds one`}
      rowTone={(p) => (p.enabled ? undefined : 'muted')}
    />
  );
}
