// `scale:<networks>:<rules>`: N internal networks and M rules spread evenly
// (scale:200:10000 = 200 networks × 50 rules), about two VMs per network and
// one alias per hundred rules; all running and applied. Deterministic.
import type {Row} from '../db/table.js';
import {addHistory} from '../semantics/counters.js';
import type {Sim} from '../sim.js';
import {act, add, seedBase} from './base.js';

export const SCALE_LIMITS = {networks: 60_000, rules: 1_000_000};

function octets(i: number): [number, number] {
  return [16 + Math.floor(i / 256), i % 256];
}

export function seedScale(sim: Sim, networks: number, rules: number): void {
  const {external} = seedBase(sim);
  const rng = sim.rng;
  const aliasCount = Math.min(1000, Math.max(1, Math.round(rules / 100)));
  const aliases: Row[] = [];
  for (let i = 0; i < aliasCount; i++) {
    const [b, c] = octets(i % networks);
    aliases.push(
      add(sim, 'vnet_rule_aliases', {
        name: `alias-${String(i + 1).padStart(4, '0')}`,
        description: `Generated alias ${i + 1}`,
        value: `10.${b}.${c}.${10 + (i % 50)}|host-a,10.${b}.${c}.${100 + (i % 50)}|host-b`,
      }),
    );
  }

  const nets: {row: Row; cidr: string; dmz: string}[] = [];
  for (let i = 0; i < networks; i++) {
    const [b, c] = octets(i);
    const cidr = `10.${b}.${c}.0/24`;
    const d = i + 1;
    const dmz = `100.${96 + Math.floor(d / 65536)}.${Math.floor(d / 256) % 256}.${d % 256}`;
    const row = add(sim, 'vnets', {
      name: `net-${String(i + 1).padStart(4, '0')}`,
      type: 'internal',
      description: `Generated network ${i + 1}`,
      network: cidr,
      ipaddress: `10.${b}.${c}.1`,
      gateway: `10.${b}.${c}.1`,
      dmz_ipaddress: dmz,
      dhcp_enabled: true,
      dhcp_start: `10.${b}.${c}.100`,
      dhcp_stop: `10.${b}.${c}.200`,
      dnslist: '1.1.1.1',
      vnet_default_gateway: external.$key,
      statistics: true,
    });
    nets.push({row, cidr, dmz});
  }

  const perNet = Math.floor(rules / networks);
  const extra = rules % networks;
  let n = 0;
  nets.forEach((net, i) => {
    const count = perNet + (i < extra ? 1 : 0);
    for (let j = 0; j < count; j++) {
      n++;
      const other = nets[(i + 1 + (j % Math.max(1, networks - 1))) % networks];
      const kind = j % 10;
      const base = {
        vnet: net.row.$key,
        name: `rule-${String(j + 1).padStart(5, '0')}`,
        orderid: (j + 1) * 10,
        statistics: j % 3 === 0,
      };
      const port = String(1000 + ((n * 7) % 60000));
      let body: Record<string, unknown>;
      if (kind === 0) {
        body = {
          action: 'route',
          direction: 'outgoing',
          protocol: 'any',
          destination_ip: other.cidr,
          target_ip: other.dmz,
        };
      } else if (kind <= 5) {
        body = {
          action: 'accept',
          direction: 'incoming',
          protocol: 'tcp',
          source_ip: other.cidr,
          destination_ports: port,
        };
      } else if (kind === 6) {
        const alias = aliases[n % aliases.length];
        body = {
          action: 'accept',
          direction: 'incoming',
          protocol: 'tcpudp',
          source_ip: `alias:${alias.$key}`,
          destination_ports: port,
        };
      } else if (kind === 7) {
        body = {action: 'drop', direction: 'incoming', protocol: 'udp', destination_ports: port};
      } else if (kind === 8) {
        body = {action: 'reject', direction: 'incoming', protocol: 'icmp', source_ip: other.cidr};
      } else {
        body = {
          action: 'accept',
          direction: 'outgoing',
          protocol: 'tcp',
          destination_ip: other.cidr,
          destination_ports: '443',
        };
      }
      add(sim, 'vnet_rules', {...base, ...body, enabled: rng.next() > 0.05});
    }
  });

  nets.forEach((net, i) => {
    const [b, c] = octets(i);
    for (let v = 0; v < 2; v++) {
      const vm = add(sim, 'vms', {name: `vm-${String(i + 1).padStart(4, '0')}-${v + 1}`, cpu_cores: 2, ram: 2048});
      const machine = (sim.db.get('vms', vm.$key) as Row).machine as number;
      add(sim, 'machine_nics', {machine, name: 'eth0', vnet: net.row.$key, ipaddress: `10.${b}.${c}.${10 + v}`});
      if (v === 0) act(sim, 'vm_actions', vm.$key, 'poweron');
    }
    act(sim, 'vnet_actions', net.row.$key, 'poweron', {apply: true});
  });
  for (const r of sim.db.table('vnet_rules').all()) if (r.statistics === true) addHistory(sim, r, 3600);
}
