// vseg report on the demo site: the HTML holds every section with the
// diagram inline and fetches nothing; the Markdown has its SVG beside it;
// neither holds a secret the site or the operator knows.
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {reportCommand} from '../../source/commands/report.js';
import {ARTICLE_CONTRACTS} from '../../source/session/demo-contracts.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {apiClient, networkKey} from './analyze/api.js';
import {sim, Workspace} from './helpers.js';

const SECRETS = {
  psk: 'Report-PSK-6b1f0a9e-never-shown',
  tenantPassword: 'Tenant-Pass-1c7e93d2-never-shown',
  // A WireGuard key is 32 bytes in base64.
  peerPsk: randomBytes(32).toString('base64'),
};

describe('vseg report', () => {
  const ws = new Workspace();
  let s: SimulatorHandle;
  let apiKey: string;
  beforeAll(async () => {
    s = await sim('demo');
    apiKey = s.createApiKey();
    // Secrets the site holds (write-only), written as an operator would.
    const client = apiClient(s);
    const phase1 = s.rows('vnet_ipsec_phase1s')[0];
    await client.create(
      'vnet_ipsec_phase1s',
      {ipsec: phase1['ipsec'], name: 'audit-tunnel', remote_gateway: '198.51.100.77', auth: 'psk', psk: SECRETS.psk},
      {operation: 'create tunnel'},
    );
    await client.create('tenants', {name: 'audited', password: SECRETS.tenantPassword}, {operation: 'create tenant'});
    const wg = s.rows('vnet_wireguards')[0];
    await client.create(
      'vnet_wireguard_peers',
      {
        wireguard: wg['$key'],
        name: 'auditor',
        public_key: 'EBp4BF2uMykNbvAe0nRt9uacc/COUWSd7lMQke3foWY=',
        allowed_ips: '192.168.255.30/32',
        preshared_key: SECRETS.peerPsk,
      },
      {operation: 'create peer'},
    );
    void networkKey;
  });
  afterAll(async () => {
    await s.close();
    ws.remove();
  });

  it('HTML: every section, the diagram inline, nothing fetched', async () => {
    const contracts = ws.file('article.yaml', ARTICLE_CONTRACTS);
    const out = join(ws.dir, 'r.html');
    const r = await ws.run(reportCommand, [
      '-o',
      out,
      '--service',
      'tcp/443',
      '--service',
      'tcp/5432',
      '--contracts',
      contracts,
      ...ws.site(s),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const id of [
      'topology',
      'matrix',
      'contracts',
      'rulesets',
      'recertification',
      'never-hit',
      'vpn',
      'tenants',
      'state',
    ])
      expect(html, id).toContain(`id="${id}"`);
    // One inline diagram with a lane per connection, coloured by verdict.
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toMatch(/<g class="lane-row" data-lane="route:\d+-\d+">\s*<line class="lane v-(allow|deny|partial)"/);
    // A heat map per service, every network a row.
    for (const svc of ['tcp/443', 'tcp/5432']) expect(html).toContain(`data-service="${svc}"`);
    for (const net of ['web', 'db', 'mgmt', 'dev']) expect(html).toMatch(new RegExp(`<tr><th>${net}</th>`));
    expect(html).toMatch(/<td class="c v-deny" title="web → db tcp\/443: deny/);
    // Rules in evaluation order with lint and lifecycle; contracts; due rules; VPN; tenants; state and time.
    expect(html).toContain('id="net-db"');
    expect(html).toContain('owner dba, ticket CHG-1002');
    expect(html).toMatch(/<td class="pass">PASS<\/td><td>dev never reaches production/);
    expect(html).toMatch(/<td>web<\/td><td>Allow ICMP from mgmt<\/td><td>expired/);
    expect(html).toContain('WireGuard wg0');
    expect(html).toContain('IPsec hq');
    expect(html).toMatch(/<td>acme<\/td><td class="fail">no<\/td>/);
    expect(html).toMatch(/Site state taken \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    // dev (and mgmt, after the new peer) have staged changes vseg never saw applied: live rules unknown.
    expect(html).toMatch(/The live rules of dev, mgmt are unknown/);
    expect(html).toMatch(/<tr><td>dev<\/td><td>staged changes<\/td><td>[^<]+<\/td><td>unknown<\/td><\/tr>/);
    // Self-contained: no script, no external reference of any kind.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(src|href)="(?!#)/i);
    // The one URL is the SVG namespace, a name that is never fetched.
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:\/\//);
  });

  it('Markdown: the document and its SVG beside it', async () => {
    const out = join(ws.dir, 'report.md');
    const r = await ws.run(reportCommand, ['-o', out, ...ws.site(s)]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    const svg = readFileSync(join(ws.dir, 'report.svg'), 'utf8');
    expect(md).toContain('![Topology of ');
    expect(md).toContain('](report.svg)');
    expect(md).toMatch(/^## Reachability matrix$/m);
    expect(md).toMatch(/^\| web \| /m);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('data-lane="route:');
  });

  it('holds no secret: not the password, an API key, a PSK, a tenant password or a peer key', () => {
    const html = readFileSync(join(ws.dir, 'r.html'), 'utf8');
    const md = readFileSync(join(ws.dir, 'report.md'), 'utf8') + readFileSync(join(ws.dir, 'report.svg'), 'utf8');
    const secrets = [s.password, apiKey, ...Object.values(SECRETS)];
    for (const text of [html, md]) for (const secret of secrets) expect(text).not.toContain(secret);
    // The secrets were really on the site (the test would prove nothing otherwise).
    expect(s.rows('vnet_ipsec_phase1s').some((p) => p['name'] === 'audit-tunnel')).toBe(true);
    expect(html).toContain('auditor');
  });

  it('refuses a bad service or file name before asking the site', async () => {
    s.clearRequests();
    const bad = await ws.run(reportCommand, ['--service', 'tcp/99999', ...ws.site(s)]);
    expect(bad.code).toBe(2);
    const ext = await ws.run(reportCommand, ['-o', join(ws.dir, 'r.pdf'), ...ws.site(s)]);
    expect(ext.code).toBe(2);
    expect(s.requests).toEqual([]);
  });
});
