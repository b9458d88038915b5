// VMs: each has a machine (a different key), a status row and NICs on
// machine_nics. NICs move between networks with `PUT machine_nics/<k> {"vnet":…}`.
import {notPermitted} from '../errors.js';
import {createRow, deleteRow, patchRow} from '../db/writes.js';
import type {Draft, Sim, TableHooks} from '../sim.js';
import {createMachine, machineStatus, restartMachine, startMachine, stopMachine} from './machines.js';
import {checkIp, checkMac} from './net.js';
import {createNicRows, deleteNicRows, nicRefs} from './nic-stats.js';

function newMac(sim: Sim): string {
  const nics = sim.db.table('machine_nics');
  for (;;) {
    const mac = `52:54:00:${(sim.rng.hex(6).match(/../g) ?? []).join(':')}`;
    if (nics.count('macaddress', mac) === 0) return mac;
  }
}

export const vmHooks: TableHooks = {
  afterCreate(sim, row) {
    const machine = createMachine(sim, String(row.name), 'vm', {cpu_cores: row.cpu_cores, ram: row.ram});
    const uuid = [8, 4, 4, 4, 12].map((n) => sim.rng.hex(n)).join('-');
    patchRow(sim, 'vms', row.$key, {machine, uuid});
    return {response: {machine: String(machine)}};
  },
  afterUpdate(sim, old, row) {
    if (old.name !== row.name || old.cpu_cores !== row.cpu_cores || old.ram !== row.ram) {
      patchRow(sim, 'machines', row.machine as number, {name: row.name, cpu_cores: row.cpu_cores, ram: row.ram});
    }
  },
  beforeDelete(sim, row, opts) {
    if (opts.internal) return;
    const status = machineStatus(sim, row.machine as number);
    if (status !== 'stopped')
      throw notPermitted(`VM '${String(row.name)}' is ${status}: power it off before deleting it`);
  },
  afterDelete(sim, row) {
    if (sim.db.table('machines').has(row.machine as number))
      deleteRow(sim, 'machines', row.machine as number, {internal: true});
  },
};

export const machineHooks: TableHooks = {
  afterDelete(sim, row) {
    for (const t of ['machine_nics', 'machine_drives'] as const) {
      for (const r of sim.db.table(t).where('machine', row.$key)) deleteRow(sim, t, r.$key, {internal: true});
    }
    if (sim.db.table('machine_status').has(row.$key)) deleteRow(sim, 'machine_status', row.$key, {internal: true});
  },
};

export const nicHooks: TableHooks = {
  beforeCreate(sim, values) {
    checkIp('ipaddress', values.ipaddress);
    checkMac('macaddress', values.macaddress);
    const count = sim.db.table('machine_nics').count('machine', values.machine);
    if (!values.macaddress) values.macaddress = newMac(sim);
    if (!values.name) values.name = `nic${count}`;
    if (!values.orderid) values.orderid = count;
  },
  afterCreate(sim, row) {
    createNicRows(sim, row.$key);
  },
  beforeUpdate(_sim, _old, next, patch) {
    if ('ipaddress' in patch) checkIp('ipaddress', next.ipaddress);
    if ('macaddress' in patch) checkMac('macaddress', next.macaddress);
  },
  afterDelete(sim, row) {
    deleteNicRows(sim, row.$key);
  },
  computed: nicRefs,
};

export const driveHooks: TableHooks = {
  beforeCreate(sim, values) {
    const count = sim.db.table('machine_drives').count('machine', values.machine);
    if (!values.name) values.name = `drive${count}`;
    if (!values.orderid) values.orderid = count;
  },
};

export function runVmAction(sim: Sim, vmKey: number, action: string, params: Draft): void {
  const vm = sim.db.get('vms', vmKey);
  if (!vm) return;
  const machine = vm.machine as number;
  switch (action) {
    case 'poweron':
      return startMachine(sim, machine);
    case 'poweroff':
    case 'hibernate':
      return stopMachine(sim, machine, false);
    case 'kill':
      return stopMachine(sim, machine, true);
    case 'reset':
      return restartMachine(sim, machine);
    case 'clone':
      sim.later(0, () => cloneVm(sim, vmKey, params));
      return;
    default:
      return; // move, migrate, restore, hotplug*: nothing visible to simulate
  }
}

function cloneVm(sim: Sim, vmKey: number, params: Draft): void {
  const src = sim.db.get('vms', vmKey);
  if (!src) return;
  const vms = sim.db.table('vms');
  let name = typeof params.name === 'string' && params.name ? params.name : `${String(src.name)}-clone`;
  for (let n = 2; vms.uniqueConflict({name}); n++) name = `${String(src.name)}-clone${n}`;
  const {row} = createRow(sim, 'vms', {
    name,
    description: src.description,
    cpu_cores: src.cpu_cores,
    ram: src.ram,
    os_family: src.os_family,
    machine_type: src.machine_type,
  });
  const machine = row.machine as number;
  for (const nic of sim.db.table('machine_nics').where('machine', src.machine)) {
    createRow(sim, 'machine_nics', {
      machine,
      name: nic.name,
      interface: nic.interface,
      vnet: nic.vnet,
      enabled: nic.enabled,
    });
  }
  for (const d of sim.db.table('machine_drives').where('machine', src.machine)) {
    createRow(sim, 'machine_drives', {
      machine,
      name: d.name,
      disksize: d.disksize,
      media: d.media,
      interface: d.interface,
    });
  }
}
