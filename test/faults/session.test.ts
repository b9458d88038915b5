// About 500 operations — creates, edits, deletes, Apply Rules — through the
// real client and executor against a site that fails 20 % of requests with a
// 5xx, drops 10 % of connections (half of them after applying the request)
// and adds jitter. The operator resumes every failed plan with its run state,
// as vseg tells them to. Afterwards the site holds exactly what the operator
// was told succeeded: every managed object, field for field, nothing twice,
// and the live rulesets are the ones the last told-done Apply Rules loaded.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {executePlan, type ExecuteReport} from '../../source/domain/changes/execute.js';
import {isRef, type KeyOrRef, type Step, type StepResult} from '../../source/domain/changes/types.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {textOf} from '../../source/domain/text.js';
import {Ledger, planOperation, rng, signature} from './ledger.js';

const OPERATIONS = 500;
const FAULTS = 'error=0.2,drop=0.1,jitter=20,seed=20261125';

type Row = Record<string, unknown>;

/** Checks that a step the executor reported done (or found done) really shows on the site. */
function assertStepHolds(sim: SimulatorHandle, step: Step, result: StepResult, refs: Record<string, number>): void {
  const key = (k: KeyOrRef) => (isRef(k) ? refs[k.ref] : k);
  switch (step.kind) {
    case 'create':
      expect(sim.row(step.table, result.key!), `${step.title} reported done`).toBeDefined();
      expect(sim.row(step.table, result.key!)!['name']).toBe(step.body['name']);
      break;
    case 'update': {
      const row = sim.row(step.table, key(step.key))!;
      for (const [field, value] of Object.entries(step.body))
        expect(textOf(row[field]), `${step.title}: ${field}`).toBe(textOf(value));
      break;
    }
    case 'delete':
      expect(sim.row(step.table, key(step.key)), `${step.title} reported done`).toBeUndefined();
      break;
    case 'action': {
      // Done means the effect was seen; a later step (a delete) may since have removed the network.
      const vnet = sim.row('vnets', key(step.waitFor!.key));
      if (vnet)
        expect(sim.row('machine_status', Number(vnet['machine']))!['status'], step.title).toBe(step.waitFor!.equals);
      break;
    }
    case 'apply-rules':
      expect(sim.row('vnets', key(step.vnet))!['need_fw_apply'], `${step.title} reported done`).toBe(false);
      break;
  }
}

describe('a long session against a faulty site', () => {
  let sim: SimulatorHandle;
  let client: VergeClient;
  beforeAll(async () => {
    sim = await startSimulator({seed: 'empty', applyDelayMs: 5, powerDelayMs: 5, faults: FAULTS});
    client = new VergeClient({
      url: sim.url,
      auth: {kind: 'basic', user: sim.user, password: sim.password},
      timeoutMs: 5000,
      retries: 1,
    });
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  it(`${OPERATIONS} operations end in exactly the state the operator was told about`, async () => {
    const ledger = new Ledger();
    const random = rng(42);
    const tally = {failedAttempts: 0, resumed: 0, faults: 0, kinds: new Map<string, number>()};
    for (let i = 0; i < OPERATIONS; i++) {
      const op = planOperation(ledger, random);
      tally.kinds.set(op.kind, (tally.kinds.get(op.kind) ?? 0) + 1);
      let report: ExecuteReport | undefined;
      for (let attempt = 0; attempt < 25; attempt++) {
        report = await executePlan(client, op.plan, {
          resume: report?.state,
          applyTimeoutMs: 5000,
          actionTimeoutMs: 3000,
          pollMs: 10,
        });
        // Whatever the outcome, each step vseg called done is true of the site.
        const byId = new Map(op.plan.steps.map((s) => [s.id, s]));
        for (const r of report.results) {
          if (r.status === 'done' || r.status === 'skipped')
            assertStepHolds(sim, byId.get(r.id)!, r, report.state.refs);
        }
        if (report.ok) break;
        tally.failedAttempts++;
        // A failure names the step and why, in the operator's words.
        expect(report.failedStep).toBeDefined();
        expect(report.error?.describe()).toMatch(/\S/);
        tally.resumed++;
      }
      expect(
        report!.ok,
        `${op.kind} (${op.plan.title}) did not complete after 25 resumes: ${report!.error?.describe()}`,
      ).toBe(true);
      op.commit(new Map(report!.results.map((r) => [r.id, r.key])));
    }
    tally.faults = sim.requests.filter((r) => r.fault).length;

    // Faults off: read the truth.
    sim.setFaults('');
    const vnets = sim.rows('vnets').filter((r) => String(r['name']).startsWith('f-net-'));
    const rules = sim.rows('vnet_rules').filter((r) => String(r['name']).startsWith('f-rule-'));
    const aliases = sim.rows('vnet_rule_aliases').filter((r) => String(r['name']).startsWith('f-alias-'));
    const names = (rows: Row[], scope = (_: Row) => '') => rows.map((r) => `${scope(r)}${String(r['name'])}`);
    const dupes = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

    // Zero duplicates.
    expect(dupes(names(vnets))).toEqual([]);
    expect(dupes(names(rules))).toEqual([]);
    expect(dupes(names(aliases))).toEqual([]);

    // Networks: exactly the ledger's, with its addresses and descriptions, and the pending flag it expects.
    expect(names(vnets).sort()).toEqual([...ledger.networks.keys()].sort());
    for (const row of vnets) {
      const entry = ledger.networks.get(String(row['name']))!;
      expect(row['$key']).toBe(entry.key);
      expect(row['network']).toBe(entry.cidr);
      expect(row['description']).toBe(entry.description);
      expect(row['need_fw_apply'], `${String(row['name'])} pending`).toBe(entry.pending);
      // The live ruleset is what the last successful Apply Rules loaded.
      const live = sim.activeRules(entry.key).filter((r) => !r['system_rule']);
      expect(
        new Map(live.map((r) => [String(r['name']), signature(r)])),
        `live rules of ${String(row['name'])}`,
      ).toEqual(entry.applied);
    }

    // Rules: exactly the ledger's, each on its network with its fields.
    expect(names(rules).sort()).toEqual([...ledger.rules.keys()].sort());
    const netByKey = new Map(vnets.map((r) => [r['$key'], String(r['name'])]));
    for (const row of rules) {
      const entry = ledger.rules.get(String(row['name']))!;
      expect(row['$key']).toBe(entry.key);
      expect(netByKey.get(row['vnet'])).toBe(entry.network);
      expect({
        action: row['action'],
        ports: row['destination_ports'],
        source: row['source_ip'],
        description: row['description'],
      }).toEqual({
        action: entry.action,
        ports: entry.ports,
        source: entry.source,
        description: entry.description,
      });
    }

    // Aliases: exactly the ledger's, with their values.
    expect(names(aliases).sort()).toEqual([...ledger.aliases.keys()].sort());
    for (const row of aliases) expect(row['value']).toBe(ledger.aliases.get(String(row['name']))!.value);

    // The session really was hostile, and every kind of operation ran.
    expect(tally.faults).toBeGreaterThan(OPERATIONS / 2);
    expect(tally.failedAttempts).toBeGreaterThan(20);
    for (const kind of [
      'create network',
      'delete network',
      'edit network',
      'create alias',
      'edit alias',
      'delete alias',
      'create rule',
      'edit rule',
      'delete rule',
      'apply rules',
    ]) {
      expect(tally.kinds.get(kind) ?? 0, kind).toBeGreaterThan(3);
    }
    console.log(
      `fault session: ${OPERATIONS} operations, ${sim.requests.length} requests, ${tally.faults} faults injected, ` +
        `${tally.failedAttempts} failed attempts resumed; ${[...tally.kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
  }, 240_000);
});
