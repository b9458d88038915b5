// Policy analysis timings on synthetic sites built in memory (no simulator,
// no I/O). Run: npx tsx bench/policy.ts   (prints medians of several runs)
//
// Budgets (from the brief): full matrix of a 200-network site with 10,000
// rules (50 per network) ≤ 1 s; one what-if between two VMs across networks
// holding 10,000 rules ≤ 2 ms.
import type {Alias, Network, Rule, Site, Vm} from '../source/domain/model.js';
import {emptySite} from '../source/domain/model.js';
import {compileSite} from '../source/policy/compile.js';
import {evaluatePacket} from '../source/policy/evaluate.js';
import {lint} from '../source/policy/lint/index.js';
import {matrix} from '../source/policy/matrix.js';
import {pendingChanges} from '../source/policy/verdict-diff.js';
import {why, whyToJson} from '../source/policy/why.js';
import {parseIpv4} from '../source/domain/ip.js';

/** Deterministic PRNG so every run measures the same site. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function network(key: number, name: string, cidr: string, extra: Partial<Network> = {}): Network {
  const [a, b, c] = cidr.split('.');
  return {
    key,
    name,
    description: '',
    type: 'internal',
    enabled: true,
    cidr,
    routerIp: `${a}.${b}.${c}.1`,
    dmzIp: `100.64.${key >> 8}.${key & 255}`,
    gateway: '',
    defaultGateway: 1,
    interfaceVnet: null,
    dhcpEnabled: true,
    dhcpStart: '',
    dhcpStop: '',
    dns: 'simple',
    dnsList: '',
    domain: '',
    mtu: 1500,
    needFwApply: false,
    needRestart: false,
    lastFwApply: null,
    running: true,
    status: 'running',
    portMirroring: 'off',
    portMirroringVnet: null,
    statistics: false,
    ipsecEnabled: false,
    machine: null,
    owner: '',
    modified: null,
    ...extra,
  };
}

let ruleKey = 1;
function rule(vnet: number, orderid: number, p: Partial<Rule>): Rule {
  const key = ruleKey++;
  return {
    key,
    vnet,
    name: `r${key}`,
    description: '',
    orderid,
    pin: 'no',
    enabled: true,
    action: 'accept',
    protocol: 'any',
    direction: 'incoming',
    interface: 'auto',
    ctState: '',
    sourceIp: '',
    sourcePorts: '',
    destinationIp: '',
    destinationPorts: '',
    targetIp: '',
    targetPorts: '',
    statistics: false,
    log: false,
    trace: false,
    packets: 0,
    bytes: 0,
    systemRule: false,
    owner: '',
    modified: null,
    ...p,
  };
}

const PORTS = ['22', '80', '443', '3306', '5432', '8080', '8443', '53', '123', '1024-65535', '80,443', '6379'];

/**
 * `nets` internal networks with `perNet` rules each, an External network,
 * aliases and two VMs per network. With `mesh`, each network's first rule is
 * a route to all of 10/8, so every pair is routed and both routers judge it.
 */
function syntheticSite(nets: number, perNet: number, seed = 7, mesh = false): Site {
  ruleKey = 1;
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const site = emptySite();
  const external = network(1, 'External', '192.0.2.0/24', {type: 'external', defaultGateway: null, dmzIp: ''});
  const networks: Network[] = [external];
  for (let i = 0; i < nets; i++) networks.push(network(i + 2, `net${i}`, `10.${(i >> 8) & 255}.${i & 255}.0/24`));
  const aliases: Alias[] = [];
  for (let i = 0; i < 50; i++) {
    const entries = Array.from({length: 4}, () => {
      const n = 2 + Math.floor(r() * nets);
      return {value: `10.${((n - 2) >> 8) & 255}.${(n - 2) & 255}.${10 + Math.floor(r() * 50)}`, label: ''};
    });
    aliases.push({
      key: 1000 + i,
      name: `alias${i}`,
      id: '',
      description: '',
      value: entries.map((e) => e.value).join(','),
      entries,
      publishingScope: 'private',
    });
  }
  const rules: Rule[] = [];
  const vms: Vm[] = [];
  for (const n of networks.slice(1)) {
    let order = 0;
    const other = () => networks[2 + Math.floor(r() * nets) - 1];
    if (mesh)
      rules.push(
        rule(n.key, order++, {
          direction: 'outgoing',
          action: 'route',
          destinationIp: '10.0.0.0/8',
          targetIp: '100.64.255.254',
          name: 'core',
        }),
      );
    for (let k = mesh ? 1 : 0; k < perNet; k++) {
      const roll = r();
      if (roll < 0.16) {
        const o = other();
        rules.push(
          rule(n.key, order++, {
            direction: 'outgoing',
            action: 'route',
            destinationIp: `vnet:${o.name}`,
            targetIp: o.dmzIp,
          }),
        );
      } else if (roll < 0.62) {
        const src = r() < 0.2 ? `alias:${pick(aliases).key}` : `vnet:${other().name}`;
        rules.push(
          rule(n.key, order++, {
            direction: 'incoming',
            action: 'accept',
            protocol: pick(['tcp', 'udp', 'tcpudp']),
            sourceIp: src,
            destinationPorts: pick(PORTS),
          }),
        );
      } else if (roll < 0.75) {
        rules.push(
          rule(n.key, order++, {
            direction: 'incoming',
            action: pick(['drop', 'reject']),
            protocol: pick(['tcp', 'any', 'icmp']),
            sourceIp: `vnet:${other().name}`,
          }),
        );
      } else if (roll < 0.9) {
        rules.push(
          rule(n.key, order++, {
            direction: 'outgoing',
            action: pick(['drop', 'accept']),
            protocol: pick(['tcp', 'udp']),
            destinationIp: `vnet:${other().name}`,
            destinationPorts: pick(PORTS),
          }),
        );
      } else {
        rules.push(
          rule(n.key, order++, {
            direction: 'incoming',
            action: 'accept',
            protocol: 'tcp',
            sourceIp: `10.${((n.key - 2) >> 8) & 255}.${(n.key - 2) & 255}.0/26,${pick(['203.0.113.0/24', '198.51.100.7'])}`,
            destinationIp: 'vnetself',
            destinationPorts: '443',
            pin: pick(['no', 'top', 'bottom']),
          }),
        );
      }
    }
    for (let v = 0; v < 2; v++) {
      const key = vms.length + 1;
      const [a, b, c] = n.cidr.split('.');
      vms.push({
        key,
        name: `${n.name}-vm${v}`,
        description: '',
        machine: 5000 + key,
        running: true,
        status: 'running',
        nics: [
          {
            key: key * 10,
            machine: 5000 + key,
            vm: key,
            name: 'nic_0',
            vnet: n.key,
            mac: '',
            ip: `${a}.${b}.${c}.${10 + v}`,
            enabled: true,
            interface: 'virtio',
            orderid: 0,
            description: '',
          },
        ],
      });
    }
  }
  rules.push(
    rule(1, 0, {direction: 'incoming', protocol: 'tcp', destinationIp: 'router', destinationPorts: '443', name: 'UI'}),
  );
  site.networks = networks;
  site.rules = rules;
  site.aliases = aliases;
  site.vms = vms;
  return site;
}

/** Two networks holding `total` rules between them; the deciding rule sits near the end. */
function twoNetworkSite(total: number): Site {
  ruleKey = 1;
  const site = emptySite();
  const a = network(2, 'a', '10.1.0.0/24');
  const b = network(3, 'b', '10.2.0.0/24');
  const rules: Rule[] = [];
  const half = total / 2;
  for (let i = 0; i < half - 1; i++)
    rules.push(
      rule(2, i, {
        direction: 'outgoing',
        action: 'drop',
        protocol: 'tcp',
        destinationIp: `10.9.${(i >> 8) & 255}.${i & 255}`,
        destinationPorts: String(1000 + (i % 5000)),
      }),
    );
  rules.push(rule(2, half, {direction: 'outgoing', action: 'route', destinationIp: 'vnet:b', targetIp: b.dmzIp}));
  for (let i = 0; i < half - 1; i++)
    rules.push(
      rule(3, i, {
        direction: 'incoming',
        action: 'drop',
        protocol: 'tcp',
        sourceIp: `10.8.${(i >> 8) & 255}.${i & 255}`,
        destinationPorts: String(1000 + (i % 5000)),
      }),
    );
  rules.push(
    rule(3, half, {
      direction: 'incoming',
      action: 'accept',
      protocol: 'tcp',
      sourceIp: 'vnet:a',
      destinationPorts: '5432',
    }),
  );
  site.networks = [a, b];
  site.rules = rules;
  const vm = (key: number, name: string, vnet: number, ip: string): Vm => ({
    key,
    name,
    description: '',
    machine: key,
    running: true,
    status: 'running',
    nics: [
      {
        key,
        machine: key,
        vm: key,
        name: 'nic_0',
        vnet,
        mac: '',
        ip,
        enabled: true,
        interface: 'virtio',
        orderid: 0,
        description: '',
      },
    ],
  });
  site.vms = [vm(1, 'app1', 2, '10.1.0.10'), vm(2, 'db1', 3, '10.2.0.10')];
  return site;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(label: string, runs: number, fn: () => unknown, budget?: number): number {
  fn(); // warm the JIT once
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  const m = median(samples);
  const ms = m < 10 ? m.toFixed(3) : m.toFixed(1);
  const verdict =
    budget === undefined ? '' : m <= budget ? `  (budget ${budget} ms: ok)` : `  (budget ${budget} ms: OVER)`;
  console.log(`${label.padEnd(58)} ${ms.padStart(9)} ms${verdict}`);
  return m;
}

const big = () => syntheticSite(200, 50);
const site = big();
console.log(
  `synthetic site: ${site.networks.length} networks, ${site.rules.length} rules, ${site.aliases.length} aliases, ${site.vms.length} VMs`,
);

time('compile all rulesets (cold, fresh Site)', 7, () => {
  const s = {...site};
  const cs = compileSite(s);
  for (const n of s.networks) cs.pending(n.key);
});
const tcp443 = {protocol: 'tcp' as const, ports: [443, 443] as [number, number]};
time('matrix 201×201, tcp/443, cold (compile included)', 7, () => matrix({...site}, {service: tcp443}), 1000);
const cs = compileSite(site);
time('matrix 201×201, tcp/443, warm', 7, () => matrix(cs, {service: tcp443}), 1000);
time('matrix 201×201, all traffic, warm', 5, () => matrix(cs, {}));
const m = matrix(cs, {service: tcp443});
const counts = {allow: 0, deny: 0, partial: 0, 'n/a': 0};
for (const row of m.cells) for (const c of row) counts[c.verdict]++;
console.log(`  cells: ${JSON.stringify(counts)}`);

const mesh = syntheticSite(200, 50, 7, true);
const csMesh = compileSite(mesh);
time('matrix 201×201, tcp/443, every pair routed, warm', 7, () => matrix(csMesh, {service: tcp443}), 1000);
time('matrix 201×201, all traffic, every pair routed, warm', 5, () => matrix(csMesh, {}), 1000);
const mm = matrix(csMesh, {});
const meshCounts = {allow: 0, deny: 0, partial: 0, 'n/a': 0};
for (const row of mm.cells) for (const c of row) meshCounts[c.verdict]++;
console.log(`  cells: ${JSON.stringify(meshCounts)}`);

time(
  'what-if VM → VM across networks (why + JSON, warm)',
  51,
  () => whyToJson((why(cs, {from: 'net7-vm0', to: 'net42-vm1', service: 'tcp/443'}) as {ok: true; value: never}).value),
  2,
);
time('what-if VM → VM, evaluator only (warm)', 201, () =>
  evaluatePacket(
    cs,
    {proto: 6, src: parseIpv4('10.0.7.10')!, dst: parseIpv4('10.0.42.11')!, sport: 49152, dport: 443},
    {ruleset: 'applied'},
  ),
);

const two = twoNetworkSite(10_000);
const csTwo = compileSite(two);
console.log(`two-network site: ${two.rules.length} rules on 2 networks`);
time(
  'what-if VM → VM through 10,000 rules (why + JSON, warm)',
  51,
  () => whyToJson((why(csTwo, {from: 'app1', to: 'db1', service: 'tcp/5432'}) as {ok: true; value: never}).value),
  2,
);
time(
  'what-if VM → VM through 10,000 rules, evaluator only (warm)',
  201,
  () =>
    evaluatePacket(
      csTwo,
      {proto: 6, src: parseIpv4('10.1.0.10')!, dst: parseIpv4('10.2.0.10')!, sport: 49152, dport: 5432},
      {ruleset: 'applied'},
    ),
  2,
);
time('what-if through 10,000 rules, cold (compile included)', 11, () =>
  why({...two}, {from: 'app1', to: 'db1', service: 'tcp/5432'}),
);

time('lint 200 networks / 10,000 rules', 5, () => lint({...site}));
const edited = {
  ...site,
  rules: site.rules.map((r) =>
    r.key % 97 === 0 ? {...r, action: r.action === 'accept' ? ('drop' as const) : r.action} : r,
  ),
  networks: site.networks.map((n) => (n.key % 7 === 0 ? {...n, needFwApply: true} : n)),
};
edited.applied = new Map(
  edited.networks.map((n) => [
    n.key,
    {source: 'baseline' as const, rules: site.rules.filter((r) => r.vnet === n.key), lastFwApply: null, recordedAt: 0},
  ]),
);
time('pendingChanges (applied vs pending, ~100 edited rules)', 3, () => pendingChanges(edited));
