// :vms — every VM with its NICs' networks and addresses (what rules and
// wizards pick endpoints from). Enter lists the NICs.
import type {Site, Vm} from '../../../../domain/model.js';
import {nicAddress} from '../../../../domain/edits/vms.js';
import {networkName} from '../../../../domain/edits/resource-fields.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {Table} from '../../../components/table/Table.js';
import type {Column} from '../../../components/table/types.js';
import {useTable, useTableInput} from '../../../components/table/use-table.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {notLoadedText} from '../../../app/loading.js';

interface Row {
  vm: Vm;
  networks: string;
  addresses: string;
}

const COLUMNS: readonly Column<Row>[] = [
  {id: 'name', header: 'NAME', format: (r) => r.vm.name, width: 16, minWidth: 8, priority: 0},
  {
    id: 'state',
    header: 'STATE',
    format: (r) => r.vm.status,
    width: 10,
    kind: 'status',
    tone: (r) => (r.vm.running ? 'ok' : 'muted'),
    priority: 1,
  },
  {
    id: 'nics',
    header: 'NICS',
    format: (r) => String(r.vm.nics.length),
    sortValue: (r) => r.vm.nics.length,
    width: 4,
    align: 'right',
    priority: 4,
  },
  {id: 'networks', header: 'NETWORKS', format: (r) => r.networks, width: 18, priority: 2},
  {id: 'addresses', header: 'ADDRESSES', format: (r) => r.addresses, width: 18, grow: true, priority: 3},
];

function rows(site: Site | null): Row[] {
  if (!site) return [];
  return site.vms.map((vm) => ({
    vm,
    networks: vm.nics.map((n) => networkName(site, n.vnet) || '—').join(', '),
    addresses: vm.nics
      .map((n) => nicAddress(n, site))
      .filter(Boolean)
      .join(', '),
  }));
}

export function VmsList({width, height, filter, active, shell, state}: ViewProps<undefined>) {
  const snapshot = useLoadedSite(['vms', 'networks', 'addresses']);
  const table = useTable({
    width,
    rows: rows(snapshot.site),
    columns: COLUMNS,
    height,
    filter,
    rowKey: (r) => String(r.vm.key),
  });
  useTableInput(table);
  useActionHandler('app.open', () => {
    const vm = table.selected?.vm;
    if (vm) shell.push('vms.nics', {vm: vm.key, name: vm.name});
  });
  const empty = snapshot.site
    ? filter
      ? `No VM matches /${filter}`
      : 'No VMs'
    : notLoadedText(state, undefined, 'VMs');
  return <Table table={table} width={width} height={height} focused={active} emptyText={empty} />;
}
