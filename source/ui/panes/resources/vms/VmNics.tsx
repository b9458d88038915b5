// One VM's NICs: network, address, MAC; m moves the selected NIC to another network.
import type {Nic, Site, Vm} from '../../../../domain/model.js';
import {findVm, nicAddress} from '../../../../domain/edits/vms.js';
import {networkName} from '../../../../domain/edits/resource-fields.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {Table} from '../../../components/table/Table.js';
import type {Column} from '../../../components/table/types.js';
import {useTable, useTableInput} from '../../../components/table/use-table.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {Missing} from '../shared/Missing.js';
import {yesNo} from '../../../../domain/format.js';

export interface VmParams {
  vm: number;
  name: string;
}

interface Row {
  nic: Nic;
  network: string;
  address: string;
}

const COLUMNS: readonly Column<Row>[] = [
  {id: 'name', header: 'NIC', format: (r) => r.nic.name, width: 8, minWidth: 4, priority: 0},
  {id: 'network', header: 'NETWORK', format: (r) => r.network, width: 16, priority: 0},
  {id: 'address', header: 'ADDRESS', format: (r) => r.address, width: 15, priority: 1},
  {id: 'mac', header: 'MAC', format: (r) => r.nic.mac, width: 17, priority: 2},
  {id: 'interface', header: 'MODEL', format: (r) => r.nic.interface, width: 8, priority: 4},
  {id: 'enabled', header: 'ENABLED', format: (r) => yesNo(r.nic.enabled), width: 7, priority: 3},
  {id: 'description', header: 'DESCRIPTION', format: (r) => r.nic.description, width: 16, grow: true, priority: 5},
];

function rows(vm: Vm | undefined, site: Site | null): Row[] {
  if (!vm || !site) return [];
  return vm.nics.map((nic) => ({
    nic,
    network: networkName(site, nic.vnet) || '— (unplugged)',
    address: nicAddress(nic, site),
  }));
}

export function VmNics({params, width, height, filter, active, shell}: ViewProps<VmParams>) {
  const {site} = useLoadedSite(['vms', 'networks', 'addresses']);
  const vm = site ? findVm(site, params.vm) : undefined;
  const table = useTable({
    width,
    rows: rows(vm, site),
    columns: COLUMNS,
    height,
    filter,
    rowKey: (r) => String(r.nic.key),
  });
  useTableInput(table);
  useActionHandler('vms.nic.move', () => {
    const nic = table.selected?.nic;
    if (vm && nic) shell.push('vms.move', {vm: vm.key, nic: nic.key, label: `${vm.name} ${nic.name}`});
  });
  if (site && !vm) return <Missing width={width} text={`VM ${params.name} no longer exists (Esc goes back)`} />;
  return (
    <Table
      table={table}
      width={width}
      height={height}
      focused={active}
      emptyText={site ? 'This VM has no NICs' : 'Loading…'}
    />
  );
}
