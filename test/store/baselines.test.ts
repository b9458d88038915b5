import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
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
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(['lab.example.json', 'vergeos.example_443.json']);
    // A pending network keeps what was recorded while it was clean.
    const pending = emptySite();
    pending.networks = [network(1, 'web', {needFwApply: true})];
    pending.rules = [rule(10, 1, 'https'), rule(12, 1, 'new')];
    pending.sections = new Set(['networks', 'rules']);
    restoreBaselines(dir, HOST, pending);
    refreshApplied(pending);
    recordBaselines(dir, HOST, pending, 5);
    const later = emptySite();
    later.networks = [network(1, 'web', {needFwApply: true})];
    later.sections = new Set(['networks', 'rules']);
    expect(restoreBaselines(dir, HOST, later)).toBe(1);
    const kept = later.applied.get(1);
    expect(kept?.source === 'baseline' && kept.rules.map((r: Rule) => r.name)).toEqual(['https']);
  });

  it('keeps the rules of each network in a file of its own: an unchanged site rewrites nothing, a pending one is read alone', () => {
    const dir = home.paths.baselinesDir;
    const rulesOf = (key: number) => join(dir, 'vergeos.example_443', `${key}.json`);
    const clean = site([network(1, 'web'), network(2, 'db')], [rule(10, 1, 'https'), rule(20, 2, 'mysql')]);
    recordBaselines(dir, HOST, clean, 1);
    const index = readFileSync(baselineFile(dir, HOST), 'utf8');
    expect(index).not.toContain('mysql');
    expect(JSON.parse(readFileSync(rulesOf(2), 'utf8'))).toEqual([expect.objectContaining({name: 'mysql'})]);
    // One network changes: only its file is written again.
    writeFileSync(rulesOf(1), readFileSync(rulesOf(1), 'utf8'));
    const dbBefore = statSync(rulesOf(2)).mtimeMs;
    recordBaselines(
      dir,
      HOST,
      site([network(1, 'web'), network(2, 'db')], [rule(10, 1, 'https'), rule(21, 2, 'pg')]),
      2,
    );
    expect(statSync(rulesOf(2)).mtimeMs).toBeGreaterThanOrEqual(dbBefore);
    expect(JSON.parse(readFileSync(rulesOf(2), 'utf8'))).toEqual([expect.objectContaining({name: 'pg'})]);
    // A rules file that is not what the index recorded (a crash, a hand edit) is no baseline.
    writeFileSync(rulesOf(1), '[]');
    const pending = site([network(1, 'web', {needFwApply: true})], [rule(10, 1, 'https')]);
    pending.applied.set(1, {source: 'unknown'});
    restoreBaselines(dir, HOST, pending);
    expect(pending.applied.get(1)).toEqual({source: 'unknown'});
    // Asked for the pending network alone, only its file is read (the other is not restored).
    const alone = site([network(1, 'web', {needFwApply: true})], []);
    alone.applied.set(1, {source: 'unknown'});
    expect(restoreBaselines(dir, HOST, alone, new Set([1]))).toBe(0);
    expect(alone.applied.has(2)).toBe(false);
  });

  it('reads a baseline file written by an earlier version (rules inline) and moves it to the new layout', () => {
    const dir = home.paths.baselinesDir;
    const old = {
      version: 1,
      host: HOST,
      networks: {'1': {name: 'web', lastFwApply: 1000, recordedAt: 7, rules: [rule(10, 1, 'https')]}},
    };
    mkdirSync(dir, {recursive: true});
    writeFileSync(baselineFile(dir, HOST), JSON.stringify(old));
    const pending = site([network(1, 'web', {needFwApply: true})], [rule(10, 1, 'https'), rule(11, 1, 'new')]);
    pending.applied.set(1, {source: 'unknown'});
    expect(restoreBaselines(dir, HOST, pending)).toBe(1);
    refreshApplied(pending);
    recordBaselines(dir, HOST, pending, 8);
    const index = JSON.parse(readFileSync(baselineFile(dir, HOST), 'utf8'));
    expect(index.version).toBe(2);
    expect(index.networks['1'].rules).toBeUndefined();
    const again = site([network(1, 'web', {needFwApply: true})], []);
    again.applied.set(1, {source: 'unknown'});
    expect(restoreBaselines(dir, HOST, again)).toBe(1);
    expect(again.applied.get(1)).toMatchObject({source: 'baseline', recordedAt: 7});
  });

  it('starts over from a damaged file', () => {
    const dir = home.paths.baselinesDir;
    recordBaselines(dir, HOST, site([network(1, 'web')], []), 1);
    writeFileSync(baselineFile(dir, HOST), '{broken');
    const s = site([network(1, 'web', {needFwApply: true})], []);
    expect(restoreBaselines(dir, HOST, s)).toBe(0);
  });
});
