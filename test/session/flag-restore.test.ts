// Putting flags back from the flag journal: only flags that still have the
// value vseg gave them, Apply Rules only where nobody else changed rules
// since, and the record kept while anything failed.
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyRules} from '../../source/api/apply-rules.js';
import {VergeClient} from '../../source/api/client.js';
import {describeRestore, restoreInterruptedFlags} from '../../source/session/flag-restore.js';
import {openFlagRecord, openFlagRecords} from '../../source/store/flag-journal.js';
import {ManualClock, startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';

describe('restoring flags from the journal', () => {
  let sim: SimulatorHandle;
  // Rule stamps are whole seconds of this clock; Apply Rules still completes by itself (applyRules polls in real time).
  const clock = new ManualClock({realTimers: true});
  let client: VergeClient;
  let dir: string;
  const key = (table: string, pred: (r: Record<string, unknown>) => boolean): number =>
    sim.rows(table).find(pred)!.$key as number;
  let db: number;
  let web: number;

  beforeAll(async () => {
    sim = await startSimulator({seed: 'demo', applyDelayMs: 5, clock});
    client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
    dir = mkdtempSync(join(tmpdir(), 'vseg-flags-'));
    db = key('vnets', (r) => r.name === 'db');
    web = key('vnets', (r) => r.name === 'web');
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
    rmSync(dir, {recursive: true, force: true});
  });

  const target = () => ({client, host: 'site', readOnly: false, paths: {journalDir: dir}});
  const quiet = (vnet: number) =>
    Math.max(
      ...sim
        .rows('vnet_rules')
        .filter((r) => r.vnet === vnet)
        .map((r) => r.modified as number),
    );

  it('puts back what it turned on, applies, and closes the record', async () => {
    const pg = key('vnet_rules', (r) => r.vnet === db && r.name === 'Allow PostgreSQL from web');
    const change = {
      vnet: db,
      network: 'db',
      rule: pg,
      ruleName: 'Allow PostgreSQL from web',
      field: 'trace' as const,
      before: false,
      after: true,
    };
    openFlagRecord(dir, {
      host: 'site',
      profile: '',
      reason: 'a test',
      changes: [change],
      quietSince: {[db]: quiet(db)},
    });
    await client.update('vnet_rules', pg, {trace: true});
    await applyRules(client, db);
    const [report] = (await restoreInterruptedFlags(target()))!;
    expect(report).toMatchObject({
      restored: ['trace off on rule "Allow PostgreSQL from web" (db)'],
      applied: ['db'],
      stagedOnly: [],
      failed: [],
    });
    expect(sim.row('vnet_rules', pg)!.trace).toBe(false);
    expect(sim.activeRules(db).find((r) => r.$key === pg)!.trace).toBe(false);
    expect(openFlagRecords(dir, 'site')).toEqual([]);
    expect(await restoreInterruptedFlags(target())).toBeNull();
  });

  it("leaves someone else's staged change staged: the flag is reset, the operator is told to apply", async () => {
    const http = key('vnet_rules', (r) => r.vnet === web && r.name === 'Allow HTTP/HTTPS');
    const ssh = key('vnet_rules', (r) => r.vnet === web && r.name === 'Allow SSH from admins');
    const change = {
      vnet: web,
      network: 'web',
      rule: http,
      ruleName: 'Allow HTTP/HTTPS',
      field: 'trace' as const,
      before: false,
      after: true,
    };
    openFlagRecord(dir, {
      host: 'site',
      profile: '',
      reason: 'a test',
      changes: [change],
      quietSince: {[web]: quiet(web)},
    });
    await client.update('vnet_rules', http, {trace: true});
    // rule stamps are whole seconds: the other edit comes in a later one
    clock.advance(1000);
    await client.update('vnet_rules', ssh, {description: 'edited by someone else'});
    const [report] = (await restoreInterruptedFlags(target()))!;
    expect(report).toMatchObject({applied: [], stagedOnly: ['web'], failed: []});
    expect(describeRestore(report)).toBe(
      'flags left on by an interrupted a test: put back trace off on rule "Allow HTTP/HTTPS" (web); ' +
        'web has other rule changes pending: apply rules there to make the reset live',
    );
    expect(sim.row('vnets', web)!.need_fw_apply).toBe(true);
    await applyRules(client, web);
  });

  it('touches no flag someone changed back, nor a rule since deleted, and keeps records of other sites', async () => {
    const pg = key('vnet_rules', (r) => r.vnet === db && r.name === 'Allow PostgreSQL from web');
    openFlagRecord(dir, {
      host: 'site',
      profile: '',
      reason: 'a test',
      changes: [
        {vnet: db, network: 'db', rule: pg, ruleName: 'x', field: 'trace', before: false, after: true},
        {vnet: db, network: 'db', rule: 99_999, ruleName: 'gone', field: 'trace', before: false, after: true},
      ],
      quietSince: {[db]: quiet(db)},
    });
    openFlagRecord(dir, {host: 'other-site', profile: '', reason: 'elsewhere', changes: [], quietSince: {}});
    sim.clearRequests();
    const [report] = (await restoreInterruptedFlags(target()))!;
    expect(report).toMatchObject({restored: [], applied: [], failed: []});
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(readdirSync(join(dir, 'flags'))).toHaveLength(1);
    expect(await restoreInterruptedFlags({...target(), readOnly: true})).toBeNull();
  });
});
