// :tenants — each tenant with its state, isolation and what it holds on this
// site; Enter shows the detail. Power and isolation ask first.
import {tenantResources} from '../../../../domain/edits/tenants.js';
import type {Site, Tenant} from '../../../../domain/model.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {Table} from '../../../components/table/Table.js';
import type {Column} from '../../../components/table/types.js';
import {useTable, useTableInput} from '../../../components/table/use-table.js';
import {useReadOnly, useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {isolateActionFor, runTenantAction, TENANT_SECTIONS} from './tenant-actions.js';
import {layer2Networks} from './TenantDetail.js';
import {notLoadedText} from '../../../app/loading.js';

interface Row {
  tenant: Tenant;
  network: string;
  blocks: string;
  ips: string;
  layer2: string;
}

const stateTone = (t: Tenant) =>
  t.state === 'error' ? 'danger' : t.running ? (t.state === 'warning' ? 'warning' : 'ok') : 'muted';

const COLUMNS: readonly Column<Row>[] = [
  {id: 'name', header: 'NAME', format: (r) => r.tenant.name, width: 14, minWidth: 6, priority: 0},
  {
    id: 'state',
    header: 'STATE',
    format: (r) => r.tenant.status || r.tenant.state || 'unknown',
    width: 10,
    kind: 'status',
    tone: (r) => stateTone(r.tenant),
    priority: 0,
  },
  {
    id: 'isolated',
    header: 'ISOLATED',
    format: (r) => (r.tenant.isolate ? 'isolated' : 'no'),
    width: 10,
    kind: 'status',
    // Isolation is what step 5 sets out to reach: shown as a good state, not an alarm.
    tone: (r) => (r.tenant.isolate ? 'ok' : undefined),
    priority: 0,
  },
  {id: 'network', header: 'NETWORK', format: (r) => r.network, width: 14, priority: 2},
  {id: 'blocks', header: 'BLOCKS', format: (r) => r.blocks, width: 18, priority: 3},
  {id: 'ips', header: 'EXTERNAL IPS', format: (r) => r.ips, width: 16, grow: true, priority: 1},
  {
    id: 'layer2',
    header: 'L2 PASS-THROUGH',
    format: (r) => r.layer2 || '—',
    width: 16,
    tone: (r) => (r.layer2 ? 'warning' : undefined),
    priority: 2,
  },
];

function rows(site: Site | null): Row[] {
  if (!site) return [];
  return site.tenants.map((tenant) => {
    const r = tenantResources(tenant, site);
    return {
      tenant,
      network: r.network?.name ?? '',
      blocks: r.blocks.map((b) => b.cidr).join(', '),
      ips: r.externalIps.map((a) => a.ip).join(', '),
      layer2: layer2Networks(tenant, site)
        .filter((l) => l.enabled)
        .map((l) => l.name)
        .join(', '),
    };
  });
}

export function TenantsList({width, height, filter, active, shell, state}: ViewProps<undefined>) {
  const session = useSession();
  const readOnly = useReadOnly();
  const {site} = useLoadedSite(TENANT_SECTIONS);
  const table = useTable({
    width,
    rows: rows(site),
    columns: COLUMNS,
    height,
    filter,
    rowKey: (r) => String(r.tenant.key),
  });
  useTableInput(table);
  const selected = table.selected?.tenant;
  useActionHandler('tenants.create', () => shell.push('tenants.form'));
  useActionHandler('app.open', () => {
    if (selected) shell.push('tenants.detail', {tenant: selected.key, name: selected.name});
  });
  useActionHandler(
    'tenants.poweron',
    () => site && selected && runTenantAction(shell, session, site, selected, 'poweron', 'p'),
  );
  useActionHandler(
    'tenants.poweroff',
    () => site && selected && runTenantAction(shell, session, site, selected, 'poweroff', 'P'),
  );
  useActionHandler(
    'tenants.isolate',
    () => site && selected && runTenantAction(shell, session, site, selected, isolateActionFor(selected), 'i'),
  );
  const empty = site
    ? filter
      ? `No tenant matches /${filter}`
      : readOnly
        ? 'No tenants on this site'
        : 'No tenants yet: n creates one by name, :wizard tenants walks step 5 (blocks, isolation)'
    : notLoadedText(state, undefined, 'tenants');
  return (
    <Table
      table={table}
      width={width}
      height={height}
      focused={active}
      emptyText={empty}
      rowTone={(r) => (r.tenant.isolate ? 'danger' : undefined)}
    />
  );
}
