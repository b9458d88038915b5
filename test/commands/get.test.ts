// `vseg get` views and `vseg apply-rules` against the demo site.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {applyRulesCommand} from '../../source/commands/apply-rules.js';
import {getCommand} from '../../source/commands/get.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

describe('get', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('demo');
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });
  const get = (...args: string[]) => ws.run(getCommand, [...args, ...ws.site(site)]);
  const json = async (...args: string[]) => {
    const r = await get(...args, '-o', 'json');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  };

  it('networks: stable JSON fields', async () => {
    const rows = await json('networks');
    expect(rows.map((r) => r['name'])).toEqual(['db', 'dev', 'External', 'mgmt', 'tenant_acme', 'web', 'web_mirror']);
    const dev = rows.find((r) => r['name'] === 'dev')!;
    expect(Object.keys(dev)).toEqual([
      'name',
      'key',
      'type',
      'cidr',
      'routerIp',
      'enabled',
      'running',
      'status',
      'needFwApply',
      'needRestart',
      'rules',
      'defaultGateway',
      'portMirroring',
      'description',
    ]);
    expect(dev).toMatchObject({type: 'internal', cidr: '10.10.4.0/24', needFwApply: true, defaultGateway: 'External'});
  });

  it('rules: evaluation order, alias names, one network with --network, yaml too', async () => {
    const rows = await json('rules', '--network', 'db');
    expect(rows.map((r) => r['name'])).toEqual([
      'Allow PostgreSQL from web',
      'Allow SSH from admins',
      'Route to web',
      'Route to mgmt',
    ]);
    expect(rows[0]).toMatchObject({
      network: 'db',
      position: 1,
      action: 'accept',
      source: 'alias:web-servers',
      destination: 'alias:db-servers',
      destinationPorts: '5432',
      system: false,
    });
    // Same document in YAML (hit counters move between two reads, so they are left out).
    const yaml = await get('rules', '--network', 'db', '-o', 'yaml');
    const still = (list: Array<Record<string, unknown>>) => list.map(({packets: _p, bytes: _b, ...rest}) => rest);
    expect(still(parseYaml(yaml.stdout))).toEqual(still(rows));
  });

  it('the other views', async () => {
    expect((await json('aliases')).find((a) => a['name'] === 'admins')).toMatchObject({
      scope: 'private',
      usedBy: 3,
      entries: [
        {value: '10.10.3.0/24', label: 'mgmt'},
        {value: '192.168.255.0/24', label: 'vpn-admins'},
      ],
    });
    expect(await json('ipsec')).toEqual([
      expect.objectContaining({
        network: 'mgmt',
        name: 'hq',
        remoteGateway: '198.51.100.10',
        phase2: [expect.objectContaining({name: 'hq-lan', local: '10.10.3.0/24'})],
      }),
    ]);
    const wg = await json('wireguard', '--network', 'mgmt');
    expect(wg).toHaveLength(1);
    expect((wg[0]['peers'] as Array<{name: string}>).map((p) => p.name)).toEqual(['alice-laptop', 'branch-office']);
    expect(JSON.stringify(wg)).not.toMatch(/private|preshared/i);
    expect(await json('tenants')).toEqual([
      expect.objectContaining({
        name: 'acme',
        isolate: false,
        blocks: [{network: 'External', cidr: '203.0.113.64/28', description: 'ACME public block'}],
      }),
    ]);
    expect(await json('mirrors', '--network', 'web')).toEqual([
      {
        network: 'web',
        mode: 'north_south',
        mirrorNetwork: 'web_mirror',
        captureNics: [{vm: 'capture-01', nic: 'eth1'}],
      },
    ]);
    const vms = await json('vms', '--network', 'db');
    expect(vms.map((v) => v['name'])).toEqual(['db-01']);
    expect(vms[0]['nics']).toEqual([expect.objectContaining({name: 'eth0', network: 'db', ip: '10.10.2.21'})]);
  });

  it('tables fit the terminal width', async () => {
    for (const columns of [80, 120]) {
      const r = await ws.run(getCommand, ['rules', ...ws.site(site)], {columns, tty: true});
      expect(r.code).toBe(0);
      for (const line of r.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(columns);
      expect(r.stdout.split('\n')[0]).toMatch(/^NETWORK\s+#\s+NAME\s+ACTION/);
    }
  });

  it('in a file or a pipe, with -o wide and -o csv, no cell is cut (#14)', async () => {
    const json = JSON.parse((await ws.run(getCommand, ['rules', '-o', 'json', ...ws.site(site)])).stdout) as Array<
      Record<string, unknown>
    >;
    const longest = json.map((r) => String(r['name'])).sort((a, b) => b.length - a.length)[0];
    const piped = await ws.run(getCommand, ['rules', ...ws.site(site)], {columns: 80});
    expect(piped.stdout).not.toContain('…');
    expect(piped.stdout).toContain(longest);
    const wide = await ws.run(getCommand, ['rules', '-o', 'wide', ...ws.site(site)], {columns: 80, tty: true});
    expect(wide.stdout).not.toContain('…');
    const cut = await ws.run(getCommand, ['rules', ...ws.site(site)], {columns: 80, tty: true});
    expect(cut.stdout).toContain('…');
    const csv = await ws.run(getCommand, ['rules', '-o', 'csv', ...ws.site(site)], {columns: 80, tty: true});
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toMatch(/^NETWORK,#,NAME,ACTION/);
    expect(lines.length - 2).toBe(json.length);
    expect(csv.stdout).toContain(longest.includes(',') ? `"${longest}"` : longest);
  });

  it('exit codes: 1 for an unknown network, 2 for usage and connection errors', async () => {
    const missing = await get('rules', '--network', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no network named "nope"');
    expect((await get('routers')).code).toBe(2);
    expect((await get()).code).toBe(2);
    expect((await get('aliases', '--network', 'db')).code).toBe(2);
    expect((await get('rules', '-o', 'xml')).code).toBe(2);
    expect((await ws.run(getCommand, ['rules', '--url', site.url])).code).toBe(2);
    const denied = await ws.run(getCommand, ['rules', ...ws.site(site)], {password: 'wrong'});
    expect(denied.code).toBe(2);
    expect(denied.stderr).not.toContain('wrong');
  });

  it('loads only the tables a view needs', async () => {
    site.clearRequests();
    expect((await get('aliases', '-o', 'json')).code).toBe(0);
    const tables = new Set(site.requests.filter((r) => r.method === 'GET').map((r) => r.path.split('/')[3]));
    expect([...tables].sort()).toEqual(['vnet_rule_aliases', 'vnet_rules']);
  });
});

describe('apply-rules', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('demo');
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });
  const pending = () =>
    site
      .rows('vnets')
      .filter((n) => n['need_fw_apply'] === true)
      .map((n) => n['name']);

  it('applies every pending network and waits for it', async () => {
    expect(pending()).toEqual(['dev']);
    const r = await ws.run(applyRulesCommand, ['--all-pending', ...ws.site(site)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dev: applied in \d+ ms\n$/);
    expect(r.stderr).toContain('[1/1] dev: applying rules');
    expect(pending()).toEqual([]);
    const again = await ws.run(applyRulesCommand, ['--all-pending', ...ws.site(site)]);
    expect(again.stdout).toBe('no network has pending rules\n');
    expect((await ws.run(applyRulesCommand, ['web', ...ws.site(site)])).stdout).toBe('web: nothing was pending\n');
  });

  it('exit codes', async () => {
    expect((await ws.run(applyRulesCommand, ['nope', ...ws.site(site)])).code).toBe(1);
    expect((await ws.run(applyRulesCommand, [...ws.site(site)])).code).toBe(2);
    expect((await ws.run(applyRulesCommand, ['web', '--all-pending', ...ws.site(site)])).code).toBe(2);
    expect((await ws.run(applyRulesCommand, ['web', '--read-only', ...ws.site(site)])).code).toBe(2);
  });
});
