// Tenants: what belongs to one on this (the parent) site — its network, the
// network blocks and external IPs it was given — and the power and isolation
// actions, with the words that say what isolation cuts.
import type {TenantAction} from '../../api/enums.js';
import type {ChangePlan, Step} from '../changes/types.js';
import {cidrContains, cidrOverlaps, validateCidr} from '../ip.js';
import type {Address, Network, NetworkBlock, Site, Tenant} from '../model.js';
import {
  descriptionError,
  nameError,
  networkByKey,
  networkName,
  tenantOwner,
  text,
  type EditValues,
} from './resource-fields.js';

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

/** 'tenant NAME' for a `tenants/<key>` owner, else the owner as written. */
export function ownerOf(site: Site, owner: string): string {
  const m = /^tenants\/(\d+)$/.exec(owner);
  const t = m ? site.tenants.find((x) => x.key === Number(m[1])) : undefined;
  return t ? `tenant ${t.name}` : owner || 'the site';
}

/** What the parent network alone says against giving a (well-formed) block of it away, or nothing. */
export function blockParentError(
  parent: Pick<Network, 'name' | 'cidr' | 'routerIp' | 'gateway'>,
  cidr: string,
): string | undefined {
  if (parent.cidr && validateCidr(parent.cidr).ok && !cidrContains(parent.cidr, cidr))
    return `not inside ${parent.name}'s block ${parent.cidr}`;
  for (const ip of [parent.routerIp, parent.gateway])
    if (ip && cidrContains(cidr, ip)) return `contains ${parent.name}'s router or gateway ${ip}`;
  return undefined;
}

/**
 * Why `cidr` on `network` cannot be given to `tenant` on this site, or nothing:
 * the tenant wizard's page, a wizard answer file and a site file (against the
 * networks the file describes, then against the live site when planning) ask
 * the same question.
 */
export function validateBlock(site: Site, tenant: string, network: string, cidr: string): string | undefined {
  const v = validateCidr(cidr);
  if (!v.ok) return v.error;
  const n = site.networks.find((x) => x.name === network);
  if (!n) return undefined;
  const outside = blockParentError(n, cidr);
  if (outside) return outside;
  const t = site.tenants.find((x) => x.name === tenant);
  for (const b of site.blocks) {
    if (b.vnet === n.key && b.cidr === cidr && b.tenant === t?.key && t !== undefined) continue;
    if (cidrOverlaps(b.cidr, cidr)) return `overlaps the network block ${b.cidr} of ${ownerOf(site, b.owner)}`;
  }
  const used = site.addresses.find(
    (a) => a.vnet === n.key && a.ip && cidrContains(cidr, a.ip) && a.owner !== (t ? `tenants/${t.key}` : '-'),
  );
  if (used) return `contains ${used.ip}, already used by ${ownerOf(site, used.owner)}`;
  return undefined;
}

/** Why a new tenant cannot take this name, or nothing. */
export function validateTenantName(value: string, site: Site): string | undefined {
  const bad = nameError(value, 'tenant');
  if (bad) return bad;
  if (site.tenants.some((t) => t.name.toLowerCase() === value.trim().toLowerCase()))
    return `a tenant named ${value.trim()} exists`;
  return undefined;
}

/**
 * A tenant with a name and a description (the same call the tenant wizard and
 * a site file make); its blocks, external addresses and isolation come after,
 * from the tenant wizard or a site file.
 */
export function createTenantPlan(values: EditValues, site: Site): ChangePlan {
  const name = text(values, 'name');
  const problem = validateTenantName(name, site) ?? descriptionError(text(values, 'description'));
  if (problem) throw new Error(`the tenant form has errors: ${problem}`);
  return {
    title: `Create tenant ${name}`,
    steps: [
      {
        kind: 'create',
        id: `create tenant ${name}`,
        title: `Create tenant ${name}`,
        table: 'tenants',
        body: {name, description: text(values, 'description')},
        identity: {name},
        knownNew: true,
      },
    ],
  };
}
