// Columns vseg filters on, per table: each one a public client filters on too
// (sources in source/api/README.md, kind `filter`). A real 26.1.8 answers a
// filter on a column it lacks with `[]` (VERGEOS-API.md §8.1 #4), so an empty
// answer is evidence of absence only when every column filtered on is known to
// exist; anything else is compared by vseg on the rows the server returns.
export const FILTER_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  vnets: ['$key', 'name', 'type'],
  vnet_rules: ['vnet', 'name'],
  vnet_rule_aliases: ['name'],
  vnet_addresses: ['vnet', 'type', 'ip'],
  vnet_wireguards: ['vnet', 'name'],
  vnet_wireguard_peers: ['wireguard', 'name'],
  vnet_wireguard_peer_status: ['peer'],
  vnet_ipsecs: ['vnet'],
  vnet_ipsec_phase1s: ['ipsec', 'name'],
  vnet_ipsec_phase2s: ['phase1', 'name'],
  tenants: ['name', 'is_snapshot'],
  tenant_nodes: ['tenant'],
  vms: ['name', 'is_snapshot'],
  machine_nics: ['machine'],
  vnet_queries: ['vnet'],
};

export function isFilterColumn(table: string, column: string): boolean {
  return FILTER_COLUMNS[table]?.includes(column) === true;
}
