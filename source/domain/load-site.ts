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
  IPSEC_FIELDS,
  PHASE1_FIELDS,
  PHASE2_FIELDS,
  TENANT_FIELDS,
  TENANT_NODE_FIELDS,
  VM_FIELDS,
  VNET_FIELDS,
  WIREGUARD_FIELDS,
  WIREGUARD_PEER_FIELDS,
  WIREGUARD_PEER_STATUS_FIELDS,
  addressSchema,
  aliasSchema,
  cidrSchema,
  ipsecSchema,
  phase1Schema,
  phase2Schema,
  tenantNodeSchema,
  tenantSchema,
  layer2Schema,
  LAYER2_FIELDS,
  vmSchema,
  vnetSchema,
  wireguardPeerSchema,
  wireguardPeerStatusSchema,
  wireguardSchema,
} from '../api/rows.js';
import {
  toAddress,
  toAlias,
  toBlock,
  toNetwork,
  toPhase2,
  toTenant,
  toTunnel,
  toVm,
  toWireguard,
  toWireguardPeer,
} from './mappers.js';
import {ALL_SECTIONS, emptySite, type Section, type Site} from './model.js';
import {loadTagging} from './lifecycle/load.js';
import {loadAllRules, loadRulesDelta, type RulesLoad} from './rules-delta.js';

export interface LoadOptions {
  sections?: readonly Section[];
  /** Sections not reloaded are carried over from here. */
  previous?: Site;
  /** Read the rules as a delta from `previous` where the site allows it (rules-delta.ts). */
  incremental?: boolean;
  /** How the rules were read (for the console's bookkeeping and the benchmark). */
  onRules?: (load: RulesLoad) => void;
  signal?: AbortSignal;
}

/** Requests a load of these sections sends (for tests and the benchmark). */
export const REQUESTS_PER_SECTION: Record<Section, number> = {
  networks: 1,
  rules: 1,
  aliases: 1,
  addresses: 1,
  vms: 1,
  tenants: 4,
  vpn: 6,
  tags: 1,
};

export async function loadSite(client: VergeClient, options: LoadOptions = {}): Promise<Site> {
  const wanted = new Set<Section>(options.sections ?? ALL_SECTIONS);
  const call = (operation: string) => ({signal: options.signal, operation});
  const site: Site = options.previous ? {...options.previous, applied: new Map(options.previous.applied)} : emptySite();
  const jobs: Array<Promise<void>> = [];

  if (wanted.has('networks')) {
    jobs.push(
      client.listAs('vnets', vnetSchema, toNetwork, {fields: VNET_FIELDS}, call('list networks')).then((rows) => {
        site.networks = rows.sort((a, b) => a.name.localeCompare(b.name));
      }),
    );
  }
  if (wanted.has('rules')) {
    const previous = options.incremental && options.previous?.sections.has('rules') ? options.previous : null;
    jobs.push(
      (previous
        ? loadRulesDelta(client, previous.rules, previous.rulesReadAt, call('list rules'))
        : loadAllRules(client, call('list rules'))
      ).then((r) => {
        site.rules = r.rules;
        site.rulesReadAt = r.at;
        options.onRules?.(r);
      }),
    );
  }
  if (wanted.has('aliases')) {
    jobs.push(
      client
        .listAs('vnet_rule_aliases', aliasSchema, toAlias, {fields: ALIAS_FIELDS}, call('list aliases'))
        .then((rows) => {
          site.aliases = rows.sort((a, b) => a.name.localeCompare(b.name));
        }),
    );
  }
  if (wanted.has('addresses')) {
    jobs.push(
      client
        .listAs('vnet_addresses', addressSchema, toAddress, {fields: ADDRESS_FIELDS}, call('list network addresses'))
        .then((rows) => {
          site.addresses = rows;
        }),
    );
  }
  if (wanted.has('vms')) {
    jobs.push(
      client
        .listAs('vms', vmSchema, toVm, {fields: VM_FIELDS, filter: eq('is_snapshot', false)}, call('list VMs'))
        .then((rows) => {
          site.vms = rows.sort((a, b) => a.name.localeCompare(b.name));
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
        client.list('tenant_layer2_vnets', layer2Schema, {fields: LAYER2_FIELDS}, call('list layer-2 pass-throughs')),
      ]).then(([tenants, blocks, nodes, layer2]) => {
        const nodesBy = groupBy(nodes, (n) => n.tenant);
        site.tenants = tenants
          .map((t) => toTenant(t, nodesBy.get(t.$key)?.length ?? 0))
          .sort((a, b) => a.name.localeCompare(b.name));
        site.blocks = blocks.map(toBlock);
        site.layer2 = layer2.map((r) => ({key: r.$key, tenant: r.tenant, vnet: r.vnet, enabled: r.enabled}));
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
        client.list(
          'vnet_wireguard_peer_status',
          wireguardPeerStatusSchema,
          {fields: WIREGUARD_PEER_STATUS_FIELDS},
          call('list WireGuard peer status'),
        ),
        client.list('vnet_ipsecs', ipsecSchema, {fields: IPSEC_FIELDS}, call('list IPsec configurations')),
        client.list('vnet_ipsec_phase1s', phase1Schema, {fields: PHASE1_FIELDS}, call('list IPsec tunnels')),
        client.list('vnet_ipsec_phase2s', phase2Schema, {fields: PHASE2_FIELDS}, call('list IPsec phase 2 entries')),
      ]).then(([wgs, peers, statuses, ipsecs, p1s, p2s]) => {
        const statusOf = new Map(statuses.flatMap((s) => (s.peer === null ? [] : [[s.peer, s] as const])));
        const peersBy = groupBy(
          peers.map((p) => toWireguardPeer(p, statusOf.get(p.$key))),
          (p) => p.wireguard,
        );
        site.wireguards = wgs
          .map((w) => toWireguard(w, peersBy.get(w.$key) ?? []))
          .sort((a, b) => a.name.localeCompare(b.name));
        const p2By = groupBy(p2s.map(toPhase2), (p) => p.phase1);
        const vnetOfIpsec = new Map(ipsecs.map((i) => [i.$key, i.vnet]));
        site.ipsec = p1s
          .flatMap((p) => {
            const vnet = vnetOfIpsec.get(p.ipsec);
            return vnet === undefined ? [] : [toTunnel(p, p2By.get(p.$key) ?? [], vnet)];
          })
          .sort((a, b) => a.name.localeCompare(b.name));
      }),
    );
  }

  if (wanted.has('tags')) {
    jobs.push(
      loadTagging(client, options.signal).then((tagging) => {
        site.tagging = tagging;
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
