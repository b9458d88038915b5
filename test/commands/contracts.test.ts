// Contracts in the headless commands, against the demo site: check (and its
// exit codes), lint, plan naming what a change breaks, apply refusing it unless
// forced with a reason (audited), drift reporting the live state.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {checkCommand} from '../../source/commands/check.js';
import {driftCommand} from '../../source/commands/drift.js';
import {exportCommand} from '../../source/commands/export.js';
import {lintCommand} from '../../source/commands/lint.js';
import {planCommand} from '../../source/commands/plan.js';
import {whyCommand} from '../../source/commands/why.js';
import {
  parseContractsText,
  parseSitefile,
  serialiseSitefile,
  type Sitefile,
} from '../../source/domain/sitefile/index.js';
import {ARTICLE_CONTRACTS} from '../../source/session/demo-contracts.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

interface Named {
  name: string;
}
interface CheckJson {
  summary: Record<string, number>;
  statements: Array<Named & {deciding: Named[]}>;
}
interface FindingsJson {
  findings: Array<{code: string}>;
}
const parse = <T>(text: string): T => JSON.parse(text) as T;

const writes = (s: SimulatorHandle) =>
  s.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'));

/** The change the issue names: dev may reach db on PostgreSQL (both routers and a route). */
function devReachesDb(doc: Sitefile): void {
  const dev = doc.networks.find((n) => n.name === 'dev')!;
  const db = doc.networks.find((n) => n.name === 'db')!;
  const base = {...dev.rules[0], log: false, statistics: false, description: '', pin: 'no' as const};
  const block = dev.rules.findIndex((r) => r.name === 'Block dev to production');
  dev.rules.splice(
    block,
    0,
    {
      ...base,
      name: 'Let dev test against db',
      direction: 'outgoing',
      source: '',
      destination: '10.10.2.0/24',
      destinationPorts: '5432',
    },
    {
      ...base,
      name: 'Route to db',
      action: 'route',
      direction: 'outgoing',
      protocol: 'any',
      source: '',
      destination: '10.10.2.0/24',
      destinationPorts: '',
      target: '100.96.0.12',
    },
  );
  db.rules.unshift({
    ...base,
    name: 'Allow PostgreSQL from dev',
    direction: 'incoming',
    source: '10.10.4.0/24',
    destinationPorts: '5432',
  });
}

describe('contracts in the headless commands', () => {
  const ws = new Workspace({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'});
  let site: SimulatorHandle;
  let contracts: string;
  let original: string;
  let devDb: string;

  beforeAll(async () => {
    site = await sim('demo');
    contracts = ws.file('article.yaml', ARTICLE_CONTRACTS);
    original = (await ws.run(exportCommand, ws.site(site))).stdout;
    const doc = parseSitefile(original);
    devReachesDb(doc);
    devDb = ws.file('dev-db.yaml', serialiseSitefile(doc));
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });
  beforeEach(() => site.clearRequests());

  it('check --demo passes with the article contracts built in', async () => {
    const r = await ws.run(checkCommand, ['--demo']);
    expect(r.stderr).toContain('5 statements: 5 hold, 0 violated');
    expect(r.stdout).toContain('PASS    dev never reaches production');
    expect(r.code).toBe(0);
  });

  it('check -o json: every statement, its status and its deciding rules', async () => {
    const r = await ws.run(checkCommand, ['--contracts', contracts, '-o', 'json', ...ws.site(site)]);
    expect(r.code).toBe(0);
    const doc = parse<CheckJson>(r.stdout);
    expect(doc.summary).toEqual({pass: 5, fail: 0, unknown: 0});
    const dev = doc.statements.find((s) => s.name === 'dev never reaches production')!;
    expect(dev.deciding.map((d) => d.name)).toEqual(['Block dev to production']);
  });

  it('a violated statement: exit 1, the witness, the deciding rules and the why that explains it', async () => {
    const file = ws.file(
      'strict.yaml',
      'apiVersion: vseg/v1\nkind: Contracts\nstatements:\n  - {name: web never db, from: net:web, to: net:db, never: true}\n',
    );
    const r = await ws.run(checkCommand, ['--contracts', file, ...ws.site(site)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL    web never db');
    expect(r.stdout).toContain(
      'decided by: web outgoing accept by default; db incoming accept by rule "Allow PostgreSQL from web"',
    );
    const why = /explain: vseg why (\S+) (\S+) (\S+)/.exec(r.stdout)!;
    const w = await ws.run(whyCommand, [why[1], why[2], why[3], '-o', 'json', '--pending', ...ws.site(site)]);
    expect(parse<{verdict: string}>(w.stdout).verdict).toBe('allow');
  });

  it('a zone that names nothing cannot be checked: exit 2', async () => {
    const file = ws.file(
      'typo.yaml',
      'apiVersion: vseg/v1\nkind: Contracts\nstatements:\n  - {from: net:wbe, to: net:db, never: true}\n',
    );
    const r = await ws.run(checkCommand, ['--contracts', file, ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('no network named "wbe"');
  });

  it('plan names the contract a change breaks, with the rules that break it', async () => {
    const r = await ws.run(planCommand, ['-f', devDb, '--contracts', contracts, ...ws.site(site)]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('✗ breaks "dev never reaches production"');
    expect(r.stdout).toContain('dev outgoing accept by rule "Let dev test against db"');
    const json = await ws.run(planCommand, ['-f', devDb, '--contracts', contracts, '-o', 'json', ...ws.site(site)]);
    expect(parse<{contracts: {breaks: Named[]}}>(json.stdout).contracts.breaks.map((b) => b.name)).toEqual([
      'dev never reaches production',
    ]);
    expect(writes(site)).toEqual([]);
  });

  it("a site file's own contracts: section judges its plan", async () => {
    const doc = parseSitefile(readFileSync(devDb, 'utf8'));
    doc.contracts = parseContractsText(ARTICLE_CONTRACTS);
    const file = ws.file('dev-db-with-contracts.yaml', serialiseSitefile(doc));
    const r = await ws.run(planCommand, ['-f', file, ...ws.site(site)]);
    expect(r.stdout).toContain(`Contracts (${file} (contracts:))`);
    expect(r.stdout).toContain('✗ breaks "dev never reaches production"');
  });

  it('apply refuses to break a contract; --force needs --reason; the override is audited', async () => {
    const refused = await ws.run(applyCommand, ['-f', devDb, '--contracts', contracts, '--yes', ...ws.site(site)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing to apply: the plan breaks contract "dev never reaches production"');
    const noReason = await ws.run(applyCommand, [
      '-f',
      devDb,
      '--contracts',
      contracts,
      '--yes',
      '--force',
      ...ws.site(site),
    ]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--force needs --reason');
    expect(writes(site)).toEqual([]);

    const lint = await ws.run(lintCommand, ['--contracts', contracts, '-o', 'json', ...ws.site(site)]);
    expect(parse<FindingsJson>(lint.stdout).findings.filter((f) => f.code === 'contract')).toEqual([]);

    const forced = await ws.run(applyCommand, [
      '-f',
      devDb,
      '--contracts',
      contracts,
      '--yes',
      '--force',
      '--reason',
      'CHG-42 load test until Friday',
      ...ws.site(site),
    ]);
    expect(forced.code).toBe(0);
    const audit = readFileSync(join(ws.dir, 'state', 'vseg', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => parse<{method: string; note?: string}>(l));
    const override = audit.find((a) => a.method === 'OVERRIDE')!;
    expect(override.note).toContain(
      'breaks contract "dev never reaches production"; reason: CHG-42 load test until Friday',
    );
    // The override is written before the first change.
    expect(audit.indexOf(override)).toBeLessThan(audit.findIndex((a) => a.method === 'POST'));

    const lintAfter = await ws.run(lintCommand, ['--contracts', contracts, '-o', 'json', ...ws.site(site)]);
    expect(lintAfter.code).toBe(1);
    expect(parse<FindingsJson>(lintAfter.stdout).findings.some((f) => f.code === 'contract')).toBe(true);

    const drift = await ws.run(driftCommand, ['-f', devDb, '--contracts', contracts, ...ws.site(site)]);
    expect(drift.stdout).toContain('no drift');
    expect(drift.stdout).toContain('4 hold, 1 violated (applied rules)');
    expect(drift.stdout).toContain('FAIL    dev never reaches production');
    expect(drift.code).toBe(3);
  });
});
