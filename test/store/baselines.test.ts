import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {refreshApplied} from '../../source/domain/load-site.js';
import {emptySite, type Network, type Rule, type Site} from '../../source/domain/model.js';
import {baselineFile, recordBaselines, restoreBaselines} from '../../source/store/baselines.js';
import {modeOf, tempHome, type TempHome} from './helpers.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

function network(key: number, name: string, over: Partial<Network> = {}): Network {
  return {
    key,
    name,
    description: '',
    type: 'internal',
    enabled: true,
    cidr: `10.0.${key}.0/24`,
    routerIp: `10.0.${key}.1`,
    dmzIp: '',
    gateway: '',
    defaultGateway: null,
    interfaceVnet: null,
    dhcpEnabled: false,
    dhcpStart: '',
    dhcpStop: '',
    dns: '',
    dnsList: '',
    domain: '',
    mtu: 1500,
    needFwApply: false,
    needRestart: false,
    lastFwApply: 1000,
    running: true,
    status: 'running',
    portMirroring: 'off',
    portMirroringVnet: null,
    statistics: false,
    ipsecEnabled: false,
    machine: null,
    owner: '',
    modified: null,
    ...over,
  };
}

function rule(key: number, vnet: number, name: string, over: Partial<Rule> = {}): Rule {
  return {
    key,
    vnet,
    name,
    description: '',
    orderid: key,
    pin: 'no',
    enabled: true,
    action: 'accept',
    protocol: 'tcp',
    direction: 'incoming',
    interface: 'auto',
    ctState: '',
    sourceIp: '',
    sourcePorts: '',
    destinationIp: '',
    destinationPorts: '443',
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
    ...over,
  };
}

function site(networks: Network[], rules: Rule[]): Site {
  const s = emptySite();
  s.networks = networks;
  s.rules = rules;
  s.sections = new Set(['networks', 'rules']);
  refreshApplied(s);
  return s;
}

const HOST = 'vergeos.example:443';

describe('baselines', () => {
  it('remembers the live rules of clean networks and gives them back to a later session while last_fw_apply is unchanged', () => {
    const dir = home.paths.baselinesDir;
    const clean = site(
      [network(1, 'web'), network(2, 'db')],
      [rule(10, 1, 'https', {packets: 5}), rule(20, 2, 'mysql')],
    );
    expect(recordBaselines(dir, HOST, clean, 111)).toBe(2);
    expect(modeOf(baselineFile(dir, HOST))).toBe('0600');

    // Later session: web got a staged rule (pending); db was applied again meanwhile.
    const later = emptySite();
    later.networks = [network(1, 'web', {needFwApply: true}), network(2, 'db', {needFwApply: true, lastFwApply: 2000})];
    later.rules = [rule(10, 1, 'https'), rule(11, 1, 'staged-ssh'), rule(20, 2, 'mysql')];
    later.sections = new Set(['networks', 'rules']);
    expect(restoreBaselines(dir, HOST, later)).toBe(2);
    refreshApplied(later, 999);
    const web = later.applied.get(1);
    expect(web).toMatchObject({source: 'baseline', lastFwApply: 1000, recordedAt: 111});
    expect(web?.source === 'baseline' && web.rules.map((r) => r.name)).toEqual(['https']);
    // Counters are not part of a baseline.
    expect(web?.source === 'baseline' && web.rules[0].packets).toBe(0);
    expect(later.applied.get(2)).toEqual({source: 'unknown'});
  });

  it('without a stored baseline a network with pending changes is unknown', () => {
    const s = site([network(1, 'web', {needFwApply: true})], [rule(10, 1, 'https')]);
    expect(restoreBaselines(home.paths.baselinesDir, HOST, s)).toBe(0);
    expect(s.applied.get(1)).toEqual({source: 'unknown'});
  });

  it('writes only when something changed, forgets deleted networks, keeps sites apart', () => {
    const dir = home.paths.baselinesDir;
    const s = site([network(1, 'web'), network(2, 'db')], [rule(10, 1, 'https')]);
    expect(recordBaselines(dir, HOST, s, 1)).toBe(2);
    const before = readFileSync(baselineFile(dir, HOST), 'utf8');
    // Same rules, moving counters: nothing to write.
    const again = site([network(1, 'web'), network(2, 'db')], [rule(10, 1, 'https', {packets: 99, bytes: 12345})]);
    expect(recordBaselines(dir, HOST, again, 2)).toBe(0);
    expect(readFileSync(baselineFile(dir, HOST), 'utf8')).toBe(before);
    // db deleted: forgotten.
    recordBaselines(dir, HOST, site([network(1, 'web')], [rule(10, 1, 'https')]), 3);
    expect(Object.keys(JSON.parse(readFileSync(baselineFile(dir, HOST), 'utf8')).networks)).toEqual(['1']);
    // Another site has its own file.
    recordBaselines(dir, 'lab.example', site([network(1, 'lab')], []), 4);
    expect(readdirSync(dir).sort()).toEqual(['lab.example.json', 'vergeos.example_443.json']);
    // A pending network keeps what was recorded while it was clean.
    const pending = emptySite();
    pending.networks = [network(1, 'web', {needFwApply: true})];
    pending.rules = [rule(10, 1, 'https'), rule(12, 1, 'new')];
    pending.sections = new Set(['networks', 'rules']);
    restoreBaselines(dir, HOST, pending);
    refreshApplied(pending);
    recordBaselines(dir, HOST, pending, 5);
    const stored = JSON.parse(readFileSync(baselineFile(dir, HOST), 'utf8')).networks['1'];
    expect(stored.rules.map((r: Rule) => r.name)).toEqual(['https']);
  });

  it('starts over from a damaged file', () => {
    const dir = home.paths.baselinesDir;
    recordBaselines(dir, HOST, site([network(1, 'web')], []), 1);
    writeFileSync(baselineFile(dir, HOST), '{broken');
    const s = site([network(1, 'web', {needFwApply: true})], []);
    expect(restoreBaselines(dir, HOST, s)).toBe(0);
  });
});
