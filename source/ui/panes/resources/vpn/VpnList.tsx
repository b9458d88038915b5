// :vpn — WireGuard interfaces and IPsec tunnels in one list. Enter opens an
// interface's peers or a tunnel's phase 2 selectors; w and i create, e edits,
// d deletes (VergeOS's own refusals are explained before anything is sent),
// A applies the staged rules on the selected tunnel's network.
import {applyRulesPlan, vpnEntries, vpnState, type VpnEntry} from '../../../../domain/edits/vpn.js';
import {deleteInterfaceImpact, deleteInterfacePlan} from '../../../../domain/edits/wireguard.js';
import {deleteTunnelPlan} from '../../../../domain/edits/ipsec.js';
import {applyRulesNote} from '../../../../domain/edits/resource-fields.js';
import type {Site} from '../../../../domain/model.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {Table} from '../../../components/table/Table.js';
import type {Column} from '../../../components/table/types.js';
import {useTable, useTableInput} from '../../../components/table/use-table.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {confirmAndRun} from '../../core/run-plan.js';
import {VPN_SECTIONS} from './sections.js';
import {notLoadedText} from '../../../app/loading.js';

const name = (e: VpnEntry) => (e.kind === 'wireguard' ? e.iface.name : e.tunnel.name);
const where = (e: VpnEntry) =>
  e.kind === 'wireguard' ? `${e.iface.ip} :${e.iface.listenPort}` : `→ ${e.tunnel.remoteGateway}`;
const children = (e: VpnEntry) =>
  e.kind === 'wireguard'
    ? `${e.iface.peers.length} peer${e.iface.peers.length === 1 ? '' : 's'}`
    : `${e.tunnel.phase2.length} phase 2`;
const detail = (e: VpnEntry) =>
  e.kind === 'wireguard' ? e.iface.publicKey : `${e.tunnel.keyexchange} ${e.tunnel.ike}`;

const COLUMNS: readonly Column<VpnEntry>[] = [
  {id: 'kind', header: 'TYPE', format: (e) => (e.kind === 'wireguard' ? 'WireGuard' : 'IPsec'), width: 9, priority: 1},
  {id: 'name', header: 'NAME', format: name, width: 12, minWidth: 6, priority: 0},
  {id: 'network', header: 'NETWORK', format: (e) => e.network?.name ?? '?', width: 10, minWidth: 6, priority: 0},
  {id: 'where', header: 'ADDRESS / REMOTE', format: where, width: 21, priority: 2},
  {id: 'children', header: 'HOLDS', format: children, width: 9, priority: 1},
  {
    id: 'state',
    header: 'STATE',
    format: (e) => vpnState(e),
    width: 12,
    kind: 'status',
    tone: (e) =>
      (
        ({
          up: 'ok',
          disabled: 'muted',
          'network down': 'danger',
          'no peers': 'warning',
          'no selectors': 'warning',
        }) as const
      )[vpnState(e)],
    priority: 0,
  },
  {
    id: 'apply',
    header: 'APPLY',
    format: (e) => (e.network?.needFwApply ? 'pending' : ''),
    width: 9,
    kind: 'status',
    tone: (e) => (e.network?.needFwApply ? 'warning' : undefined),
    priority: 4,
  },
  {id: 'detail', header: 'KEY / PROPOSAL', format: detail, width: 20, grow: true, priority: 5},
];

export function VpnList({width, height, filter, active, shell, state}: ViewProps<undefined>) {
  const session = useSession();
  const {site} = useLoadedSite(VPN_SECTIONS);
  const table = useTable({
    width,
    rows: site ? vpnEntries(site) : [],
    columns: COLUMNS,
    height,
    filter,
    rowKey: (e) => e.id,
  });
  useTableInput(table);
  const entry = table.selected;

  const deleteTunnel = (key: number, s: Site) => {
    const tunnel = s.ipsec.find((t) => t.key === key);
    if (!tunnel) return;
    const n = tunnel.phase2.length;
    void confirmAndRun(shell, session, deleteTunnelPlan(tunnel, s), {
      message: [
        `The tunnel to ${tunnel.remoteGateway} goes down.`,
        n
          ? `VergeOS keeps a tunnel while it has phase 2 entries: its ${n} phase 2 entr${n === 1 ? 'y goes' : 'ies go'} first.`
          : '',
      ],
      confirmLabel: 'Delete',
      typeToConfirm: tunnel.name,
      triggerKey: 'd',
      dangerous: true,
      refresh: VPN_SECTIONS,
      after: applyRulesNote([s.networks.find((x) => x.key === tunnel.vnet)?.name ?? `network ${tunnel.vnet}`]),
    });
  };

  useActionHandler('app.open', () => {
    if (entry?.kind === 'wireguard') shell.push('vpn.peers', {iface: entry.iface.key, name: entry.iface.name});
    if (entry?.kind === 'ipsec') shell.push('vpn.phase2', {tunnel: entry.tunnel.key, name: entry.tunnel.name});
  });
  useActionHandler('vpn.new-wireguard', () => shell.push('vpn.wireguard-form', {}));
  useActionHandler('vpn.new-ipsec', () => shell.push('vpn.tunnel-form', {}));
  useActionHandler('vpn.edit', () => {
    if (entry?.kind === 'wireguard') shell.push('vpn.wireguard-form', {iface: entry.iface.key, name: entry.iface.name});
    if (entry?.kind === 'ipsec') shell.push('vpn.tunnel-form', {tunnel: entry.tunnel.key, name: entry.tunnel.name});
  });
  useActionHandler('vpn.delete', () => {
    if (!entry || !site) return;
    if (entry.kind === 'ipsec') return void deleteTunnel(entry.tunnel.key, site);
    const iface = entry.iface;
    void confirmAndRun(shell, session, deleteInterfacePlan(iface, site), {
      message: deleteInterfaceImpact(iface, site),
      confirmLabel: 'Delete',
      typeToConfirm: iface.name,
      triggerKey: 'd',
      dangerous: true,
      refresh: VPN_SECTIONS,
      after: applyRulesNote([entry.network?.name ?? `network ${iface.vnet}`]),
    });
  });
  useActionHandler('vpn.apply', () => {
    const network = entry?.network;
    if (!network) return;
    if (!network.needFwApply) return shell.notify('info', `${network.name} has no rule changes waiting`);
    void confirmAndRun(shell, session, applyRulesPlan(network), {
      message: [
        `The rules staged on ${network.name} (VPN rules and any others) become live; vseg waits until VergeOS reports them applied.`,
      ],
      confirmLabel: 'Apply Rules',
      triggerKey: 'A',
      refresh: VPN_SECTIONS,
    });
  });

  const empty = site
    ? filter
      ? `No tunnel matches /${filter}`
      : 'No VPN yet: w creates a WireGuard interface, i an IPsec tunnel'
    : notLoadedText(state, undefined, 'VPNs');
  return <Table table={table} width={width} height={height} focused={active} emptyText={empty} />;
}
