// How the console keeps its site fresh: the documented interval (30 s) also
// for a console opened with --url; rules read as a delta of what changed,
// checked, and read in full when the delta does not add up; the interval
// stretched while nobody types and back at once on the next key.
import fc from 'fast-check';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {z} from 'zod';
import {VergeClient} from '../../source/api/client.js';
import {loadAllRules, loadRulesDelta} from '../../source/domain/rules-delta.js';
import {ConsoleSession} from '../../source/session/console-session.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {startEchoProxy, type EchoProxy} from '../faults/echo-proxy.js';
import {tempHome, type TempHome} from '../store/helpers.js';
import {propertyParams} from '../support/seed.js';

let sim: SimulatorHandle | undefined;
let home: TempHome | undefined;
let session: ConsoleSession | undefined;
let proxy: EchoProxy | undefined;
let client: VergeClient | undefined;
afterEach(async () => {
  await session?.close();
  await client?.close();
  await proxy?.close();
  await sim?.close();
  home?.cleanup();
  session = sim = home = proxy = client = undefined;
});

const anyRow = z.record(z.string(), z.unknown());

async function open(options: {refreshMs?: number; via?: 'proxy'} = {}) {
  sim = await startSimulator({seed: 'demo', applyDelayMs: 5, powerDelayMs: 5});
  if (options.via === 'proxy') proxy = await startEchoProxy(sim.url);
  client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
  home = tempHome({VSEG_PASSWORD: sim.password});
  session = new ConsoleSession({
    flags: {url: proxy?.url ?? sim.url, user: sim.user},
    io: {env: home.env, stdin: process.stdin, stderr: process.stderr},
    connectionOptions: {paths: home.paths, retries: 0},
    refreshMs: options.refreshMs,
    backoff: {initialMs: 60_000, maxMs: 60_000},
  });
  await session.start();
  expect(session.model.getState().connection).toEqual({kind: 'connected'});
  return session;
}

const ruleGets = () =>
  sim!.requests.filter((r) => r.method === 'GET' && r.path === '/api/v4/vnet_rules').map((r) => r.query);

describe('console polling', () => {
  it('a console opened with --url polls at the documented 30 s, not 10', async () => {
    const s = await open();
    const poll = s.pollState();
    expect(poll.intervalMs).toBe(30_000);
    expect(poll.nextInMs).toBeGreaterThan(20_000);
    expect(poll.nextInMs).toBeLessThanOrEqual(30_000);
  });

  it('a poll reads the rules that changed, not all of them; the snapshot matches a full read', async () => {
    const s = await open({refreshMs: 600_000});
    const dev = sim!.rows('vnets').find((r) => r['name'] === 'dev')!['$key'] as number;
    const victim = sim!.rows('vnet_rules').find((r) => r['vnet'] === dev && !r['system_rule'])!;
    await client!.update('vnet_rules', victim['$key'] as number, {description: 'changed by someone else'});
    const created = await client!.create('vnet_rules', {
      vnet: dev,
      name: 'poll-new',
      action: 'drop',
      protocol: 'tcp',
      destination_ports: '23',
    });
    sim!.clearRequests();
    expect(await s.refresh()).toBe(true);
    const queries = ruleGets();
    // The stamps of every rule, then the changed rows only.
    expect(queries[0]?.['fields']).toBe('$key,modified,packets,bytes');
    expect(queries[1]?.['filter']).toMatch(/^modified ge \d+$/);
    expect(queries).toHaveLength(2);
    const rules = s.getSnapshot().site!.rules;
    expect(rules.find((r) => r.key === victim['$key'])?.description).toBe('changed by someone else');
    expect(rules.some((r) => r.key === created.key)).toBe(true);
    const full = (await loadAllRules(client!, {})).rules;
    expect(new Set(rules.map((r) => r.key))).toEqual(new Set(full.map((r) => r.key)));
  });

  it('a site that ignores the filter (answers [] like a VergeOS without the column): a full read instead', async () => {
    const s = await open({refreshMs: 600_000, via: 'proxy'});
    const dev = sim!.rows('vnets').find((r) => r['name'] === 'dev')!['$key'] as number;
    await client!.create('vnet_rules', {vnet: dev, name: 'behind-a-blind-filter', action: 'drop', protocol: 'udp'});
    let blinded = 0;
    proxy!.intercept = (req) => {
      if (req.method === 'GET' && req.path === '/api/v4/vnet_rules' && req.query.includes('filter=')) {
        blinded++;
        return {status: 200, body: '[]'};
      }
      return undefined;
    };
    expect(await s.refresh()).toBe(true);
    expect(blinded).toBe(1);
    expect(s.getSnapshot().site!.rules.some((r) => r.name === 'behind-a-blind-filter')).toBe(true);
  });

  it('any sequence of edits, creates and deletes: the delta read equals a full read (seeded)', async () => {
    sim = await startSimulator({seed: 'demo', applyDelayMs: 5, powerDelayMs: 5});
    client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
    const dev = sim.rows('vnets').find((r) => r['name'] === 'dev')!['$key'] as number;
    let previous = await loadAllRules(client, {});
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('edit', 'create', 'delete', 'nothing'), {minLength: 1, maxLength: 4}),
        async (ops) => {
          for (const op of ops) {
            const mine = (await client!.list('vnet_rules', anyRow, {fields: ['$key', 'vnet', 'system_rule']})).filter(
              (r) => r['vnet'] === dev && !r['system_rule'],
            );
            if (op === 'edit' && mine[0])
              await client!.update('vnet_rules', mine[0]['$key'] as number, {description: `d${n++}`});
            if (op === 'create')
              await client!.create('vnet_rules', {vnet: dev, name: `p${n++}`, action: 'accept', protocol: 'tcp'});
            if (op === 'delete' && mine.length > 0)
              await client!.remove('vnet_rules', mine[mine.length - 1]['$key'] as number);
          }
          const delta = await loadRulesDelta(client!, previous.rules, previous.at, {});
          const full = (await loadAllRules(client!, {})).rules;
          // Hit counters run on by themselves between the two reads: everything else must match.
          const byKey = (rs: typeof full) =>
            [...rs].sort((a, b) => a.key - b.key).map((r) => ({...r, packets: 0, bytes: 0}));
          expect(byKey(delta.rules)).toEqual(byKey(full));
          previous = delta;
        },
      ),
      propertyParams({numRuns: 25}),
    );
  }, 60_000);

  it('idle: each poll without a key doubles the interval up to 8×; a key brings it back at once', async () => {
    const s = await open({refreshMs: 30});
    await vi.waitFor(() => expect(s.pollState().idlePolls).toBeGreaterThanOrEqual(3), {timeout: 10_000, interval: 5});
    expect(s.pollState().intervalMs).toBe(240);
    s.activity();
    const poll = s.pollState();
    expect(poll.idlePolls).toBe(0);
    expect(poll.intervalMs).toBe(30);
    expect(poll.nextInMs).toBeLessThanOrEqual(30);
  });
});
