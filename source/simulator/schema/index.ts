// Every table the simulator serves, by name.
import {DATAPLANE_SCHEMAS} from '../dataplane/schema.js';
import {vnetAddresses, vnetCidrs} from './addresses.js';
import {clusters, nodes} from './cluster.js';
import {vnetIpsecConnections, vnetIpsecPhase1s, vnetIpsecPhase2s, vnetIpsecs} from './ipsec.js';
import {
  machineDrives,
  machineNicStats,
  machineNicStatus,
  machineNics,
  machineStatus,
  machines,
  vmActions,
  vms,
} from './machines.js';
import {vnetDashboard} from './dashboard.js';
import {vnetRuleAliases, vnetRules} from './rules.js';
import {system, tasks} from './system.js';
import {tenantActions, tenantLayer2Vnets, tenantNodes, tenantStatus, tenants} from './tenants.js';
import type {FieldDef, TableSchema} from './types.js';
import {vnetActions, vnets} from './vnets.js';
import {vnetWireguardPeerStatus, vnetWireguardPeers, vnetWireguards} from './wireguard.js';

const ALL: TableSchema[] = [
  system,
  vnets,
  vnetActions,
  vnetRules,
  vnetRuleAliases,
  vnetAddresses,
  vnetCidrs,
  vnetIpsecs,
  vnetIpsecPhase1s,
  vnetIpsecPhase2s,
  vnetIpsecConnections,
  vnetWireguards,
  vnetWireguardPeers,
  vnetWireguardPeerStatus,
  tenants,
  tenantStatus,
  tenantActions,
  tenantNodes,
  tenantLayer2Vnets,
  vms,
  vmActions,
  machines,
  machineStatus,
  machineNics,
  machineNicStats,
  machineNicStatus,
  machineDrives,
  clusters,
  nodes,
  vnetDashboard,
  tasks,
  ...DATAPLANE_SCHEMAS,
];

export interface CompiledSchema extends TableSchema {
  byName: Map<string, FieldDef>;
}

export const SCHEMAS: ReadonlyMap<string, CompiledSchema> = new Map(
  ALL.map((s) => [s.name, {...s, byName: new Map(s.fields.map((f) => [f.name, f]))}]),
);

export function schemaOf(table: string): CompiledSchema | undefined {
  return SCHEMAS.get(table);
}

/** The JSON `GET /<table>/$table` answers with. */
export function describeTable(s: CompiledSchema): Record<string, unknown> {
  return {
    name: s.name,
    description: s.description,
    key: '$key',
    readonly: Boolean(s.readOnly),
    fields: s.fields.map((f) => {
      const out: Record<string, unknown> = {name: f.name, type: f.type};
      if (f.values) out.enum = [...f.values];
      if (f.table) out[f.type === 'rowlist' ? 'rows' : 'references'] = f.table;
      if (f.via) out.via = f.via;
      if (f.default !== undefined && f.type !== 'key' && f.type !== 'rowlist') out.default = f.default;
      out.required = Boolean(f.required);
      out.readonly = Boolean(f.readonly || s.readOnly);
      if (f.createOnly) out.create_only = true;
      if (f.writeOnly) out.write_only = true;
      if (f.summary) out.summary = true;
      if (f.min !== undefined) out.min = f.min;
      if (f.max !== undefined) out.max = f.max;
      if (f.maxLength !== undefined) out.maxlength = f.maxLength;
      return out;
    }),
    unique: (s.unique ?? []).map((u) => u.fields),
  };
}
