// The change executor against the simulator: dependency refs, idempotence,
// convergent updates, and resume after failures without duplicates.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {describeCall, formatCall} from '../../source/domain/changes/describe.js';
import {executePlan} from '../../source/domain/changes/execute.js';
import type {ChangePlan, RunState} from '../../source/domain/changes/types.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';

let sim: SimulatorHandle;
let client: VergeClient;

beforeEach(async () => {
  sim = await startSimulator({seed: 'empty', applyDelayMs: 20, powerDelayMs: 20});
  client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}, retries: 4});
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

function plan(port = '22', prefix = 'exec'): ChangePlan {
  const net = {ref: `network:${prefix}-net`};
  return {
    title: 'test plan',
    steps: [
      {
        kind: 'create',
        id: `alias ${prefix}-admins`,
        title: `Create alias ${prefix}-admins`,
        table: 'vnet_rule_aliases',
        body: {name: `${prefix}-admins`, value: '10.99.0.10|jump,10.99.0.11'},
        identity: {name: `${prefix}-admins`},
        provides: `alias:${prefix}-admins`,
      },
      {
        kind: 'create',
        id: `network ${prefix}-net`,
        title: `Create network ${prefix}-net`,
        table: 'vnets',
        body: {name: `${prefix}-net`, type: 'internal', network: '10.99.0.0/24', ipaddress: '10.99.0.1'},
        identity: {name: `${prefix}-net`},
        provides: net.ref,
      },
      {
        kind: 'action',
        id: `power on ${prefix}-net`,
        title: `Power on ${prefix}-net`,
        table: 'vnet_actions',
        body: {vnet: net, action: 'poweron'},
        waitFor: {table: 'vnets', key: net, field: 'machine#status#running', equals: true, timeoutMs: 5000},
      },
      {
        kind: 'create',
        id: `rule ${prefix}-net/ssh`,
        title: 'Create rule ssh',
        table: 'vnet_rules',
        body: {
          vnet: net,
          name: 'ssh',
          action: 'accept',
          direction: 'incoming',
          protocol: 'tcp',
          source_ip: {ref: `alias:${prefix}-admins`, prefix: 'alias:'},
          destination_ports: port,
        },
        identity: {vnet: net, name: 'ssh'},
        touchesNetwork: net,
      },
      {
        kind: 'apply-rules',
        id: `apply ${prefix}-net`,
        title: `Apply rules on ${prefix}-net`,
        vnet: net,
        network: `${prefix}-net`,
      },
    ],
  };
}

const writes = () => sim.requests.filter((r) => r.method !== 'GET');

describe('executePlan', () => {
  it('shows each step as the exact call, refs by name', () => {
    const calls = plan().steps.map((s) => formatCall(describeCall(s)));
    expect(calls[3]).toBe(
      'POST /api/v4/vnet_rules vnet=<network:exec-net> name="ssh" action="accept" ' +
        'direction="incoming" protocol="tcp" source_ip=alias:<alias:exec-admins> destination_ports="22"',
    );
    expect(calls[4]).toBe('POST /api/v4/vnet_actions vnet=<network:exec-net> action="refresh"');
  });

  it('creates in dependency order, resolves refs, applies, and changes nothing the second time', async () => {
    const first = await executePlan(client, plan(), {pollMs: 10});
    expect(first.ok).toBe(true);
    const alias = sim.rows('vnet_rule_aliases').find((r) => r['name'] === 'exec-admins')!;
    const net = sim.rows('vnets').find((r) => r['name'] === 'exec-net')!;
    const rule = sim.rows('vnet_rules').find((r) => r['name'] === 'ssh')!;
    expect(rule['vnet']).toBe(net['$key']);
    expect(rule['source_ip']).toBe(`alias:${String(alias['$key'])}`);
    expect(sim.activeRules(Number(net['$key'])).map((r) => r['name'])).toContain('ssh');
    expect(first.results.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done', 'done']);

    sim.clearRequests();
    const second = await executePlan(client, plan(), {pollMs: 10});
    expect(second.ok).toBe(true);
    expect(second.results.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(writes()).toEqual([]);
  });

  it('updates only the fields that differ when the object exists', async () => {
    await executePlan(client, plan('22'), {pollMs: 10});
    sim.clearRequests();
    const audit: string[] = [];
    const report = await executePlan(client, plan('2222'), {
      pollMs: 10,
      onAudit: (e) => audit.push(`${e.method} ${e.path} ${e.body ?? ''}`),
    });
    expect(report.ok).toBe(true);
    expect(report.results[3]).toMatchObject({status: 'done', note: 'already existed; updated destination_ports'});
    const puts = writes().filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(audit[0]).toMatch(/^PUT \/api\/v4\/vnet_rules\/\d+ destination_ports="2222"$/);
    expect(sim.rows('vnet_rules').filter((r) => r['name'] === 'ssh')).toHaveLength(1);
  });

  it('reports what was done when a step fails, and resumes from there without duplicates', async () => {
    // A rule with an invalid action fails with 422 after the alias and network exist.
    const broken = plan();
    const ruleStep = broken.steps[3];
    if (ruleStep.kind !== 'create') throw new Error('fixture');
    ruleStep.body = {...ruleStep.body, action: 'explode'};
    const checkpoints: RunState[] = [];
    const failed = await executePlan(client, broken, {
      pollMs: 10,
      onCheckpoint: (s) => void checkpoints.push(structuredClone(s)),
    });
    expect(failed.ok).toBe(false);
    expect(failed.failedStep?.id).toBe('rule exec-net/ssh');
    expect(failed.error?.status).toBe(422);
    expect(failed.results.map((r) => r.status)).toEqual(['done', 'done', 'done', 'failed']);
    expect(failed.state.refs['network:exec-net']).toBeGreaterThan(0);
    // The saved state has no request bodies.
    expect(JSON.stringify(checkpoints.at(-1))).not.toContain('10.99.0.10');

    sim.clearRequests();
    const resumed = await executePlan(client, plan(), {resume: checkpoints.at(-1), pollMs: 10});
    expect(resumed.ok).toBe(true);
    // Alias and network were not looked at again; the rule was created once.
    expect(sim.requests.filter((r) => r.path === '/api/v4/vnets' && r.method === 'POST')).toHaveLength(0);
    expect(sim.rows('vnet_rules').filter((r) => r['name'] === 'ssh')).toHaveLength(1);
  });

  it('converges under 5xx answers and dropped connections, creating nothing twice', async () => {
    sim.setFaults('error=0.25,drop=0.25,seed=11');
    let state: RunState | undefined;
    let attempts = 0;
    let ok = false;
    while (!ok && attempts < 40) {
      attempts++;
      const report = await executePlan(client, plan('22', 'chaos'), {resume: state, pollMs: 10, actionTimeoutMs: 500});
      ok = report.ok;
      state = report.state;
    }
    sim.setFaults('');
    expect(ok).toBe(true);
    expect(attempts).toBeGreaterThan(1);
    for (const [table, name] of [
      ['vnet_rule_aliases', 'chaos-admins'],
      ['vnets', 'chaos-net'],
      ['vnet_rules', 'ssh'],
    ] as const) {
      expect(sim.rows(table).filter((r) => r['name'] === name)).toHaveLength(1);
    }
    const net = sim.rows('vnets').find((r) => r['name'] === 'chaos-net')!;
    expect(sim.activeRules(Number(net['$key'])).map((r) => r['name'])).toContain('ssh');
  });
  it('checks Apply Rules again on a resume: rules staged since the earlier run go live', async () => {
    // A wizard plans again after its first steps ran (followUp rounds) and the
    // later round's Apply Rules has the same id as the first one's.
    const first = await executePlan(client, plan(), {pollMs: 10});
    expect(first.ok).toBe(true);
    const net = sim.rows('vnets').find((r) => r['name'] === 'exec-net')!;
    const rule = sim.rows('vnet_rules').find((r) => r['name'] === 'ssh')!;
    await client.update('vnet_rules', Number(rule['$key']), {destination_ports: '2222'});
    expect(sim.row('vnets', Number(net['$key']))?.['need_fw_apply']).toBe(true);

    const resumed = await executePlan(client, plan('2222'), {resume: first.state, pollMs: 10});
    expect(resumed.ok).toBe(true);
    expect(sim.row('vnets', Number(net['$key']))?.['need_fw_apply']).toBe(false);
    const live = sim.activeRules(Number(net['$key'])).find((r) => r['name'] === 'ssh');
    expect(live?.['destination_ports']).toBe('2222');
  });
  describe('alias entries are merged at write time', () => {
    async function withAlias(value: string): Promise<number> {
      const created = await client.create('vnet_rule_aliases', {name: 'ops', value});
      return created.key;
    }
    const addEntry = (key: number, base: string, value: string): ChangePlan => ({
      title: 'add an entry',
      steps: [
        {
          kind: 'update',
          id: 'update alias ops',
          title: 'Update alias ops (entries)',
          table: 'vnet_rule_aliases',
          key,
          body: {value},
          mergeList: {field: 'value', base},
        },
      ],
    });

    it("keeps an entry someone else added after the plan was made (the old write put the planner's copy back)", async () => {
      const key = await withAlias('10.0.0.1|a');
      const plan = addEntry(key, '10.0.0.1|a', '10.0.0.1|a,10.0.0.2|mine');
      await client.update('vnet_rule_aliases', key, {value: '10.0.0.1|a,10.0.0.3|theirs'});
      const report = await executePlan(client, plan, {pollMs: 10});
      expect(report.ok).toBe(true);
      expect(sim.row('vnet_rule_aliases', key)?.['value']).toBe('10.0.0.1|a,10.0.0.3|theirs,10.0.0.2|mine');
      expect(report.results[0].note).toMatch(/kept 1 entry added elsewhere/);
    });

    it('merges again when another writer lands between its write and its check, then stops with a conflict', async () => {
      const key = await withAlias('10.0.0.1|a');
      const colleague = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
      let overwrites = 0;
      // The real client; after each of its writes to the alias a colleague writes their own copy back.
      class Raced extends VergeClient {
        override async update(table: string, k: number, body: Record<string, unknown>, call = {}): Promise<void> {
          await super.update(table, k, body, call);
          if (table === 'vnet_rule_aliases' && overwrites < limit) {
            overwrites++;
            await colleague.update(table, k, {value: '10.0.0.1|a,10.0.0.9|colleague'});
          }
        }
      }
      let limit = 1;
      const raced = new Raced({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
      try {
        // Once: the check finds the entry gone, merges again, and ends with both.
        const once = await executePlan(raced, addEntry(key, '10.0.0.1|a', '10.0.0.1|a,10.0.0.2|mine'), {pollMs: 10});
        expect(once.ok).toBe(true);
        expect(sim.row('vnet_rule_aliases', key)?.['value']).toBe('10.0.0.1|a,10.0.0.9|colleague,10.0.0.2|mine');

        // Every time: after one merge again it stops, saying so, instead of reporting success.
        limit = 10;
        overwrites = 0;
        const plan = addEntry(key, '10.0.0.1|a,10.0.0.9|colleague', '10.0.0.1|a,10.0.0.9|colleague,10.0.0.4|mine');
        const twice = await executePlan(raced, plan, {pollMs: 10});
        expect(twice.ok).toBe(false);
        expect(twice.error?.kind).toBe('conflict');
        expect(twice.error?.message).toMatch(/someone else is changing the same list right now.*missing 10\.0\.0\.4/);
        expect(overwrites).toBe(2);
      } finally {
        await raced.close();
        await colleague.close();
      }
    });
  });

  it('before Apply Rules, rules tied on one orderid get orderids of their own, in the same order', async () => {
    const done = await executePlan(client, plan(), {pollMs: 10});
    expect(done.ok).toBe(true);
    const vnet = Number(sim.rows('vnets').find((r) => r['name'] === 'exec-net')!['$key']);
    const a = await client.create('vnet_rules', {vnet, name: 'tie-a', action: 'accept', orderid: 500});
    const b = await client.create('vnet_rules', {vnet, name: 'tie-b', action: 'drop', orderid: 500});
    const apply: ChangePlan = {
      title: 'apply',
      steps: [{kind: 'apply-rules', id: 'apply exec-net', title: 'Apply Rules on exec-net', vnet, network: 'exec-net'}],
    };
    const report = await executePlan(client, apply, {pollMs: 10});
    expect(report.ok).toBe(true);
    expect(report.results[0].note).toMatch(/1 tied rule order made unique/);
    const ids = sim
      .rows('vnet_rules')
      .filter((r) => r['vnet'] === vnet)
      .map((r) => Number(r['orderid']));
    expect(new Set(ids).size).toBe(ids.length);
    const live = sim.activeRules(vnet).map((r) => r['name']);
    expect(live.indexOf('tie-a')).toBeLessThan(live.indexOf('tie-b'));
    expect(Number(sim.row('vnet_rules', b.key)?.['orderid'])).toBeGreaterThan(
      Number(sim.row('vnet_rules', a.key)?.['orderid']),
    );
  });
});
