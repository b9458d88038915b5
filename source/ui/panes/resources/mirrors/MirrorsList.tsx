// :mirrors — every network's mirroring mode, its `<NAME>_mirror` network and
// the capture NICs on it. m changes the mode, R restarts the network (which is
// when the change happens), a attaches a capture VM's NIC.
import {
  captureNics,
  mirrorableNetworks,
  mirrorNetworkOf,
  mirrorPending,
  restartExplanation,
  restartPlan,
} from '../../../../domain/edits/mirrors.js';
import type {Network, Site} from '../../../../domain/model.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {Table} from '../../../components/table/Table.js';
import type {Column} from '../../../components/table/types.js';
import {useTable, useTableInput} from '../../../components/table/use-table.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {confirmAndRun} from '../../core/run-plan.js';
import {notLoadedText} from '../../../app/loading.js';

export const MIRROR_SECTIONS = ['networks', 'vms'] as const;

interface Row {
  network: Network;
  mirror: string;
  capture: string;
  pending: 'create' | 'remove' | undefined;
}

const MODE_TEXT = {off: 'off', north_south: 'north/south', east_west: 'east/west'} as const;

const COLUMNS: readonly Column<Row>[] = [
  {id: 'name', header: 'NETWORK', format: (r) => r.network.name, width: 13, minWidth: 8, priority: 0},
  {
    id: 'mode',
    header: 'MODE',
    format: (r) => MODE_TEXT[r.network.portMirroring] ?? r.network.portMirroring,
    width: 13,
    kind: 'status',
    tone: (r) =>
      r.network.portMirroring === 'east_west'
        ? 'warning'
        : r.network.portMirroring === 'north_south'
          ? 'info'
          : undefined,
    priority: 0,
  },
  {id: 'mirror', header: 'MIRROR NETWORK', format: (r) => r.mirror, width: 14, minWidth: 10, priority: 1},
  {id: 'capture', header: 'CAPTURE NICS', format: (r) => r.capture, width: 16, minWidth: 10, grow: true, priority: 1},
  {
    id: 'pending',
    header: 'RESTART',
    format: (r) =>
      r.pending === 'create' ? 'needed' : r.pending === 'remove' ? 'to remove' : r.network.needRestart ? 'needed' : '',
    width: 10,
    kind: 'status',
    tone: (r) => (r.pending || r.network.needRestart ? 'warning' : undefined),
    priority: 2,
  },
  {
    id: 'state',
    header: 'STATE',
    format: (r) => r.network.status,
    width: 10,
    kind: 'status',
    tone: (r) => (r.network.running ? 'ok' : 'muted'),
    priority: 4,
  },
];

function rows(site: Site | null): Row[] {
  if (!site) return [];
  return mirrorableNetworks(site).map((network) => ({
    network,
    mirror: mirrorNetworkOf(network, site)?.name ?? '',
    capture: captureNics(network, site)
      .map((c) => `${c.vm.name}.${c.nic.name}`)
      .join(', '),
    pending: mirrorPending(network, site),
  }));
}

export function MirrorsList({width, height, filter, active, shell, state}: ViewProps<undefined>) {
  const session = useSession();
  const {site} = useLoadedSite(MIRROR_SECTIONS);
  const table = useTable({
    width,
    rows: rows(site),
    columns: COLUMNS,
    height,
    filter,
    rowKey: (r) => String(r.network.key),
  });
  useTableInput(table);
  const network = table.selected?.network;
  useActionHandler('mirrors.mode', () => {
    if (network) shell.push('mirrors.mode', {network: network.key, name: network.name});
  });
  useActionHandler('mirrors.attach', () => {
    if (!network || !site) return;
    if (!mirrorNetworkOf(network, site)) {
      shell.notify(
        'warning',
        network.portMirroring === 'off'
          ? `${network.name} is not mirrored: m turns mirroring on, then R restarts it`
          : `${network.name} has no mirror network yet: R restarts it so VergeOS creates ${network.name}_mirror`,
      );
      return;
    }
    shell.push('mirrors.attach', {network: network.key, name: network.name});
  });
  useActionHandler('mirrors.restart', () => {
    if (!network || !site) return;
    const pending = mirrorPending(network, site);
    void confirmAndRun(shell, session, restartPlan(network), {
      message: [
        ...restartExplanation(network),
        pending === 'create'
          ? `VergeOS then creates ${network.name}_mirror for the capture NIC.`
          : pending === 'remove'
            ? `VergeOS then removes ${mirrorNetworkOf(network, site)?.name ?? 'the mirror network'} and unplugs its capture NICs.`
            : '',
      ],
      confirmLabel: 'Restart',
      dangerous: true,
      triggerKey: 'R',
      refresh: [...MIRROR_SECTIONS],
      after: `${network.name} is restarting; its mirror state shows once it is back (r refreshes)`,
    });
  });
  const empty = site
    ? filter
      ? `No network matches /${filter}`
      : 'No networks'
    : notLoadedText(state, undefined, 'networks');
  return <Table table={table} width={width} height={height} focused={active} emptyText={empty} />;
}
