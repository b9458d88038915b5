// IPsec: one vnet_ipsecs row per network, phase 1 tunnels and their phase 2
// selectors. Tunnel changes stage the network's firewall. Deleting a phase 1
// takes its phase 2 rows with it: CONFLICT between PY ipsec.py / PS
// Remove-VergeIPSecConnection.ps1 / the live PY tests/integration/test_ipsec.py
// teardown (cascade) and TF3 network_ipsec_connection.md (fails); the live
// test is the stronger evidence (§8.1 #3). Live SAs are computed.
import {ApiError} from '../errors.js';
import type {Row} from '../db/table.js';
import {deleteRow, patchRow} from '../db/writes.js';
import {unitHash} from '../rng.js';
import type {Sim, TableHooks} from '../sim.js';
import {machineStatus} from './machines.js';
import {checkCidrList} from './net.js';
import {markFwApply} from './rules.js';
import {str} from '../text.js';

function vnetOfIpsec(sim: Sim, ipsecKey: unknown): number | null {
  const row = sim.db.get('vnet_ipsecs', ipsecKey as number);
  return row ? (row.vnet as number) : null;
}

function vnetOfPhase1(sim: Sim, phase1Key: unknown): number | null {
  const p1 = sim.db.get('vnet_ipsec_phase1s', phase1Key as number);
  return p1 ? vnetOfIpsec(sim, p1.ipsec) : null;
}

function refreshEnabled(sim: Sim, vnetKey: number): void {
  if (!sim.db.table('vnets').has(vnetKey)) return;
  const on = sim.db
    .table('vnet_ipsecs')
    .where('vnet', vnetKey)
    .some((r) => r.enabled === true);
  patchRow(sim, 'vnets', vnetKey, {ipsec_enabled: on});
}

export const ipsecHooks: TableHooks = {
  afterCreate(sim, row) {
    refreshEnabled(sim, row.vnet as number);
    markFwApply(sim, row.vnet as number);
  },
  afterUpdate(sim, old, row) {
    refreshEnabled(sim, row.vnet as number);
    if (old.enabled !== row.enabled) markFwApply(sim, row.vnet as number);
  },
  beforeDelete(sim, row, opts) {
    if (opts.internal) return;
    const n = sim.db.table('vnet_ipsec_phase1s').count('ipsec', row.$key);
    if (n > 0) throw new ApiError(422, `IPsec configuration still has ${n} tunnel(s): delete them first`);
  },
  afterDelete(sim, row) {
    for (const p1 of sim.db.table('vnet_ipsec_phase1s').where('ipsec', row.$key)) {
      for (const p2 of sim.db.table('vnet_ipsec_phase2s').where('phase1', p1.$key)) {
        deleteRow(sim, 'vnet_ipsec_phase2s', p2.$key, {internal: true});
      }
      deleteRow(sim, 'vnet_ipsec_phase1s', p1.$key, {internal: true});
    }
    refreshEnabled(sim, row.vnet as number);
    markFwApply(sim, row.vnet as number);
  },
};

export const phase1Hooks: TableHooks = {
  afterCreate(sim, row) {
    markFwApply(sim, vnetOfIpsec(sim, row.ipsec));
  },
  afterUpdate(sim, _old, row) {
    markFwApply(sim, vnetOfIpsec(sim, row.ipsec));
  },
  afterDelete(sim, row) {
    for (const p2 of sim.db.table('vnet_ipsec_phase2s').where('phase1', row.$key))
      deleteRow(sim, 'vnet_ipsec_phase2s', p2.$key, {internal: true});
    markFwApply(sim, vnetOfIpsec(sim, row.ipsec));
  },
};

export const phase2Hooks: TableHooks = {
  beforeCreate(_sim, values) {
    checkCidrList('local', values.local);
    checkCidrList('remote', values.remote);
  },
  afterCreate(sim, row) {
    markFwApply(sim, vnetOfPhase1(sim, row.phase1));
  },
  beforeUpdate(_sim, _old, next, patch) {
    if ('local' in patch) checkCidrList('local', next.local);
    if ('remote' in patch) checkCidrList('remote', next.remote);
  },
  afterUpdate(sim, _old, row) {
    markFwApply(sim, vnetOfPhase1(sim, row.phase1));
  },
  afterDelete(sim, row) {
    markFwApply(sim, vnetOfPhase1(sim, row.phase1));
  },
};

/**
 * One live connection per enabled phase 2 of an enabled tunnel on a running
 * network (`auto: add` tunnels are up only by lot: they wait for the peer).
 * Columns as PY network_stats.py reads them (§8.1 #11).
 */
export const connectionHooks: TableHooks = {
  virtualRows(sim) {
    const out: Row[] = [];
    for (const p2 of sim.db.table('vnet_ipsec_phase2s').all()) {
      const p1 = sim.db.get('vnet_ipsec_phase1s', p2.phase1 as number);
      const ipsec = sim.db.get('vnet_ipsecs', p1?.ipsec as number);
      const vnet = sim.db.get('vnets', ipsec?.vnet as number);
      if (!p1 || !ipsec || !vnet) continue;
      if (p2.enabled !== true || p1.enabled !== true || ipsec.enabled !== true) continue;
      if (machineStatus(sim, vnet.machine as number) !== 'running') continue;
      const h = unitHash(`${sim.config.seedName}:ipsec:${String(p1.name)}:${String(p2.name)}`);
      if (p1.auto === 'add' && h >= 0.7) continue;
      const started = Number(sim.db.get('machine_status', vnet.machine as number)?.started ?? sim.now());
      out.push(
        Object.freeze({
          $key: p2.$key,
          vnet: vnet.$key,
          phase1: p1.$key,
          phase2: p2.$key,
          uniqueid: p2.$key,
          local: str(vnet.ipaddress),
          remote: str(p1.remote_gateway),
          local_network: p2.local,
          remote_network: p2.remote,
          connection: `${str(p1.name)}-${str(p2.name) || p2.$key}`,
          reqid: String(p2.$key),
          interface: `ipsec${vnet.$key}`,
          protocol: (str(p2.protocol) || 'esp').toUpperCase(),
          created: started,
        }),
      );
    }
    return out;
  },
};
