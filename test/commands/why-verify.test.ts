// `vseg why --verify` against the simulator, whose data plane decides with
// its own matcher: agreement on the demo site for allowed and denied flows,
// a disagreement (exit 4) with its likely cause where a router runs an older
// ruleset, and every flag vseg turned on put back.
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {whyCommand} from '../../source/commands/why.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Workspace, sim} from './helpers.js';

interface VerifyDoc {
  verdict: string;
  verify: {
    predicted: string;
    observed: string;
    agrees: boolean;
    probe?: {
      network: string;
      source: string;
      query: string;
      said: string;
      predicted: string;
      observed: string;
      representative: boolean;
    };
    trace?: {network: string; flowEvents: number; verdicts: string[]}[];
    causes: {cause: string; detail: string; guess?: boolean}[];
    flags?: {changed: string[]; restored: {applied: string[]; failed: string[]}};
    notes: string[];
  };
}

describe('vseg why --verify on the demo site', () => {
  let s: SimulatorHandle;
  let ws: Workspace;
  const run = (args: string[]) => ws.run(whyCommand, [...args, ...ws.site(s)]);
  const json = async (args: string[]): Promise<{code: number; doc: VerifyDoc; stderr: string}> => {
    const r = await run([...args, '--verify', '-o', 'json']);
    return {code: r.code, doc: JSON.parse(r.stdout) as VerifyDoc, stderr: r.stderr};
  };
  const flagRecords = (): string[] => {
    try {
      return readdirSync(join(ws.dir, 'state', 'vseg', 'journal', 'flags'));
    } catch {
      return [];
    }
  };
  const ruleNamed = (vnet: string, name: string) => {
    const v = s.rows('vnets').find((n) => n.name === vnet)!.$key as number;
    return {
      staged: s.rows('vnet_rules').find((r) => r.vnet === v && r.name === name)!,
      live: s.activeRules(v).find((r) => r.name === name)!,
    };
  };

  beforeAll(async () => {
    s = await sim('demo', {queryDelayMs: 5, applyDelayMs: 15});
    ws = new Workspace();
  });
  afterAll(async () => {
    await s.close();
    ws.remove();
  });

  it('agrees on a denied flow: the probe from web meets the same default as web-01', async () => {
    const {code, doc} = await json(['web-01', 'db-01', 'tcp/3306']);
    expect(code).toBe(1);
    expect(doc.verdict).toBe('deny');
    expect(doc.verify).toMatchObject({predicted: 'deny', observed: 'deny', agrees: true, causes: []});
    expect(doc.verify.probe).toMatchObject({
      network: 'web',
      source: '10.10.1.1',
      query: 'tcp_connect',
      said: 'timeout',
      predicted: 'deny',
      observed: 'deny',
      representative: true,
    });
    expect(doc.verify.flags).toBeUndefined();
  });

  it('agrees on an allowed flow through admins: the probe from mgmt stands in', async () => {
    const {code, doc} = await json(['jump-01', 'web-01', 'tcp/22']);
    expect(code).toBe(0);
    expect(doc.verify).toMatchObject({predicted: 'allow', observed: 'allow', agrees: true});
    expect(doc.verify.probe).toMatchObject({network: 'mgmt', said: 'open', representative: true});
  });

  it("agrees on web-01 → db-01 tcp/5432 from the packet trace of db's deciding rule, and puts trace back", async () => {
    const before = s.requests.length;
    const {code, doc} = await json(['web-01', 'db-01', 'tcp/5432']);
    expect(code).toBe(0);
    expect(doc.verify).toMatchObject({predicted: 'allow', observed: 'allow', agrees: true});
    // web's router is not in web-servers: its own probe is dropped, and cannot stand in
    expect(doc.verify.probe).toMatchObject({predicted: 'deny', observed: 'deny', representative: false});
    expect(doc.verify.trace).toEqual([expect.objectContaining({network: 'db', verdicts: ['accept']})]);
    expect(doc.verify.trace![0].flowEvents).toBeGreaterThan(0);
    expect(doc.verify.flags).toMatchObject({
      changed: ['trace on rule "Allow PostgreSQL from web" (db)'],
      restored: {applied: ['db'], failed: []},
    });
    const pg = ruleNamed('db', 'Allow PostgreSQL from web');
    expect([pg.staged.trace, pg.live.trace]).toEqual([false, false]);
    expect(flagRecords()).toEqual([]);
    const writes = s.requests
      .slice(before)
      .filter((r) => r.method === 'PUT')
      .map((r) => r.path);
    const path = `/api/v4/vnet_rules/${String(pg.staged.$key)}`;
    expect(writes).toEqual([path, path]);
  });

  it('finds the stale dev router: the rules block dev → web, the router lets it through (exit 4)', async () => {
    const r = await run(['dev-01', 'web-01', 'tcp/443', '--verify']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/traffic +deny +allow \(probe\)/);
    expect(r.stdout).toContain('✗ DISAGREE: the routers do not do what the rules say');
    const block = String(ruleNamed('dev', 'Block dev to production').staged.$key);
    expect(r.stdout).toContain(
      `likely cause: stale router — dev's router runs a ruleset that is not the applied one (missing #${block} "Block dev to production")`,
    );
    expect(r.stdout).toContain(
      "A router-originated probe stands in for dev-01: it starts at dev's router (10.10.4.1), not at the VM.",
    );
  });

  it('changes no flag with --no-trace, nor in read-only mode', async () => {
    for (const extra of [['--no-trace'], ['--read-only']]) {
      const before = s.requests.length;
      const {code, doc} = await json(['web-01', 'db-01', 'tcp/5432', ...extra]);
      expect(code).toBe(0);
      expect(doc.verify).toMatchObject({observed: 'unknown', agrees: true});
      expect(doc.verify.notes.join(' ')).toMatch(extra[0] === '--no-trace' ? /--no-trace/ : /Read-only/);
      expect(s.requests.slice(before).filter((q) => q.method === 'PUT')).toEqual([]);
    }
  });

  it('refuses --verify with --pending and --no-trace without --verify, before any request', async () => {
    const before = s.requests.length;
    expect(await run(['web-01', 'db-01', '--verify', '--pending'])).toMatchObject({
      code: 2,
      stderr: 'vseg why: --verify compares with what the routers run now: leave out --pending\n',
    });
    expect((await run(['web-01', 'db-01', '--no-trace'])).code).toBe(2);
    expect(s.requests.length).toBe(before);
  });
});

describe('vseg why --verify against --stale-router', () => {
  it('reports the disagreement after an apply the router ignored (exit 4)', async () => {
    const s = await sim('demo', {queryDelayMs: 5, applyDelayMs: 15, staleRouters: ['db']});
    const ws = new Workspace();
    try {
      const db = s.rows('vnets').find((n) => n.name === 'db')!.$key as number;
      const {VergeClient} = await import('../../source/api/client.js');
      const {applyRules} = await import('../../source/api/apply-rules.js');
      const client = new VergeClient({
        url: s.url,
        auth: {kind: 'basic', user: s.user, password: s.password},
        trust: {mode: 'pin', fingerprint: s.fingerprint!},
      });
      const made = await client.create('vnet_rules', {
        vnet: db,
        name: 'MySQL from the web router',
        action: 'accept',
        direction: 'incoming',
        protocol: 'tcp',
        source_ip: '10.10.1.1',
        destination_ports: '3306',
        orderid: 1,
      });
      expect((await applyRules(client, db)).status).toBe('applied');
      await client.close();
      const r = await ws.run(whyCommand, ['10.10.1.1', 'db-01', 'tcp/3306', '--verify', '-o', 'json', ...ws.site(s)]);
      expect(r.code).toBe(4);
      const doc = JSON.parse(r.stdout) as VerifyDoc;
      expect(doc.verify).toMatchObject({predicted: 'allow', observed: 'deny', agrees: false});
      expect(doc.verify.causes[0]).toMatchObject({cause: 'stale-router', guess: true});
      expect(doc.verify.causes[0].detail).toContain(`missing #${String(made.key)} "MySQL from the web router"`);
    } finally {
      ws.remove();
      await s.close();
    }
  });
});
