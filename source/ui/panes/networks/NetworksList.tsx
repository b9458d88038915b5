// The networks pane (first cut: list only; see panes/README for the pattern).
import type {Network, Site} from '../../../domain/model.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {defineView, type ViewProps} from '../../app/views.js';
import {useSite} from '../../data/session.js';

interface Row {
  network: Network;
  rules: number;
}

const COLUMNS: readonly Column<Row>[] = [
  {id: 'name', header: 'NAME', format: (r) => r.network.name, width: 16, minWidth: 8, priority: 0},
  {id: 'type', header: 'TYPE', format: (r) => r.network.type, width: 9, priority: 3},
  {id: 'cidr', header: 'CIDR', format: (r) => r.network.cidr, width: 18, priority: 1},
  {id: 'router', header: 'ROUTER', format: (r) => r.network.routerIp, width: 15, priority: 4},
  {id: 'state', header: 'STATE', format: (r) => r.network.status, width: 10, kind: 'status', tone: (r) => (r.network.running ? 'ok' : 'muted'), priority: 2},
  {id: 'rules', header: 'RULES', format: (r) => String(r.rules), sortValue: (r) => r.rules, width: 6, align: 'right', priority: 5},
  {id: 'pending', header: 'APPLY', format: (r) => (r.network.needFwApply ? 'pending' : ''), width: 8, kind: 'status', tone: () => 'warning', priority: 2},
];

function rows(site: Site | null): Row[] {
  if (!site) return [];
  const count = new Map<number, number>();
  for (const r of site.rules) count.set(r.vnet, (count.get(r.vnet) ?? 0) + 1);
  return site.networks.map((network) => ({network, rules: count.get(network.key) ?? 0}));
}

function NetworksList({width, height, filter, active}: ViewProps<undefined>) {
  const snapshot = useSite(['networks', 'rules']);
  const table = useTable({rows: rows(snapshot.site), columns: COLUMNS, height, filter, rowKey: (r) => String(r.network.key)});
  useTableInput(table);
  const empty = snapshot.site ? (filter ? `No network matches /${filter}` : 'No networks') : 'Loading networks…';
  return <Table table={table} width={width} height={height} focused={active} emptyText={empty} />;
}

export const networksView = defineView<undefined>({
  id: 'networks',
  title: 'networks',
  command: 'networks',
  aliases: ['net', 'vnets'],
  description: 'Networks, their rule state and mirroring',
  render: NetworksList,
});
