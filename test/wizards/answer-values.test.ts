// Answer files are checked before the site is read: a value the wizard pages
// would refuse (a bad CIDR or address, a port out of range, a malformed
// WireGuard key, a name holding control characters) stops `vseg wizard`
// with the answer's path, and the simulator sees no request at all.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {wizardCommand} from '../../source/commands/wizard.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from '../commands/helpers.js';

const KEY = 'Yh2258EAAAlwFfCil8CrmdiqmKSayZWPDGGGw0ZtYQM=';

// [class, wizard, answers (JSON, so any character can be written), path, words of the message]
const CASES: Array<[string, string, unknown, string, RegExp]> = [
  ['prefix beyond /32', 'topology', {baseBlock: '10.60.0.0/33'}, 'baseBlock', /prefix length must be 0–32/],
  [
    'host bits in a block',
    'tenants',
    {tenant: 'acme2', block: {network: 'External', cidr: '203.0.113.70/28'}},
    'block / cidr',
    /host bits set/,
  ],
  [
    'router outside its block',
    'topology',
    {template: 'custom', networks: [{name: 'app', cidr: '10.60.1.0/24', routerIp: '10.60.9.1'}]},
    'network app / routerIp',
    /not|outside|inside/,
  ],
  [
    'DHCP range outside its block',
    'topology',
    {template: 'custom', networks: [{name: 'app', cidr: '10.60.1.0/24', dhcpRange: '10.60.2.10-10.60.2.20'}]},
    'network app / dhcpRange',
    /not|outside|inside/,
  ],
  [
    'overlapping blocks',
    'topology',
    {
      template: 'custom',
      networks: [
        {name: 'app', cidr: '10.60.1.0/24'},
        {name: 'data', cidr: '10.60.1.128/25'},
      ],
    },
    'network data / cidr',
    /overlaps/,
  ],
  [
    'address out of range',
    'rules',
    {flows: [{from: '300.1.1.1', to: 'db', protocol: 'tcp', ports: '22'}]},
    'flows[1] / from',
    /0–255/,
  ],
  ...(['70000', '-1', '9000-8000', 'http'] as const).map((ports): [string, string, unknown, string, RegExp] => [
    `port ${ports}`,
    'rules',
    {flows: [{from: 'web', to: 'db', protocol: 'tcp', ports}]},
    'flows[1] / ports',
    /port/i,
  ]),
  [
    'alias entry with a prefix beyond /32',
    'aliases',
    {name: 'ops', members: ['10.1.1.1/99']},
    'members[1]',
    /prefix length must be 0–32/,
  ],
  [
    'malformed WireGuard key',
    'vpn',
    {
      kind: 'wireguard',
      wireguard: {network: 'mgmt', name: 'wg1', peers: [{name: 'bob', publicKey: `${KEY.slice(0, 40)}!!!=`}]},
    },
    'wireguard / peers[1] / publicKey',
    /WireGuard key/,
  ],
  ...(['\u001b[31m', '\u0007', '\u0000', '\u202e'] as const).map((c): [string, string, unknown, string, RegExp] => [
    `a name holding U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    'aliases',
    {name: `ops${c}`, members: ['10.1.1.1']},
    'name',
    /control characters/,
  ]),
];

describe('answer files with values a wizard page would refuse', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('demo');
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });

  it.each(CASES)('%s: refused before the site is read', async (label, wizard, answers, path, message) => {
    const file = ws.file(`${label.replace(/\W+/g, '-')}.json`, JSON.stringify(answers));
    site.clearRequests();
    const r = await ws.run(wizardCommand, [wizard, '--file', file, '--yes', ...ws.site(site)]);
    expect(r.code, r.stderr).toBe(2);
    const line = r.stderr.split('\n').find((l) => l.trim().startsWith(`${path}:`));
    expect(line, `names ${path}:\n${r.stderr}`).toBeDefined();
    expect(line).toMatch(message);

    expect(r.stderr).not.toMatch(/[\u0000\u0007\u001b\u202e]/);
    expect(site.requests).toEqual([]);
  });

  it('setup checks every step it holds', async () => {
    const file = ws.file(
      'setup.json',
      JSON.stringify({wizard: 'setup', rules: {flows: [{from: 'web', to: 'db', ports: '70000'}]}}),
    );
    site.clearRequests();
    const r = await ws.run(wizardCommand, ['setup', '--file', file, ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules / flows[1] / ports:');
    expect(site.requests).toEqual([]);
  });
});
