// Site files are checked with the console forms' own field checks before
// anything is sent: for each class of bad value, plan and apply exit 2 naming
// the value's path, and the simulator sees no request at all (not even a
// sign-in). Each file is the demo's own export with one value spoiled.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {driftCommand} from '../../source/commands/drift.js';
import {exportCommand} from '../../source/commands/export.js';
import {planCommand} from '../../source/commands/plan.js';
import {parseSitefile, serialiseSitefile, type Sitefile} from '../../source/domain/sitefile/index.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from '../commands/helpers.js';

type Spoil = (doc: Sitefile) => void;
const net = (doc: Sitefile, name: string) => doc.networks.find((n) => n.name === name)!;
const rule = (doc: Sitefile, network: string, name: string) => net(doc, network).rules.find((r) => r.name === name)!;

// [class, spoil, path, words of the message]
const CASES: Array<[string, Spoil, string, RegExp]> = [
  [
    'prefix beyond /32',
    (d) => (net(d, 'db').cidr = '10.10.2.0/33'),
    'networks[1] (db).cidr',
    /prefix length must be 0–32/,
  ],
  [
    'octet beyond 255',
    (d) => (net(d, 'db').routerIp = '10.10.2.256'),
    'networks[1] (db).routerIp',
    /must be 0–255 \(256/,
  ],
  [
    'host bits in a block',
    (d) => (net(d, 'db').cidr = '10.10.2.5/24'),
    'networks[1] (db).cidr',
    /host bits set; did you mean 10\.10\.2\.0\/24/,
  ],
  [
    'router outside its block',
    (d) => (net(d, 'db').routerIp = '10.10.9.1'),
    'networks[1] (db).routerIp',
    /10\.10\.9\.1 is not inside 10\.10\.2\.0\/24/,
  ],
  [
    'DHCP range outside its block',
    (d) => (net(d, 'db').dhcp.start = '10.10.9.100'),
    'networks[1] (db).dhcp.start',
    /DHCP start 10\.10\.9\.100 is not inside 10\.10\.2\.0\/24/,
  ],
  [
    'overlapping blocks',
    (d) => {
      const lab = {
        ...net(d, 'dev'),
        name: 'lab',
        cidr: '10.10.2.128/25',
        routerIp: '10.10.2.129',
        gateway: '',
        rules: [],
      };
      d.networks.push({...lab, dhcp: {enabled: false, start: '', stop: ''}, wireguard: [], ipsec: []});
    },
    'networks[3] (lab).cidr',
    /overlaps network db \(10\.10\.2\.0\/24, networks\[1\]\)/,
  ],
  [
    'address out of range in a rule',
    (d) => (rule(d, 'db', 'Allow SSH from admins').source = '300.1.1.1'),
    'networks[1] (db).rules[1] (Allow SSH from admins).source',
    /must be 0–255 \(300/,
  ],
  ...(['70000', '-1', '9000-8000', 'http'] as const).map((ports): [string, Spoil, string, RegExp] => [
    `port ${ports}`,
    (d) => (rule(d, 'db', 'Allow PostgreSQL from web').destinationPorts = ports),
    'networks[1] (db).rules[0] (Allow PostgreSQL from web).destinationPorts',
    /port/i,
  ]),
  [
    'alias entry with a prefix beyond /32',
    (d) => d.aliases.find((a) => a.name === 'admins')!.entries.push({value: '10.1.1.1/99', label: ''}),
    'aliases[0] (admins).entries[2].value',
    /prefix length must be 0–32/,
  ],
  [
    'malformed WireGuard key',
    (d) => (net(d, 'mgmt').wireguard[0].peers[0].publicKey = 'bm90LWEta2V5'),
    'networks[3] (mgmt).wireguard[0] (wg0).peers[0] (alice-laptop).publicKey',
    /a WireGuard key is 44 characters/,
  ],
  [
    'tenant block outside its network',
    (d) => (d.tenants[0].blocks[0].cidr = '10.10.1.0/24'),
    'tenants[0] (acme).blocks[0].cidr',
    /not inside External's block 203\.0\.113\.0\/24/,
  ],
  [
    "tenant block holding its network's router",
    (d) => (d.tenants[0].blocks[0].cidr = '203.0.113.0/28'),
    'tenants[0] (acme).blocks[0].cidr',
    /contains External's router or gateway 203\.0\.113\.2/,
  ],
  [
    'overlapping tenant blocks',
    (d) =>
      d.tenants.push({
        name: 'beta',
        description: '',
        isolate: false,
        blocks: [{...d.tenants[0].blocks[0], cidr: '203.0.113.64/29'}],
      }),
    'tenants[1] (beta).blocks[0].cidr',
    /overlaps the block 203\.0\.113\.64\/28 of tenant acme/,
  ],
  ...(['\u001b[31m', '\u0007', '\u0000', '\u202e'] as const).map((c): [string, Spoil, string, RegExp] => [
    `a name holding U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    (d) => (rule(d, 'web', 'Allow HTTP/HTTPS').name = `Allow HTTP${c}`),
    'networks[4] (web).rules[0]',
    /\.name: control characters are not allowed/,
  ]),
];

describe('site files with values a form would refuse', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  let original: string;
  beforeAll(async () => {
    site = await sim('demo');
    original = (await ws.run(exportCommand, ws.site(site))).stdout;
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });

  it.each(CASES)('%s: refused before any request, with its path', async (label, spoil, path, message) => {
    const doc = parseSitefile(original);
    spoil(doc);
    // JSON carries every control character (NUL included) the way a script would write it.
    const file = ws.file(`${label.replace(/\W+/g, '-')}.json`, serialiseSitefile(doc, 'json'));
    site.clearRequests();
    for (const [command, extra] of [
      [planCommand, []],
      [driftCommand, []],
      [applyCommand, ['--yes']],
    ] as const) {
      const r = await ws.run(command, ['-f', file, ...extra, ...ws.site(site)]);
      expect(r.code, `${command.name}: ${r.stderr}`).toBe(2);
      const line = r.stderr.split('\n').find((l) => l.includes(path));
      expect(line, `${command.name} names ${path}:\n${r.stderr}`).toBeDefined();
      expect(line).toMatch(message);
      // The offending bytes are not echoed raw.

      expect(r.stderr).not.toMatch(/[\u0000\u0007\u001b\u202e]/);
    }
    expect(site.requests).toEqual([]);
  });

  it('a tenant block the site has given away already is refused when planning, before any write', async () => {
    const doc = parseSitefile(original);
    // acme's block, claimed by a new tenant in a file that no longer lists acme: only the site knows it is taken.
    doc.tenants[0].name = 'beta';
    const file = ws.file('taken-block.yaml', serialiseSitefile(doc));
    site.clearRequests();
    for (const [command, extra] of [
      [planCommand, []],
      [applyCommand, ['--yes']],
    ] as const) {
      const r = await ws.run(command, ['-f', file, ...extra, ...ws.site(site)]);
      expect(r.code, `${command.name}: ${r.stderr}${r.stdout}`).toBe(2);
      expect(`${r.stdout}${r.stderr}`).toMatch(
        /tenants\[0\] \(beta\)\.blocks\[0\]\.cidr: overlaps the network block 203\.0\.113\.64\/28 of tenant acme/,
      );
    }
    expect(site.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'))).toEqual([]);
  });

  it('the untouched export is accepted (the checks refuse values, not files)', async () => {
    site.clearRequests();
    const file = ws.file('original.yaml', original);
    const r = await ws.run(planCommand, ['-f', file, ...ws.site(site)]);
    expect([0, 3]).toContain(r.code);
    expect(site.requests.length).toBeGreaterThan(0);
  });
});
