// vseg matrix against the demo site: the JSON cells agree with vseg why for
// the same pairs, the grid fits 80 columns with names listed in full, and
// service mistakes are refused before anything is sent.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {matrixCommand} from '../../../source/commands/matrix.js';
import {whyCommand} from '../../../source/commands/why.js';
import type {SimulatorHandle} from '../../../source/simulator/index.js';
import {sim, Workspace} from '../helpers.js';
import {ruleKey} from './api.js';

interface Cell {
  from: string;
  to: string;
  verdict: string;
  rules: Array<{network: string; direction: string; key: number; name: string; position: number}>;
  outcomes: Array<{
    verdict: string;
    example: unknown;
    hops: Array<{network: string; direction: string; action: string; rule: unknown; default: boolean}>;
  }>;
}

describe('vseg matrix on the demo site', () => {
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

  it('json: nodes and one cell per ordered pair, consistent with vseg why', async () => {
    const r = await ws.run(matrixCommand, ['--proto', 'tcp', '--port', '5432', '-o', 'json', ...ws.site(site)]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      service: string;
      ruleset: string;
      nodes: Array<{name: string; type: string}>;
      cells: Cell[];
    };
    expect(doc.service).toBe('tcp/5432');
    expect(doc.ruleset).toBe('applied');
    expect(doc.nodes.map((n) => n.name)).toEqual(['db', 'dev', 'mgmt', 'tenant_acme', 'web', 'outside']);
    expect(doc.cells).toHaveLength(36);
    const cell = (from: string, to: string) => doc.cells.find((c) => c.from === from && c.to === to)!;
    expect(cell('web', 'web').verdict).toBe('allow');
    expect(cell('outside', 'outside').verdict).toBe('n/a');
    // web → db on 5432: only the web servers may reach the database server.
    const webDb = cell('web', 'db');
    expect(webDb.verdict).toBe('partial');
    expect(webDb.rules).toContainEqual({
      network: 'db',
      direction: 'incoming',
      key: ruleKey(site, 'db', 'Allow PostgreSQL from web'),
      name: 'Allow PostgreSQL from web',
      position: 1,
    });
    expect(webDb.outcomes.map((o) => o.verdict)).toContain('deny');

    const pairs = doc.cells.filter(
      (c) => c.verdict !== 'n/a' && c.from !== c.to && c.from !== 'outside' && c.to !== 'outside',
    );
    expect(pairs.length).toBe(12);
    for (const c of pairs) {
      const w = await ws.run(whyCommand, [
        '--from',
        `net:${c.from}`,
        '--to',
        `net:${c.to}`,
        '--service',
        'tcp/5432',
        '-o',
        'json',
        ...ws.site(site),
      ]);
      const answer = JSON.parse(w.stdout);
      expect(answer.verdict, `${c.from} → ${c.to}`).toBe(c.verdict);
      expect(w.code).toBe(c.verdict === 'allow' ? 0 : 1);
      // The deciding hop of the first (deny-first) outcome is the same rule or default.
      const last = (hops: Array<{network: string; rule: unknown; action: string}>) =>
        hops.map((h) => [h.network, h.action, h.rule]).at(-1);
      expect(last(answer.outcomes[0].hops), `${c.from} → ${c.to}`).toEqual(last(c.outcomes[0].hops));
    }
  });

  it('table: a grid with a legend at 80 columns, abbreviated names listed in full', async () => {
    const r = await ws.run(matrixCommand, ['tcp/22', ...ws.site(site)], {columns: 80});
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('Reachability for tcp/22 on the applied (live) rules — row: from, column: to');
    expect(lines[2]).toMatch(/^ +db +dev +mgmt +tenant_a +web +outside$/);
    // mgmt (the admins' network) reaches every network on ssh; web reaches none but itself.
    // dev's live rules are unknown to a fresh vseg: cells that reach its router are marked (web has no route to dev).
    expect(lines.find((l) => l.startsWith('mgmt '))).toMatch(/^mgmt +A +A\? +A +- +A +A$/);
    expect(lines.find((l) => l.startsWith('web '))).toMatch(/^web +· +· +· +- +A +A$/);
    expect(lines).toContain('A allow  · deny  ~ partial  - n/a  ? live rules unknown (staged used)');
    expect(lines).toContain('Columns: tenant_a = tenant_acme');
    expect(r.stdout).toMatch(/\n {2}web → db +deny +db incoming drops by default\n/);
    // Long lines wrap with a hanging indent.
    const joined = r.stdout.replace(/\n {4}(?=\S)/g, ' ');
    expect(joined).toMatch(
      /\n {2}mgmt → db +allow +mgmt outgoing accepts by default, db incoming accepts by #2 Allow SSH from admins\n/,
    );

    const narrow = await ws.run(matrixCommand, ['--service', 'tcp/22', ...ws.site(site)], {columns: 40});
    const header = narrow.stdout.split('\n').find((l) => /^ +db /.test(l));
    expect(header).toBe('            db  dev mgm ten web out');
    for (const line of narrow.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
    expect(narrow.stdout).toContain('= tenant_acme');
    expect(narrow.stdout).toContain('= outside');
  });

  it('--pending judges the staged rules: dev accepts http from mgmt only after Apply Rules', async () => {
    const live = JSON.parse(
      (await ws.run(matrixCommand, ['--service', 'tcp/80', '-o', 'json', ...ws.site(site)])).stdout,
    );
    const staged = JSON.parse(
      (await ws.run(matrixCommand, ['--service', 'tcp/80', '--pending', '-o', 'json', ...ws.site(site)])).stdout,
    );
    const verdict = (doc: {cells: Cell[]}) => doc.cells.find((c) => c.from === 'mgmt' && c.to === 'dev')!.verdict;
    expect(staged.ruleset).toBe('pending');
    expect(verdict(staged)).toBe('allow');
    // A fresh vseg has never seen dev applied: its live rules are unknown, so the staged ones stand in, flagged.
    expect(live.unknownApplied).toEqual(['dev']);
    expect(
      live.cells.find((c: Cell & {appliedUnknown?: boolean}) => c.from === 'mgmt' && c.to === 'dev').appliedUnknown,
    ).toBe(true);
  });

  it.each([
    [['--port', '443'], '--port needs --proto tcp or --proto udp'],
    [['--proto', 'icmp', '--port', '1'], '--port needs --proto tcp or udp: icmp has no ports'],
    [['--service', 'icmp/8'], '--service: a port needs tcp or udp (icmp has no ports)'],
    [['tcp/99999'], '--service:'],
    [['tcp/22', '--service', 'tcp/22'], 'give the service either as an argument or with --service/--proto/--port'],
  ])('usage error %j → exit 2, nothing sent', async (argv, message) => {
    const r = await ws.run(matrixCommand, [...argv, ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`vseg matrix: ${message}`);
    expect(site.requests).toEqual([]);
  });
});

describe('vseg matrix on a site with more networks than columns', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('scale:40:200');
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });

  it('prints the grid in blocks of columns that fit, every cell once', async () => {
    const r = await ws.run(matrixCommand, ['--service', 'tcp/443', ...ws.site(site)], {columns: 80});
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    const blocks = lines.filter((l) => /^columns \d+–\d+ of 41:$/.test(l));
    expect(blocks.length).toBeGreaterThan(1);
    // 41 nodes (40 networks and outside): each row appears once per block, with its cells across the blocks.
    const rows = lines.filter((l) => l.startsWith('net-0007 '));
    expect(rows).toHaveLength(blocks.length);
    expect(
      rows
        .join(' ')
        .replace(/^net-0007|net-0007/g, '')
        .trim()
        .split(/\s+/),
    ).toHaveLength(41);
    expect(r.stdout).toContain('(-o json lists the deciding rules of every cell)');
  });
});
