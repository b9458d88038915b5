// One tenant: state, isolation, its network here, the network blocks and
// external IPs it was given; the same power and isolation keys as the list.
import {tenantResources} from '../../../../domain/edits/tenants.js';
import type {Site, Tenant} from '../../../../domain/model.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../../components/TextView.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {Missing} from '../shared/Missing.js';
import {isolateActionFor, runTenantAction, TENANT_SECTIONS} from './tenant-actions.js';

export interface TenantParams {
  tenant: number;
  name: string;
}

export function tenantLines(tenant: Tenant, site: Site): string[] {
  const r = tenantResources(tenant, site);
  const lines = [
    `Tenant     ${tenant.name}`,
    `About      ${tenant.description || '—'}`,
    `State      ${tenant.status || 'unknown'} (${tenant.state || 'unknown'})${tenant.running ? ', running' : ''}`,
    `Isolation  ${tenant.isolate ? 'isolated — its network paths are cut (i ends isolation)' : 'not isolated'}`,
    `Network    ${r.network ? `${r.network.name}${r.network.cidr ? ` ${r.network.cidr}` : ''} (${r.network.status || 'unknown'})` : '—'}`,
    '',
    `Network blocks (${r.blocks.length})`,
    ...(r.blocks.length
      ? r.blocks.map((b) => `  ${b.cidr.padEnd(20)} on ${b.networkName}${b.description ? `  ${b.description}` : ''}`)
      : ['  none']),
    '',
    `External IPs (${r.externalIps.length})`,
    ...(r.externalIps.length
      ? r.externalIps.map(
          (a) =>
            `  ${a.ip.padEnd(20)} on ${a.networkName}${a.hostname ? `  ${a.hostname}` : ''}${a.key === tenant.uiAddress ? '  (UI address)' : ''}`,
        )
      : ['  none']),
  ];
  return lines;
}

export function TenantDetail({params, width, height, shell}: ViewProps<TenantParams>) {
  const session = useSession();
  const {site} = useLoadedSite(TENANT_SECTIONS);
  const tenant = site?.tenants.find((t) => t.key === params.tenant);
  const lines = tenant && site ? tenantLines(tenant, site) : [];
  const view = useTextView({lineCount: lines.length, height});
  useTextViewInput(view);
  useActionHandler(
    'tenant.poweron',
    () => site && tenant && runTenantAction(shell, session, site, tenant, 'poweron', 'p'),
  );
  useActionHandler(
    'tenant.poweroff',
    () => site && tenant && runTenantAction(shell, session, site, tenant, 'poweroff', 'P'),
  );
  useActionHandler(
    'tenant.isolate',
    () => site && tenant && runTenantAction(shell, session, site, tenant, isolateActionFor(tenant), 'i'),
  );
  if (!site) return <Missing width={width} text="Loading…" />;
  if (!tenant) return <Missing width={width} text={`Tenant ${params.name} no longer exists (Esc goes back)`} />;
  return (
    <TextView
      lines={lines}
      width={width}
      height={height}
      offset={view.offset}
      left={view.left}
      tone={(line) =>
        line.startsWith('Isolation  isolated') ? 'ok' : /^[A-Z][a-z ]+\(\d+\)$/.test(line) ? 'accent' : undefined
      }
    />
  );
}
