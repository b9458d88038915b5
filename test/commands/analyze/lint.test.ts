// vseg lint against the demo site and against one with broken rules made
// through the API: findings, the --severity filter and the exit codes.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {lintCommand} from '../../../source/commands/lint.js';
import type {SimulatorHandle} from '../../../source/simulator/index.js';
import {sim, Workspace} from '../helpers.js';
import {apiClient, networkKey, ruleKey, until} from './api.js';

interface Finding {
  severity: string;
  code: string;
  network?: string;
  rules: Array<{key: number; name: string; position: number}>;
  alias?: {key: number; name: string};
  message: string;
}

describe('vseg lint', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('demo');
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });
  beforeEach(() => site.clearRequests());

  it('the demo site has warnings only: exit 0', async () => {
    const r = await ws.run(lintCommand, ['-o', 'json', ...ws.site(site)]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {ruleset: string; counts: Record<string, number>; findings: Finding[]};
    expect(doc.ruleset).toBe('pending');
    expect(doc.counts.error).toBe(0);
    expect(doc.findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'unused-alias',
        alias: expect.objectContaining({name: 'web-ports'}),
      }),
    );
    expect(doc.findings).toContainEqual(
      expect.objectContaining({severity: 'warning', code: 'need-fw-apply', network: 'dev'}),
    );

    const table = await ws.run(lintCommand, [...ws.site(site)], {columns: 100});
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^SEVERITY +CODE +NETWORK +RULES +MESSAGE$/);
    expect(table.stdout).toMatch(/warning +need-fw-apply +dev +dev has rule changes that are not applied/);
    expect(table.stderr).toBe('0 errors, 2 warnings, 0 info\n');

    const errorsOnly = await ws.run(lintCommand, ['--severity', 'error', ...ws.site(site)]);
    expect(errorsOnly.code).toBe(0);
    expect(errorsOnly.stdout).toBe('no findings at error level or worse (0 errors, 2 warnings, 0 info)\n');
  });

  it('rules that cannot work are errors: exit 1, listed with the rule', async () => {
    const client = apiClient(site);
    try {
      const web = networkKey(site, 'web');
      await client.create('vnet_rules', {
        vnet: web,
        name: 'Ping with ports',
        action: 'accept',
        direction: 'incoming',
        protocol: 'icmp',
        destination_ports: '22',
      });
      await client.create('vnet_rules', {
        vnet: web,
        name: 'From the old lab',
        action: 'accept',
        direction: 'incoming',
        protocol: 'tcp',
        source_ip: 'vnet:lab',
        destination_ports: '8080',
      });
    } finally {
      await client.close();
    }
    site.clearRequests();
    const r = await ws.run(lintCommand, ['-o', 'json', ...ws.site(site)]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {counts: Record<string, number>; findings: Finding[]};
    expect(doc.counts.error).toBe(2);
    const ping = ruleKey(site, 'web', 'Ping with ports');
    const lab = ruleKey(site, 'web', 'From the old lab');
    expect(
      doc.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.network, f.rules.map((x) => x.key)]),
    ).toEqual([
      ['ports-without-protocol', 'web', [ping]],
      ['unknown-network', 'web', [lab]],
    ]);
    // Reads only.
    expect(site.requests.filter((q) => q.method !== 'GET' && !q.path.startsWith('/api/sys/tokens'))).toEqual([]);

    const table = await ws.run(lintCommand, ['--severity', 'error', ...ws.site(site)], {columns: 120});
    expect(table.code).toBe(1);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^error +ports-without-protocol +web +#\d+ Ping with ports +/);
    expect(lines[2]).toMatch(/^error +unknown-network +web +#\d+ From the old lab +.*lab/);
    expect(table.stderr).toMatch(/^2 errors, \d+ warnings?, \d+ info\n$/);
  });

  it('a live rule whose alias was deleted is an error of the applied ruleset (--applied)', async () => {
    const client = apiClient(site);
    const db = networkKey(site, 'db');
    try {
      const alias = await client.create('vnet_rule_aliases', {name: 'old-backup', value: '10.10.9.9'});
      const rule = await client.create('vnet_rules', {
        vnet: db,
        name: 'Allow backup',
        action: 'accept',
        direction: 'incoming',
        protocol: 'tcp',
        source_ip: `alias:${alias.key}`,
        destination_ports: '873',
      });
      await client.action('vnet_actions', {vnet: db, action: 'refresh'});
      await until(() => site.row('vnets', db)?.['need_fw_apply'] === false);
      // vseg sees it live once (the broken web rules above are staged only: the live set has no error)…
      expect((await ws.run(lintCommand, ['--applied', '-o', 'json', ...ws.site(site)])).code).toBe(0);
      // …then the rule is deleted but not applied, and the alias goes with it.
      await client.remove('vnet_rules', rule.key);
      await client.remove('vnet_rule_aliases', alias.key);
    } finally {
      await client.close();
    }
    const staged = JSON.parse((await ws.run(lintCommand, ['-o', 'json', ...ws.site(site)])).stdout) as {
      findings: Finding[];
    };
    expect(staged.findings.some((f) => f.code === 'unknown-alias')).toBe(false);
    const r = await ws.run(lintCommand, ['--applied', '-o', 'json', ...ws.site(site)]);
    expect(r.code).toBe(1);
    const live = JSON.parse(r.stdout) as {ruleset: string; findings: Finding[]};
    expect(live.ruleset).toBe('applied');
    expect(live.findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'unknown-alias',
        network: 'db',
        rules: [expect.objectContaining({name: 'Allow backup'})],
      }),
    );
  });

  it.each([
    [['--severity', 'fatal'], '--severity must be one of error, warning, info (got "fatal")'],
    [['-o', 'xml'], '-o must be one of table, wide, csv, json, yaml (got "xml")'],
    [['web'], 'Unexpected argument'],
  ])('usage error %j → exit 2, nothing sent', async (argv, message) => {
    const r = await ws.run(lintCommand, [...argv, ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(site.requests).toEqual([]);
  });
});
