// Step 5, isolate tenants: a tenant (a virtual data centre with its own
// networks) created or picked, given a network block and/or an external IP on
// a parent network, isolation turned on, and — from the policy — which of its
// flows to the other networks the rules allow.
import {z} from 'zod';
import type {BodyValue, CreateStep, KeyOrRef} from '../changes/types.js';
import {cidrContains, cidrRange, parseCidr, parseIpv4, validateCidr, validateIp} from '../ip.js';
import type {Address, Site} from '../model.js';
import {isSyntheticKey} from '../plan/after.js';
import {derivedNetworkKeys} from '../sitefile/from-site.js';
import type {TenantSpec} from '../sitefile/schema.js';
import {ownerOf, validateBlock} from '../edits/tenants.js';
import {nameError, textError} from './names.js';
import {buildReview, checkLine} from './review.js';
import {assemble, diffDoc, docFor} from './site-plan.js';
import type {Plan} from '../plan/index.js';
import type {PlanContext, ReviewLine, WizardDef, WizardPage, WizardPlan, WizardPolicy} from './types.js';

export const tenantsSchema = z.strictObject({
  tenant: z.string(),
  description: z.string().optional(),
  block: z.strictObject({network: z.string(), cidr: z.string()}).optional(),
  externalIp: z.strictObject({network: z.string(), ip: z.string()}).optional(),
  isolate: z.boolean().default(true),
});
export type TenantAnswers = z.output<typeof tenantsSchema>;

export function validateTenantName(text: string): string | undefined {
  return nameError('tenant', text, 120);
}

export function validateParentNetwork(site: Site, name: string): string | undefined {
  const n = site.networks.find((x) => x.name === name);
  if (!n) return `no network named "${name}"`;
  if (derivedNetworkKeys(site).has(n.key)) return `${name} is managed by VergeOS`;
  if (!n.cidr) return `${name} has no address block`;
  return undefined;
}

export function validateExternalIp(site: Site, tenant: string, network: string, ip: string): string | undefined {
  const v = validateIp(ip);
  if (!v.ok) return v.error;
  const n = site.networks.find((x) => x.name === network);
  if (!n) return undefined;
  const c = parseCidr(n.cidr);
  if (c.ok) {
    const [lo, hi] = cidrRange(c.value);
    const x = parseIpv4(ip)!;
    if (x <= lo || x >= hi) return `not a host address inside ${n.name}'s block ${n.cidr}`;
  }
  if (ip === n.routerIp || ip === n.gateway) return `that is ${n.name}'s router or gateway`;
  const t = site.tenants.find((x) => x.name === tenant);
  const taken = site.addresses.find((a) => a.vnet === n.key && a.ip === ip && a.type !== 'dynamic');
  if (taken && (!t || taken.owner !== `tenants/${t.key}`)) return `already used by ${ownerOf(site, taken.owner)}`;
  const block = site.blocks.find((b) => b.vnet === n.key && cidrContains(b.cidr, ip) && b.tenant !== t?.key);
  if (block) return `inside the network block ${block.cidr} of ${ownerOf(site, block.owner)}`;
  return undefined;
}

function validateAnswers(site: Site, a: TenantAnswers): string[] {
  const p: string[] = [];
  const add = (where: string, e: string | undefined) => void (e && p.push(`${where}: ${e}`));
  add('tenant', validateTenantName(a.tenant));
  if (a.description !== undefined) add('description', textError(a.description));
  if (a.block) {
    add('block / network', validateParentNetwork(site, a.block.network));
    add('block / cidr', validateBlock(site, a.tenant, a.block.network, a.block.cidr));
  }
  if (a.externalIp) {
    add('externalIp / network', validateParentNetwork(site, a.externalIp.network));
    add('externalIp / ip', validateExternalIp(site, a.tenant, a.externalIp.network, a.externalIp.ip));
    if (
      a.block &&
      a.block.network === a.externalIp.network &&
      validateCidr(a.block.cidr).ok &&
      cidrContains(a.block.cidr, a.externalIp.ip)
    )
      add('externalIp / ip', `inside the block ${a.block.cidr} the tenant gets anyway`);
  }
  return p;
}

/** What the rules allow between the tenant's addresses and each segment, both ways. */
export function tenantFlows(
  site: Site,
  addresses: readonly string[],
  policy: WizardPolicy,
  /** The live site, when `site` is a planned one: flows it blocks now are not marked ✓. */
  live?: Site,
): ReviewLine[] {
  if (addresses.length === 0)
    return [{kind: 'note', text: '  The tenant has no addresses on this site yet: no flows to judge'}];
  const derived = derivedNetworkKeys(site);
  const from = `ip:${addresses.join(',')}`;
  const lines: ReviewLine[] = [];
  for (const n of site.networks.filter((x) => x.type === 'internal' && !derived.has(x.key) && x.cidr)) {
    for (const [a, b, label] of [
      [from, `net:${n.name}`, `tenant → ${n.name}`],
      [`net:${n.name}`, from, `${n.name} → tenant`],
    ] as const) {
      const query = {from: a, to: b, service: 'any'};
      const c = policy.checkFlow(site, query);
      const now = live ? policy.checkFlow(live, query) : undefined;
      lines.push(
        'error' in c ? {kind: 'warning', text: `  ? ${label}: ${c.error}`} : checkLine(label, c.verdict, c.reason, now),
      );
    }
  }
  return lines;
}

function tenantAddresses(site: Site, a: TenantAnswers): string[] {
  const t = site.tenants.find((x) => x.name === a.tenant);
  const live = t
    ? [
        ...site.blocks.filter((b) => b.tenant === t.key).map((b) => b.cidr),
        ...site.addresses.filter((x) => x.owner === `tenants/${t.key}`).map((x) => x.ip),
      ]
    : [];
  const wanted = [a.block?.cidr, a.externalIp?.ip].filter((x): x is string => Boolean(x));
  return [...new Set([...live, ...wanted])];
}

export function planTenants(site: Site, a: TenantAnswers, ctx: PlanContext): WizardPlan {
  const title = 'Tenant isolation wizard';
  const errors = validateAnswers(site, a);
  const objects: ReviewLine[] = [];
  const doc = docFor(site, []);
  const live = site.tenants.find((t) => t.name === a.tenant);
  let sitePlan: Plan | undefined;
  const extra: CreateStep[] = [];
  const touched: Array<{name: string; vnet: KeyOrRef}> = [];
  if (errors.length === 0) {
    const liveBlocks = live
      ? site.blocks
          .filter((b) => b.tenant === live.key)
          .map((b) => ({
            network: site.networks.find((n) => n.key === b.vnet)?.name ?? '',
            cidr: b.cidr,
            description: b.description,
          }))
          .filter((b) => b.network !== '')
      : [];
    const spec: TenantSpec = {
      name: a.tenant,
      description: a.description ?? live?.description ?? '',
      isolate: a.isolate,
      blocks: liveBlocks,
    };
    if (a.block && !liveBlocks.some((b) => b.network === a.block!.network && b.cidr === a.block!.cidr))
      spec.blocks.push({
        network: a.block.network,
        cidr: a.block.cidr,
        description: `vseg tenants wizard: block of ${a.tenant}`,
      });
    doc.tenants = [spec];
    sitePlan = diffDoc(site, doc, title);
    errors.push(...sitePlan.errors);
    if (a.externalIp) {
      const n = site.networks.find((x) => x.name === a.externalIp!.network)!;
      const have: Address | undefined = live
        ? site.addresses.find((x) => x.vnet === n.key && x.ip === a.externalIp!.ip && x.owner === `tenants/${live.key}`)
        : undefined;
      if (!have) {
        const owner: BodyValue = live ? `tenants/${live.key}` : {ref: `tenant:${a.tenant}`, prefix: 'tenants/'};
        extra.push({
          kind: 'create',
          id: `create external ip ${a.tenant}/${n.name}/${a.externalIp.ip}`,
          title: `Give external IP ${a.externalIp.ip} on ${n.name} to tenant ${a.tenant}`,
          table: 'vnet_addresses',
          body: {
            vnet: n.key,
            ip: a.externalIp.ip,
            type: 'virtual',
            owner,
            description: `vseg tenants wizard: external IP of ${a.tenant}`,
          },
          identity: {vnet: n.key, ip: a.externalIp.ip, type: 'virtual'},
          touchesNetwork: n.key,
        });
        touched.push({name: n.name, vnet: n.key});
      }
    }
    if (live && live.isolate === a.isolate && !a.isolate)
      objects.push({kind: 'note', text: `  tenant ${a.tenant} is not isolated (and stays so)`});
  }
  const planned = errors.length === 0 ? sitePlan : undefined;
  const ok = planned !== undefined;
  const {changePlan, touched: touchedNames} = ok
    ? assemble({title, sitePlan: planned, secrets: ctx.secrets.source(), extra, touched})
    : {changePlan: {title, steps: []}, touched: [] as string[]};
  // Predicted site: the tenant, its block (from the plan) and its external IP.
  let after = ok ? planned.after : site;
  if (ok && a.externalIp) {
    const n = site.networks.find((x) => x.name === a.externalIp!.network)!;
    const t = after.tenants.find((x) => x.name === a.tenant);
    if (!after.addresses.some((x) => x.vnet === n.key && x.ip === a.externalIp!.ip)) {
      after = {
        ...after,
        addresses: [
          ...after.addresses,
          {
            key: 900_000_000 + after.addresses.length,
            vnet: n.key,
            ip: a.externalIp.ip,
            mac: '',
            type: 'virtual',
            hostname: '',
            owner: t && !isSyntheticKey(t.key) ? `tenants/${t.key}` : '',
            description: '',
          },
        ],
      };
    }
  }
  const checks = ok
    ? [
        {
          kind: 'note' as const,
          text: `  Flows of tenant ${a.tenant} (${tenantAddresses(site, a).join(', ') || 'no addresses'}) once applied:`,
        },
        ...tenantFlows(after, tenantAddresses(site, a), ctx.policy, site),
      ]
    : [];
  const review = buildReview({
    title,
    sitePlan: ok ? sitePlan : undefined,
    changePlan,
    after,
    policy: ctx.policy,
    rulesOf: [],
    objects,
    checks,
    errors,
    touched: touchedNames,
    notes: !live
      ? [
          "VergeOS creates the tenant stopped, with its own network; give it nodes and power it on from the tenant's page",
        ]
      : [],
  });
  return {
    wizard: 'tenants',
    title,
    review,
    changePlan,
    errors,
    warnings: [],
    followUp: [],
    touched: touchedNames,
    after,
    restarts: [],
  };
}

export function tenantResult(site: Site, a: TenantAnswers, ctx: PlanContext): string[] {
  const t = site.tenants.find((x) => x.name === a.tenant);
  const head = t
    ? `Tenant ${t.name}: ${t.isolate ? 'isolated' : 'not isolated'}, ${t.status || 'offline'}`
    : `Tenant ${a.tenant} was not found`;
  return [
    head,
    'Which of its flows the rules allow:',
    ...tenantFlows(site, tenantAddresses(site, a), ctx.policy).map((l) => l.text),
  ];
}

function pages(site: Site, a: TenantAnswers): Array<WizardPage<TenantAnswers>> {
  // External networks first: blocks and public addresses usually come from the uplink.
  const parents = site.networks
    .filter((n) => !derivedNetworkKeys(site).has(n.key) && n.cidr)
    .sort((x, y) => Number(y.type === 'external') - Number(x.type === 'external'));
  return [
    {
      id: 'tenant',
      title: 'The tenant',
      intro: [
        `Existing tenants: ${site.tenants.map((t) => `${t.name}${t.isolate ? ' (isolated)' : ''}`).join(', ') || 'none'}. A new name creates a tenant.`,
      ],
      fields: [
        {kind: 'text', name: 'tenant', label: 'Tenant', initial: a.tenant, validate: (v) => validateTenantName(v)},
        {
          kind: 'text',
          name: 'description',
          label: 'Description',
          initial: a.description ?? site.tenants.find((t) => t.name === a.tenant)?.description ?? '',
          validate: (v) => textError(v),
        },
        {
          kind: 'toggle',
          name: 'isolate',
          label: 'Isolate',
          initial: a.isolate,
          hint: "An isolated tenant cannot reach the parent's other networks",
        },
      ],
      submit: (values, prev) => ({
        ...prev,
        tenant: String(values['tenant']).trim(),
        description: String(values['description'] ?? ''),
        isolate: values['isolate'] === true,
      }),
    },
    {
      id: 'addresses',
      title: 'Network block and external IP (both optional)',
      intro: ['A block gives the tenant a range of the parent network; an external IP one address.'],
      fields: [
        {
          kind: 'select',
          name: 'blockNetwork',
          label: 'Block from',
          options: [
            {value: '', label: '(no block)'},
            ...parents.map((n) => ({value: n.name, label: `${n.name} ${n.cidr}`})),
          ],
          initial: a.block?.network ?? '',
        },
        {
          kind: 'text',
          name: 'blockCidr',
          label: 'Block',
          initial: a.block?.cidr ?? '',
          hint: 'e.g. 203.0.113.96/28',
          validate: (v, values) =>
            values['blockNetwork']
              ? validateBlock(site, String(values['tenant'] ?? a.tenant), String(values['blockNetwork']), v)
              : v.trim()
                ? 'choose the network the block comes from'
                : undefined,
        },
        {
          kind: 'select',
          name: 'ipNetwork',
          label: 'External IP on',
          options: [
            {value: '', label: '(no external IP)'},
            ...parents.map((n) => ({value: n.name, label: `${n.name} ${n.cidr}`})),
          ],
          initial: a.externalIp?.network ?? '',
        },
        {
          kind: 'text',
          name: 'ip',
          label: 'External IP',
          initial: a.externalIp?.ip ?? '',
          validate: (v, values) =>
            values['ipNetwork']
              ? validateExternalIp(site, a.tenant, String(values['ipNetwork']), v)
              : v.trim()
                ? 'choose the network the address is on'
                : undefined,
        },
      ],
      submit: (values, prev) => ({
        ...prev,
        block: values['blockNetwork']
          ? {network: String(values['blockNetwork']), cidr: String(values['blockCidr']).trim()}
          : undefined,
        externalIp: values['ipNetwork']
          ? {network: String(values['ipNetwork']), ip: String(values['ip']).trim()}
          : undefined,
      }),
    },
  ];
}

export const tenantsWizard: WizardDef<TenantAnswers> = {
  id: 'tenants',
  title: 'Isolate tenants',
  summary: 'Give each tenant its own addresses and keep it away from your networks.',
  why: [
    'A tenant is a virtual data centre run by someone else: it gets only the addresses you give it,',
    'and isolation keeps its traffic off your internal networks. The review shows what the rules allow.',
  ],
  schema: tenantsSchema,
  initial: () => ({tenant: '', isolate: true}),
  pages,
  validate: validateAnswers,
  plan: planTenants,
  result: tenantResult,
};
