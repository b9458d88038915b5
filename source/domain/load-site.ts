// Loads a site's segmentation in a few bulk list requests — one per table, all
// at once, `limit=0`, only the fields vseg uses — never one request per
// network. A view asks for the sections it shows; a refresh reloads only those
// and keeps the rest of the previous snapshot.
import type {VergeClient} from '../api/client.js';
import {eq} from '../api/query.js';
import {
  ADDRESS_FIELDS,
  ALIAS_FIELDS,
  CIDR_FIELDS,
  PHASE1_FIELDS,
  PHASE2_FIELDS,
  RULE_FIELDS,
  TENANT_FIELDS,
  TENANT_NODE_FIELDS,
  VM_FIELDS,
  VNET_FIELDS,
  WIREGUARD_FIELDS,
  WIREGUARD_PEER_FIELDS,
  addressSchema,
  aliasSchema,
  cidrSchema,
  phase1Schema,
  phase2Schema,
  ruleSchema,
  tenantNodeSchema,
  tenantSchema,
  vmSchema,
  vnetSchema,
  wireguardPeerSchema,
  wireguardSchema,
} from '../api/rows.js';
import {
  toAddress,
  toAlias,
  toBlock,
  toNetwork,
  toPhase2,
  toRule,
  toTenant,
  toTunnel,
  toVm,
  toWireguard,
  toWireguardPeer,
} from './mappers.js';
import {ALL_SECTIONS, emptySite, type Section, type Site} from './model.js';

export interface LoadOptions {
  sections?: readonly Section[];
  /** Sections not reloaded are carried over from here. */
  previous?: Site;
  signal?: AbortSignal;
}

/** Requests a load of these sections sends (for tests and the benchmark). */
export const REQUESTS_PER_SECTION: Record<Section, number> = {
  networks: 1,
  rules: 1,
  aliases: 1,
  addresses: 1,
  vms: 1,
  tenants: 3,
  vpn: 4,
};

export async function loadSite(client: VergeClient, options: LoadOptions = {}): Promise<Site> {
  const wanted = new Set<Section>(options.sections ?? ALL_SECTIONS);
  const call = (operation: string) => ({signal: options.signal, operation});
  const site: Site = options.previous ? {...options.previous, applied: new Map(options.previous.applied)} : emptySite();
  const jobs: Array<Promise<void>> = [];

  if (wanted.has('networks')) {
    jobs.push(
      client.list('vnets', vnetSchema, {fields: VNET_FIELDS}, call('list networks')).then((rows) => {
        site.networks = rows.map(toNetwork).sort((a, b) => a.name.localeCompare(b.name));
      }),
    );
  }
  if (wanted.has('rules')) {
    jobs.push(
      client.list('vnet_rules', ruleSchema, {fields: RULE_FIELDS}, call('list rules')).then((rows) => {
        site.rules = rows.map(toRule);
      }),
    );
  }
  if (wanted.has('aliases')) {
    jobs.push(
      client.list('vnet_rule_aliases', aliasSchema, {fields: ALIAS_FIELDS}, call('list aliases')).then((rows) => {
        site.aliases = rows.map(toAlias).sort((a, b) => a.name.localeCompare(b.name));
      }),
    );
  }
  if (wanted.has('addresses')) {
    jobs.push(
      client
        .list('vnet_addresses', addressSchema, {fields: ADDRESS_FIELDS}, call('list network addresses'))
        .then((rows) => {
          site.addresses = rows.map(toAddress);
        }),
    );
  }
  if (wanted.has('vms')) {
    jobs.push(
      client
        .list('vms', vmSchema, {fields: VM_FIELDS, filter: eq('is_snapshot', false)}, call('list VMs'))
        .then((rows) => {
          site.vms = rows.map(toVm).sort((a, b) => a.name.localeCompare(b.name));
        }),
    );
  }
  if (wanted.has('tenants')) {
    jobs.push(
      Promise.all([
        client.list(
          'tenants',
          tenantSchema,
          {fields: TENANT_FIELDS, filter: eq('is_snapshot', false)},
          call('list tenants'),
        ),
        client.list('vnet_cidrs', cidrSchema, {fields: CIDR_FIELDS}, call('list network blocks')),
        client.list('tenant_nodes', tenantNodeSchema, {fields: TENANT_NODE_FIELDS}, call('list tenant nodes')),
      ]).then(([tenants, blocks, nodes]) => {
        const nodesBy = groupBy(nodes, (n) => n.tenant);
        site.tenants = tenants
          .map((t) => toTenant(t, nodesBy.get(t.$key)?.length ?? 0))
          .sort((a, b) => a.name.localeCompare(b.name));
        site.blocks = blocks.map(toBlock);
      }),
    );
  }
  if (wanted.has('vpn')) {
    jobs.push(
      Promise.all([
        client.list('vnet_wireguards', wireguardSchema, {fields: WIREGUARD_FIELDS}, call('list WireGuard interfaces')),
        client.list(
          'vnet_wireguard_peers',
          wireguardPeerSchema,
          {fields: WIREGUARD_PEER_FIELDS},
          call('list WireGuard peers'),
        ),
        client.list('vnet_ipsec_phase1s', phase1Schema, {fields: PHASE1_FIELDS}, call('list IPsec tunnels')),
        client.list('vnet_ipsec_phase2s', phase2Schema, {fields: PHASE2_FIELDS}, call('list IPsec phase 2 entries')),
      ]).then(([wgs, peers, p1s, p2s]) => {
        const peersBy = groupBy(peers.map(toWireguardPeer), (p) => p.wireguard);
        site.wireguards = wgs
          .map((w) => toWireguard(w, peersBy.get(w.$key) ?? []))
          .sort((a, b) => a.name.localeCompare(b.name));
        const p2By = groupBy(p2s.map(toPhase2), (p) => p.phase1);
        site.ipsec = p1s.map((p) => toTunnel(p, p2By.get(p.$key) ?? [])).sort((a, b) => a.name.localeCompare(b.name));
      }),
    );
  }

  await Promise.all(jobs);
  site.sections = new Set([...(options.previous?.sections ?? []), ...wanted]);
  site.loadedAt = Date.now();
  if (wanted.has('networks') || wanted.has('rules')) refreshApplied(site);
  return site;
}

/**
 * While a network has nothing pending, its staged rules are the live ones.
 * Networks with pending changes keep whatever the caller knew (a baseline from
 * the store, see store/baselines), else "unknown".
 */
export function refreshApplied(site: Site, now = Date.now()): void {
  const byVnet = groupBy(site.rules, (r) => r.vnet);
  for (const n of site.networks) {
    if (!n.needFwApply) {
      site.applied.set(n.key, {source: 'current', rules: byVnet.get(n.key) ?? [], lastFwApply: n.lastFwApply});
      continue;
    }
    // Pending changes: what was live when vseg last saw the network clean is
    // still live, provided no Apply Rules happened since (same last_fw_apply).
    const known = site.applied.get(n.key);
    if (known && known.source !== 'unknown' && known.lastFwApply === n.lastFwApply) {
      const recordedAt = known.source === 'baseline' ? known.recordedAt : now;
      site.applied.set(n.key, {source: 'baseline', rules: known.rules, lastFwApply: known.lastFwApply, recordedAt});
    } else {
      site.applied.set(n.key, {source: 'unknown'});
    }
  }
}

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
