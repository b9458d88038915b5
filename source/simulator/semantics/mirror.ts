// Port mirroring (VERGEOS-API.md §3.10): after a network with port_mirroring
// on comes up, a `<NAME>_mirror` network (type port_mirror) exists and
// port_mirroring_vnet points to it. With mirroring off, the next start removes
// it; capture NICs still attached to it are unplugged (vnet null) rather than
// blocking the restart (simulator choice, see README).
import {createRow, deleteRow, patchRow} from '../db/writes.js';
import type {Sim} from '../sim.js';
import {settleMachine} from './machines.js';

export function reconcileMirror(sim: Sim, vnetKey: number): void {
  const vnet = sim.db.get('vnets', vnetKey);
  if (!vnet || vnet.type === 'port_mirror') return;
  const current = sim.db.get('vnets', vnet.port_mirroring_vnet as number | null);
  if (vnet.port_mirroring !== 'off') {
    if (current) return;
    const vnets = sim.db.table('vnets');
    let name = `${String(vnet.name)}_mirror`;
    for (let n = 2; vnets.uniqueConflict({name}); n++) name = `${String(vnet.name)}_mirror${n}`;
    const {row} = createRow(
      sim,
      'vnets',
      {
        name,
        type: 'port_mirror',
        description: `Port mirror of ${String(vnet.name)} (${String(vnet.port_mirroring)})`,
        layer2_type: 'none',
        ipaddress_type: 'none',
        dns: 'disabled',
        dhcp_enabled: false,
        owner: `vnets/${vnetKey}`,
      },
      {internal: true},
    );
    settleMachine(sim, row.machine as number, 'running');
    patchRow(sim, 'vnets', vnetKey, {port_mirroring_vnet: row.$key});
    return;
  }
  if (current) {
    removeMirror(sim, current.$key);
    patchRow(sim, 'vnets', vnetKey, {port_mirroring_vnet: null});
  } else if (vnet.port_mirroring_vnet !== null) {
    patchRow(sim, 'vnets', vnetKey, {port_mirroring_vnet: null});
  }
}

export function removeMirror(sim: Sim, mirrorKey: number): void {
  for (const nic of sim.db.table('machine_nics').where('vnet', mirrorKey)) {
    patchRow(sim, 'machine_nics', nic.$key, {vnet: null});
  }
  deleteRow(sim, 'vnets', mirrorKey, {internal: true});
}
