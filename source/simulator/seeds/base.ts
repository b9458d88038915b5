// What every seed starts from: the system row, two cluster nodes (machines,
// so network and VM machine keys differ from their own keys, as on a real
// system) and the External network, running.
import type {Row} from '../db/table.js';
import {createRow} from '../db/writes.js';
import {SIM_VERSION} from '../schema/system.js';
import {createMachine, settleMachine} from '../semantics/machines.js';
import type {Draft, Sim} from '../sim.js';

/** Creates a row through the same path and checks as `POST /api/v4/<table>`. */
export function add(sim: Sim, table: string, body: Draft): Row {
  return createRow(sim, table, body).row;
}

/** Runs an action through its `*_actions` table, as a client would. */
export function act(
  sim: Sim,
  table: 'vnet_actions' | 'vm_actions' | 'tenant_actions',
  target: number,
  action: string,
  params: Draft = {},
): void {
  const field = table === 'vnet_actions' ? 'vnet' : table === 'vm_actions' ? 'vm' : 'tenant';
  createRow(sim, table, {[field]: target, action, params});
}

export interface BaseSite {
  external: Row;
}

export function seedBase(sim: Sim): BaseSite {
  createRow(
    sim,
    'system',
    {
      cloud_name: 'vseg-sim',
      yb_version: SIM_VERSION,
      os_version: `${SIM_VERSION}-vseg-simulator`,
      branch: 'stable',
      uuid: [8, 4, 4, 4, 12].map((n) => sim.rng.hex(n)).join('-'),
      hostname: 'node1',
    },
    {internal: true},
  );
  const cluster = createRow(sim, 'clusters', {name: 'Cluster 1', description: 'Default cluster'}, {internal: true}).row;
  for (const node of ['node1', 'node2']) {
    const m = createMachine(sim, node, 'node', {cpu_cores: 32, ram: 262144, cluster: cluster.$key});
    createRow(sim, 'nodes', {name: node, machine: m, cluster: cluster.$key}, {internal: true});
    settleMachine(sim, m, 'running');
  }
  const external = add(sim, 'vnets', {
    name: 'External',
    type: 'external',
    description: 'Uplink to the Internet',
    layer2_type: 'vlan',
    layer2_id: 100,
    network: '203.0.113.0/24',
    ipaddress: '203.0.113.2',
    gateway: '203.0.113.1',
    dmz_ipaddress: '100.96.0.1',
    dns: 'disabled',
    dnslist: '1.1.1.1,9.9.9.9',
    dhcp_enabled: false,
    statistics: true,
  });
  act(sim, 'vnet_actions', external.$key, 'poweron', {apply: true});
  return {external: sim.db.get('vnets', external.$key) as Row};
}
