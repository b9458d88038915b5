// Behaviour per table, wired into the Sim.
import {DATAPLANE_HOOKS} from '../dataplane/index.js';
import type {TableHooks} from '../sim.js';
import {tenantActionHooks, vmActionHooks, vnetActionHooks} from './actions.js';
import {addressHooks, cidrHooks} from './addresses.js';
import {connectionHooks, ipsecHooks, phase1Hooks, phase2Hooks} from './ipsec.js';
import {aliasHooks, ruleHooks} from './rules.js';
import {tenantHooks, tenantNodeHooks} from './tenants.js';
import {driveHooks, machineHooks, nicHooks, vmHooks} from './vms.js';
import {dashboardHooks} from './dashboard.js';
import {nicStatsHooks, nicStatusHooks} from './nic-stats.js';
import {vnetHooks} from './vnets.js';
import {peerHooks, peerStatusHooks, wireguardHooks} from './wireguard.js';

export function tableHooks(): Record<string, TableHooks> {
  return {
    vnets: vnetHooks,
    vnet_actions: vnetActionHooks,
    vnet_rules: ruleHooks,
    vnet_rule_aliases: aliasHooks,
    vnet_addresses: addressHooks,
    vnet_cidrs: cidrHooks,
    vnet_ipsecs: ipsecHooks,
    vnet_ipsec_phase1s: phase1Hooks,
    vnet_ipsec_phase2s: phase2Hooks,
    vnet_ipsec_connections: connectionHooks,
    vnet_wireguards: wireguardHooks,
    vnet_wireguard_peers: peerHooks,
    vnet_wireguard_peer_status: peerStatusHooks,
    tenants: tenantHooks,
    tenant_nodes: tenantNodeHooks,
    tenant_actions: tenantActionHooks,
    vms: vmHooks,
    vm_actions: vmActionHooks,
    machines: machineHooks,
    machine_nics: nicHooks,
    machine_drives: driveHooks,
    machine_nic_stats: nicStatsHooks,
    machine_nic_status: nicStatusHooks,
    vnet_dashboard: dashboardHooks,
    ...DATAPLANE_HOOKS,
  };
}
