// The demo site's data plane: its workloads beyond what the rules suggest,
// and one thing the API does not tell — the dev router never loaded the last
// change. Someone replaced dev's "Route to web" with "Block dev to
// production" and applied; VergeOS reported the apply done, but dev's router
// still runs the old ruleset, so dev can reach the web servers although every
// rule vseg can read says it cannot. `vseg why dev-01 web-01 tcp/443 --verify`
// finds it.
import type {Row} from '../db/table.js';
import {createRow, deleteRow} from '../db/writes.js';
import {compareRules} from '../semantics/rules.js';
import type {Sim} from '../sim.js';
import {parseIp} from './ipv4.js';
import {PROTO} from './packet.js';
import {dataplane} from './state.js';

function ip(text: string): number {
  return parseIp(text) as number;
}

export function seedDemoDataplane(sim: Sim, net: Record<string, Row>): void {
  // web-01's app still tries MySQL on db-01 (nothing allows it): a flow for the monitor wizard to find
  dataplane(sim).flows.push({
    packet: {proto: PROTO.tcp, src: ip('10.10.1.11'), dst: ip('10.10.2.21'), sport: 0, dport: 3306},
    pps: 0.4,
    label: 'web-01 legacy MySQL client',
  });
  const dev = net.dev;
  const live = sim.active.get(dev.$key) ?? [];
  const block = live.find((r) => r.name === 'Block dev to production');
  const {row: oldRoute} = createRow(sim, 'vnet_rules', {
    vnet: dev.$key,
    name: 'Route to web',
    description: 'Static route to web through its DMZ address (removed)',
    action: 'route',
    direction: 'outgoing',
    protocol: 'any',
    destination_ip: '10.10.1.0/24',
    target_ip: String(net.web.dmz_ipaddress),
    orderid: 5,
    statistics: true,
  });
  const stale = [...live.filter((r) => r !== block), oldRoute].sort(compareRules);
  dataplane(sim).stale.set(dev.$key, Object.freeze(stale));
  deleteRow(sim, 'vnet_rules', oldRoute.$key);
}
