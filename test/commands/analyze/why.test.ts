// vseg why against the demo site: verdicts, the JSON shape of issue #6, exit
// codes, the staged answer when Apply Rules would change it, and usage
// errors caught before anything is sent.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {whyCommand} from '../../../source/commands/why.js';
import type {SimulatorHandle} from '../../../source/simulator/index.js';
import {sim, Workspace} from '../helpers.js';
import {aliasKey, apiClient, networkKey, ruleKey} from './api.js';

const HOP_KEYS = ['network', 'direction', 'action', 'rule', 'default'];

function expectHopShape(hop: Record<string, unknown>) {
  for (const k of HOP_KEYS) expect(hop).toHaveProperty(k);
  expect(typeof hop['network']).toBe('string');
  expect(['outgoing', 'incoming']).toContain(hop['direction']);
  expect(['accept', 'drop', 'reject', 'no-route']).toContain(hop['action']);
  expect(typeof hop['default']).toBe('boolean');
  const rule = hop['rule'] as Record<string, unknown> | null;
  if (rule !== null) {
    expect(Object.keys(rule).sort()).toEqual(['key', 'name', 'position']);
    expect(typeof rule['key']).toBe('number');
    expect(typeof rule['position']).toBe('number');
  }
}

describe('vseg why on the demo site', () => {
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

  it("web-01 → db-01 tcp/3306 is denied by db's incoming default (exit 1)", async () => {
    const r = await ws.run(whyCommand, [
      '--from',
      'web-01',
      '--to',
      'db-01',
      '--proto',
      'tcp',
      '--port',
      '3306',
      '-o',
      'json',
      ...ws.site(site),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict).toBe('deny');
    expect(typeof doc.reason).toBe('string');
    expect(doc.reason).toMatch(/db's default for incoming traffic \(drop\)/);
    expect(doc).not.toHaveProperty('pending');
    expect(doc.hops).toHaveLength(2);
    doc.hops.forEach(expectHopShape);
    expect(doc.hops.map((h: Record<string, unknown>) => Object.fromEntries(HOP_KEYS.map((k) => [k, h[k]])))).toEqual([
      {network: 'web', direction: 'outgoing', action: 'accept', rule: null, default: true},
      {network: 'db', direction: 'incoming', action: 'drop', rule: null, default: true},
    ]);
    // Only reads reached the site.
    expect(site.requests.filter((q) => q.method !== 'GET' && !q.path.startsWith('/api/sys/tokens'))).toEqual([]);
  });

  it('tcp/5432 is allowed by the PostgreSQL rule (exit 0), naming its key and position', async () => {
    const r = await ws.run(whyCommand, [
      '--from',
      'web-01',
      '--to',
      'db-01',
      '--proto',
      'tcp',
      '--port',
      '5432',
      '-o',
      'json',
      ...ws.site(site),
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict).toBe('allow');
    doc.hops.forEach(expectHopShape);
    expect(doc.hops[1]).toMatchObject({
      network: 'db',
      direction: 'incoming',
      action: 'accept',
      default: false,
      rule: {key: ruleKey(site, 'db', 'Allow PostgreSQL from web'), name: 'Allow PostgreSQL from web', position: 1},
    });
  });

  it('the table is a readable trace within 80 columns', async () => {
    const r = await ws.run(whyCommand, ['web-01', 'db-01', 'tcp/3306', ...ws.site(site)], {columns: 200});
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('DENY  vm:web-01 → vm:db-01  tcp/3306');
    expect(lines[1]).toBe("Blocked by db's default for incoming traffic (drop): no rule matched.");
    expect(r.stdout).toContain(' 1. web outgoing: ACCEPT — default: accept outgoing on internal networks');
    expect(r.stdout).toContain('route: route rule "Route to db" (#4) sends it to 100.96.0.12');
    expect(r.stdout).toContain(' 2. db incoming: DROP — default: drop incoming on internal networks');
    expect(r.stdout).toContain('skipped #1 Allow PostgreSQL from web — destination ports: port 3306 is not in "5432"');
    // Alias keys read as names.
    expect(r.stdout).toContain('skipped #2 Allow SSH from admins — source: 10.10.1.11 is not in "alias:admins"');
    // At 80 columns long lines wrap with a hanging indent instead of running off.
    const narrow = await ws.run(whyCommand, ['web-01', 'db-01', 'tcp/3306', ...ws.site(site)], {columns: 80});
    const narrowLines = narrow.stdout.trimEnd().split('\n');
    expect(narrowLines.length).toBeGreaterThan(lines.length);
    for (const line of narrowLines) expect([...line].length).toBeLessThanOrEqual(80);
    const at = narrowLines.findIndex((l) => l.startsWith('    skipped #1 Allow PostgreSQL from web'));
    expect(narrowLines[at + 1]).toMatch(/^ {6}\S.*"5432"$/);
  });

  it('a partial answer lists each outcome with its example', async () => {
    const r = await ws.run(whyCommand, ['--from', 'net:web', '--to', 'net:mgmt', ...ws.site(site)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^PARTIAL {2}net:web → net:mgmt {2}any/);
    expect(r.stdout).toMatch(/Outcome 1: DENY {2}tcp 10\.10\.1\.\d+:49152 → 10\.10\.3\.\d+:1/);
    expect(r.stdout).toMatch(/Outcome 2: ALLOW {2}udp .* → 10\.10\.3\.1:51820/);
    const json = JSON.parse(
      (await ws.run(whyCommand, ['--from', 'net:web', '--to', 'net:mgmt', '-o', 'json', ...ws.site(site)])).stdout,
    );
    expect(json.verdict).toBe('partial');
    expect(json.outcomes.map((o: {verdict: string}) => o.verdict)).toEqual(['deny', 'allow']);
  });

  it.each([
    [
      ['--from', 'web-01', '--to', 'db-01', '--proto', 'tcp', '--port', '0'],
      '--port must be between 1 and 65535 (got 0)',
    ],
    [
      ['--from', 'web-01', '--to', 'db-01', '--proto', 'tcp', '--port', '65536'],
      '--port must be between 1 and 65535 (got 65536)',
    ],
    [
      ['--from', 'web-01', '--to', 'db-01', '--proto', 'tcp', '--port', 'ssh'],
      '--port must be a whole number (got "ssh")',
    ],
    [
      ['--from', 'web-01', '--to', 'db-01', '--proto', 'icmp', '--port', '22'],
      '--port needs --proto tcp or udp: icmp has no ports',
    ],
    [
      ['--from', 'web-01', '--to', 'db-01', '--proto', 'any', '--port', '22'],
      '--port needs --proto tcp or udp: any has no ports',
    ],
    [['--from', 'web-01', '--to', 'db-01', '--port', '22'], '--port needs --proto tcp or --proto udp'],
    [['--from', 'web-01', '--to', 'db-01', '--proto', 'sctp'], 'unknown protocol "sctp"'],
    [['--from', 'web-01', '--proto', 'tcp'], '--to is required'],
    [['--to', 'db-01'], '--from is required'],
    [
      ['--from', 'web-01', '--to', 'db-01', '--service', 'tcp/443', '--proto', 'tcp'],
      'give either --service or --proto/--port, not both',
    ],
    [['--from', 'web-01', '--to', 'db-01', '-o', 'xml'], '-o must be one of table, json, yaml'],
    [['--from', 'web-01', '--to', 'db-01', '--bogus'], 'unknown flag --bogus'],
  ])('usage error %j → exit 2, nothing sent', async (argv, message) => {
    const r = await ws.run(whyCommand, [...argv, ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`vseg why: ${message}`);
    expect(site.requests).toEqual([]);
  });

  it('an endpoint that names nothing is exit 2 with a sentence, not a deny', async () => {
    const r = await ws.run(whyCommand, ['--from', 'web-99', '--to', 'db-01', ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'vseg why: from: nothing is named "web-99": expected a VM, vm.nic, IP, CIDR, range, network, alias or "outside"\n',
    );
  });
});

describe('vseg why when the staged rules differ', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('demo');
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });

  it('shows the pending answer when a staged rule flips the verdict; --pending makes it the answer', async () => {
    // vseg sees db applied and clean once (it remembers what is live)…
    expect((await ws.run(whyCommand, ['web-01', 'db-01', 'tcp/3306', '-o', 'json', ...ws.site(site)])).code).toBe(1);
    // …then someone stages a MySQL rule on db without applying it.
    const client = apiClient(site);
    try {
      await client.create('vnet_rules', {
        vnet: networkKey(site, 'db'),
        name: 'Allow MySQL from web',
        action: 'accept',
        direction: 'incoming',
        protocol: 'tcp',
        source_ip: `alias:${aliasKey(site, 'web-servers')}`,
        destination_ports: '3306',
      });
    } finally {
      await client.close();
    }
    const staged = ruleKey(site, 'db', 'Allow MySQL from web');

    const r = await ws.run(whyCommand, [
      '--from',
      'web-01',
      '--to',
      'db-01',
      '--proto',
      'tcp',
      '--port',
      '3306',
      '-o',
      'json',
      ...ws.site(site),
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict).toBe('deny');
    expect(doc.changesOnApply).toBe(true);
    expect(doc.pending.verdict).toBe('allow');
    expect(typeof doc.pending.reason).toBe('string');
    doc.pending.hops.forEach(expectHopShape);
    expect(doc.pending.hops[1]).toMatchObject({
      network: 'db',
      direction: 'incoming',
      action: 'accept',
      default: false,
      rule: {key: staged, name: 'Allow MySQL from web'},
    });

    const text = await ws.run(whyCommand, ['web-01', 'db-01', 'tcp/3306', ...ws.site(site)], {columns: 200});
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^DENY /);
    expect(text.stdout).toContain(
      'Pending (after Apply Rules): ALLOW — Allowed: web outgoing accepts it by its default, then db incoming accepts it by rule "Allow MySQL from web"',
    );
    expect(text.stdout).toContain('note: Apply Rules would change this verdict: deny → allow.');

    const pending = await ws.run(whyCommand, [
      'web-01',
      'db-01',
      'tcp/3306',
      '--pending',
      '-o',
      'json',
      ...ws.site(site),
    ]);
    expect(pending.code).toBe(0);
    const p = JSON.parse(pending.stdout);
    expect(p).toMatchObject({verdict: 'allow', ruleset: 'pending', applied: {verdict: 'deny'}});
    expect(p.hops[1].rule.key).toBe(staged);
    expect(p).not.toHaveProperty('pending');
    const pendingText = await ws.run(whyCommand, ['web-01', 'db-01', 'tcp/3306', '--pending', ...ws.site(site)]);
    expect(pendingText.stdout).toMatch(/^ALLOW /);
    expect(pendingText.stdout).toContain('Applied (live now): DENY');
  });

  it('an ambiguous name is exit 2 with the candidates', async () => {
    const client = apiClient(site);
    try {
      await client.create('vnet_rule_aliases', {name: 'db', value: '10.10.2.21'});
    } finally {
      await client.close();
    }
    site.clearRequests();
    const r = await ws.run(whyCommand, ['--from', 'web-01', '--to', 'db', ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('vseg why: to: "db" is ambiguous: it could be net:db, alias:db; write one of those\n');
    const chosen = await ws.run(whyCommand, [
      '--from',
      'web-01',
      '--to',
      'alias:db',
      '--service',
      'tcp/5432',
      ...ws.site(site),
    ]);
    expect(chosen.code).toBe(0);
  });
});
