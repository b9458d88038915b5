// The phase 2 selectors of one IPsec tunnel (which local and remote networks
// it carries).
import {deletePhase2Plan} from '../../../../domain/edits/ipsec.js';
import {applyRulesNote, networkName} from '../../../../domain/edits/resource-fields.js';
import type {IpsecPhase2} from '../../../../domain/model.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {Table} from '../../../components/table/Table.js';
import type {Column} from '../../../components/table/types.js';
import {useTable, useTableInput} from '../../../components/table/use-table.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {yesNo} from '../../../../domain/format.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun} from '../../core/run-plan.js';
import {VPN_SECTIONS} from './sections.js';

export interface TunnelParams {
  tunnel: number;
  name: string;
}

const COLUMNS: readonly Column<IpsecPhase2>[] = [
  {id: 'name', header: 'PHASE 2', format: (p) => p.name, width: 12, minWidth: 6, priority: 0},
  {id: 'local', header: 'LOCAL', format: (p) => p.local, width: 18, priority: 0},
  {id: 'remote', header: 'REMOTE', format: (p) => p.remote, width: 18, priority: 0},
  {id: 'mode', header: 'MODE', format: (p) => p.mode, width: 9, priority: 3},
  {id: 'protocol', header: 'PROTO', format: (p) => p.protocol, width: 5, priority: 4},
  {
    id: 'lifetime',
    header: 'LIFETIME',
    format: (p) => `${p.lifetime} s`,
    sortValue: (p) => p.lifetime,
    width: 8,
    align: 'right',
    priority: 5,
  },
  {id: 'enabled', header: 'ON', format: (p) => yesNo(p.enabled), width: 3, priority: 2},
  {id: 'ciphers', header: 'CIPHERS', format: (p) => p.ciphers, width: 20, grow: true, priority: 6},
];

export function IpsecPhase2List({params, width, height, filter, active, shell}: ViewProps<TunnelParams>) {
  const session = useSession();
  const {site} = useLoadedSite(VPN_SECTIONS);
  const tunnel = site?.ipsec.find((t) => t.key === params.tunnel);
  const table = useTable({
    width,
    rows: tunnel?.phase2 ?? [],
    columns: COLUMNS,
    height,
    filter,
    rowKey: (p) => String(p.key),
  });
  useTableInput(table);
  const p2 = table.selected;
  useActionHandler(
    'vpn.phase2.new',
    () => tunnel && shell.push('vpn.phase2-form', {tunnel: tunnel.key, name: tunnel.name}),
  );
  useActionHandler(
    'vpn.phase2.edit',
    () =>
      tunnel &&
      p2 &&
      shell.push('vpn.phase2-form', {tunnel: tunnel.key, name: tunnel.name, phase2: p2.key, phase2Name: p2.name}),
  );
  useActionHandler('vpn.phase2.delete', () => {
    if (!site || !tunnel || !p2) return;
    void confirmAndRun(shell, session, deletePhase2Plan(tunnel, p2, site), {
      message: [`Traffic between ${p2.local} and ${p2.remote} no longer goes through ${tunnel.name}.`],
      confirmLabel: 'Delete',
      typeToConfirm: p2.name,
      triggerKey: 'd',
      dangerous: true,
      refresh: VPN_SECTIONS,
      after: applyRulesNote([networkName(site, tunnel.vnet)]),
    });
  });
  if (!site) return <Missing width={width} text="Loading…" />;
  if (!tunnel) return <Missing width={width} text={`IPsec tunnel ${params.name} no longer exists (Esc goes back)`} />;
  return (
    <Table
      table={table}
      width={width}
      height={height}
      focused={active}
      emptyText={filter ? `No phase 2 matches /${filter}` : `${tunnel.name} carries nothing yet: n adds a phase 2`}
      rowTone={(p) => (p.enabled ? undefined : 'muted')}
    />
  );
}
