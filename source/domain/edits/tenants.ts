// Tenants: what belongs to one on this (the parent) site — its network, the
// network blocks and external IPs it was given — and the power and isolation
// actions, with the words that say what isolation cuts.
import type {TenantAction} from '../../api/enums.js';
import type {ChangePlan, Step} from '../changes/types.js';
import type {Address, Network, NetworkBlock, Site, Tenant} from '../model.js';
import {networkByKey, networkName, tenantOwner} from './resource-fields.js';

export interface TenantResources {
  network?: Network;
  blocks: Array<NetworkBlock & {networkName: string}>;
  externalIps: Array<Address & {networkName: string}>;
}

export function tenantResources(tenant: Tenant, site: Site): TenantResources {
  return {
    network: networkByKey(site, tenant.vnet),
    blocks: site.blocks
      .filter((b) => (b.tenant ?? tenantOwner(b.owner)) === tenant.key)
      .map((b) => ({...b, networkName: networkName(site, b.vnet)})),
    externalIps: site.addresses
      .filter((a) => a.type === 'virtual' && tenantOwner(a.owner) === tenant.key)
      .map((a) => ({...a, networkName: networkName(site, a.vnet)})),
  };
}

export type TenantPowerAction = Extract<TenantAction, 'poweron' | 'poweroff'>;
export type TenantIsolateAction = Extract<TenantAction, 'isolateon' | 'isolateoff'>;

const VERB: Record<TenantPowerAction | TenantIsolateAction, string> = {
  poweron: 'Power on',
  poweroff: 'Power off',
  isolateon: 'Isolate',
  isolateoff: 'End isolation of',
};

/**
 * One tenant action. Isolation waits until VergeOS shows the new state (and
 * is skipped when it already does); power changes are left to the refresh —
 * a tenant can take minutes to boot.
 */
export function tenantActionPlan(tenant: Tenant, action: TenantPowerAction | TenantIsolateAction): ChangePlan {
  if (action === 'poweron' && tenant.nodes === 0) throw new Error(noNodes(tenant));
  const step: Step = {
    kind: 'action',
    id: `${action} tenant ${tenant.key}`,
    title: `${VERB[action]} tenant ${tenant.name}`,
    table: 'tenant_actions',
    body: {tenant: tenant.key, action},
  };
  if (action === 'isolateon' || action === 'isolateoff') {
    step.waitFor = {
      table: 'tenants',
      key: tenant.key,
      field: 'isolate',
      equals: action === 'isolateon',
      timeoutMs: 30_000,
    };
  }
  return {title: `${VERB[action]} tenant ${tenant.name}`, steps: [step]};
}

/**
 * VergeOS accepts a power-on of a tenant without nodes and starts only the
 * tenant's network (TF3 CHANGELOG, VERGEOS-API.md §8.1 #7): nothing of the
 * tenant itself runs. vseg refuses it before sending anything.
 */
function noNodes(tenant: Tenant): string {
  return `${tenant.name} has no nodes: VergeOS would start only its network, not the tenant. Give it a node (tenant_nodes) first.`;
}

/** Whether the action makes sense in the tenant's current state (else the reason). */
export function tenantActionRefusal(
  tenant: Tenant,
  action: TenantPowerAction | TenantIsolateAction,
): string | undefined {
  const status = tenant.status || tenant.state;
  switch (action) {
    case 'poweron':
      if (tenant.running || status === 'starting') return `${tenant.name} is already ${status || 'running'}`;
      return tenant.nodes === 0 ? noNodes(tenant) : undefined;
    case 'poweroff':
      return !tenant.running && (status === 'offline' || status === 'stopping' || status === '')
        ? `${tenant.name} is already ${status || 'off'}`
        : undefined;
    case 'isolateon':
      return tenant.isolate ? `${tenant.name} is already isolated` : undefined;
    case 'isolateoff':
      return tenant.isolate ? undefined : `${tenant.name} is not isolated`;
  }
}

/** What the operator is about to cut or restore, in the tenant's own addresses. */
export function isolationImpact(tenant: Tenant, site: Site, action: TenantIsolateAction): string[] {
  const r = tenantResources(tenant, site);
  const ips = r.externalIps.map((a) => `${a.ip} (${a.networkName})`);
  const blocks = r.blocks.map((b) => `${b.cidr} (${b.networkName})`);
  const what = [
    r.network ? `its network ${r.network.name}` : 'its network',
    ips.length ? `external IP${ips.length > 1 ? 's' : ''} ${ips.join(', ')}` : '',
    blocks.length ? `network block${blocks.length > 1 ? 's' : ''} ${blocks.join(', ')}` : '',
  ].filter(Boolean);
  if (action === 'isolateon') {
    return [
      `Isolation cuts every network path between tenant ${tenant.name} and the outside:`,
      `${what.join(', ')} stop passing traffic, and its UI address becomes unreachable.`,
      'The tenant keeps running; its own workloads still reach each other.',
      'Use it to contain an incident; End isolation restores the paths.',
    ];
  }
  return [
    `Ending isolation restores the network paths of tenant ${tenant.name}:`,
    `${what.join(', ')} pass traffic again, as its rules allow.`,
  ];
}

export function powerImpact(tenant: Tenant, action: TenantPowerAction): string[] {
  return action === 'poweroff'
    ? [
        `Every VM and network inside tenant ${tenant.name} stops, and its users lose access until it is powered on again.`,
      ]
    : [`Tenant ${tenant.name} starts on its nodes; its networks and VMs come up as configured inside it.`];
}
