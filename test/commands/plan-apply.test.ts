// plan, drift and apply against the demo site: what they report, their exit
// codes, and that nothing is written unless it should be.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {driftCommand} from '../../source/commands/drift.js';
import {planCommand} from '../../source/commands/plan.js';
import {exportCommand} from '../../source/commands/export.js';
import {parseSitefile, serialiseSitefile, type Sitefile} from '../../source/domain/sitefile/index.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

const writes = (s: SimulatorHandle) =>
  s.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'));

describe('plan, drift and apply', () => {
  const ws = new Workspace({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'});
  let site: SimulatorHandle;
  let original: string;
  let originalFile: string;

  function variant(name: string, edit: (doc: Sitefile) => void): string {
    const doc = parseSitefile(original);
    edit(doc);
    return ws.file(name, serialiseSitefile(doc));
  }
  const net = (doc: Sitefile, name: string) => doc.networks.find((n) => n.name === name)!;

  beforeAll(async () => {
    site = await sim('demo');
    original = (await ws.run(exportCommand, ws.site(site))).stdout;
    originalFile = ws.file('original.yaml', original);
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });
  beforeEach(() => site.clearRequests());

  it('rules staged but not applied are a difference: plan and drift report them, apply makes them live', async () => {
    // The demo's dev network has staged rules that were never applied: the rows
    // match the export, the router does not.
    const dev = () => site.rows('vnets').find((n) => n['name'] === 'dev')!;
    expect(dev()['need_fw_apply']).toBe(true);
    const drift = await ws.run(driftCommand, ['-f', originalFile, ...ws.site(site)]);
    expect(drift.code).toBe(3);
    expect(drift.stdout).toContain('  ▸ Apply Rules on dev (staged changes not live yet)');
    const plan = await ws.run(planCommand, ['-f', originalFile, '-o', 'json', ...ws.site(site)]);
    expect(plan.code).toBe(3);
    expect(JSON.parse(plan.stdout)).toMatchObject({
      summary: {add: 0, change: 0, remove: 0, reorder: 0, apply: 1},
      changes: [{op: 'apply', kind: 'network', label: 'Apply Rules on dev', network: 'dev'}],
      applyRules: ['dev'],
    });
    expect(writes(site)).toEqual([]);

    const applied = await ws.run(applyCommand, ['-f', originalFile, '--yes', ...ws.site(site)]);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toMatch(/\[1\/1\] Apply Rules on dev … done/);
    expect(dev()['need_fw_apply']).toBe(false);
    const staged = site.rows('vnet_rules').filter((r) => r['vnet'] === dev()['$key']);
    expect(site.activeRules(Number(dev()['$key'])).map((r) => r['name'])).toEqual(staged.map((r) => r['name']));

    const r = await ws.run(driftCommand, ['-f', originalFile, ...ws.site(site)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no drift: /);
    expect((await ws.run(planCommand, ['-f', originalFile, ...ws.site(site)])).code).toBe(0);
  });

  it('plan shows each kind of change and exits 3, writing nothing', async () => {
    const file = variant('edited.yaml', (doc) => {
      const db = net(doc, 'db');
      db.rules[0].destinationPorts = '5432,3306';
      db.rules.push({
        ...db.rules[1],
        name: 'Allow MySQL from web',
        source: 'alias:web-servers',
        destinationPorts: '3306',
      });
      db.rules.reverse();
      net(doc, 'web').rules.splice(2, 1);
      net(doc, 'dev').mtu = 9000;
      doc.aliases.push({
        name: 'backup',
        description: 'Backup targets',
        scope: 'private',
        entries: [{value: '10.10.9.9', label: 'nas'}],
      });
    });
    const r = await ws.run(planCommand, ['-f', file, ...ws.site(site)]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('+ alias backup');
    expect(r.stdout).toContain('~ network dev');
    expect(r.stdout).toContain('    mtu: 1500 → 9000');
    expect(r.stdout).toContain('~ rule db/Allow PostgreSQL from web');
    expect(r.stdout).toContain('    destinationPorts: 5432 → 5432,3306');
    expect(r.stdout).toContain('+ rule db/Allow MySQL from web');
    expect(r.stdout).toContain('- rule web/Allow ICMP from mgmt');
    expect(r.stdout).toContain('(kept without --prune)');
    expect(r.stdout).toContain('↕ rules of db');
    expect(r.stdout).toContain('Apply Rules afterwards on: db');
    expect(writes(site)).toEqual([]);

    const json = await ws.run(planCommand, ['-f', file, '-o', 'json', ...ws.site(site)]);
    expect(json.code).toBe(3);
    const body = JSON.parse(json.stdout);
    expect(body.summary).toEqual({add: 2, change: 2, remove: 1, reorder: 1, apply: 0});
    expect(body.changes.find((c: {label: string}) => c.label === 'rule web/Allow ICMP from mgmt')).toMatchObject({
      op: 'remove',
      acted: false,
    });

    const calls = await ws.run(planCommand, ['-f', file, '--calls', '--prune', ...ws.site(site)]);
    expect(calls.stdout).toMatch(/POST \/api\/v4\/vnet_rule_aliases name="backup"/);
    expect(calls.stdout).toMatch(/DELETE \/api\/v4\/vnet_rules\/\d+/);
  });

  it('plan names the flows whose verdict changes', async () => {
    const file = variant('mysql.yaml', (doc) => {
      const db = net(doc, 'db');
      db.rules.push({
        ...db.rules[0],
        name: 'Allow MySQL from web',
        source: 'vnet:web',
        destination: '',
        destinationPorts: '3306',
      });
    });
    const r = await ws.run(planCommand, ['-f', file, ...ws.site(site)]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      'Flows whose verdict changes:\n  web → db tcp/3306: deny → allow  (rule db/Allow MySQL from web)\n',
    );
    const json = JSON.parse((await ws.run(planCommand, ['-f', file, '-o', 'json', ...ws.site(site)])).stdout);
    expect(json.verdicts).toContainEqual({
      flow: 'web → db tcp/3306',
      before: 'deny',
      after: 'allow',
      rule: 'db/Allow MySQL from web',
    });
  });

  it('refuses a bad file before sending anything', async () => {
    const bad = ws.file('bad.yaml', original.replace('destinationPorts: "5432"', 'destinationPort: "5432"'));
    const r = await ws.run(planCommand, ['-f', bad, ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'networks[1] (db).rules[0] (Allow PostgreSQL from web).destinationPort: unknown key (did you mean "destinationPorts"?)',
    );
    expect(site.requests).toEqual([]);
    expect((await ws.run(applyCommand, ['-f', bad, '--yes', ...ws.site(site)])).code).toBe(2);
    expect((await ws.run(planCommand, [...ws.site(site)])).code).toBe(2);
    const missing = await ws.run(planCommand, [
      '-f',
      ws.file('missing-ref.yaml', original.replace('source: alias:admins', 'source: alias:operators')),
      ...ws.site(site),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(
      /error: networks\[1\] \(db\)\.rules\[1\] \(Allow SSH from admins\)\.source: no alias named "operators" in the file or on the site/,
    );
    expect(missing.stderr).toMatch(/cannot be applied as it is \(1 error\)/);
    expect(writes(site)).toEqual([]);
  });

  it('without --yes and without a terminal, apply shows the plan and exits 3; on a terminal it asks', async () => {
    const file = variant('mtu.yaml', (doc) => (net(doc, 'web').mtu = 9000));
    const r = await ws.run(applyCommand, ['-f', file, ...ws.site(site)]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('~ network web');
    expect(r.stderr).toContain('pass --yes');
    const no = await ws.run(applyCommand, ['-f', file, ...ws.site(site)], {tty: true, stdin: 'n\n'});
    expect(no.code).toBe(3);
    expect(no.stderr).toMatch(/Apply these 1 changes to 127\.0\.0\.1:\d+\? \[y\/N\] Nothing was changed/);
    expect(writes(site)).toEqual([]);
    const yes = await ws.run(applyCommand, ['-f', file, ...ws.site(site)], {tty: true, stdin: 'y\n'});
    expect(yes.code).toBe(0);
    expect(yes.stderr).toMatch(/\[1\/1\] update network web \(mtu\) … done/);
    expect(site.rows('vnets').find((n) => n['name'] === 'web')!['mtu']).toBe(9000);
    // and back, so the other tests see the original site
    expect((await ws.run(applyCommand, ['-f', originalFile, '--yes', ...ws.site(site)])).code).toBe(0);
  });

  it('a missing secret stops apply before any write', async () => {
    const file = variant('tunnel.yaml', (doc) =>
      net(doc, 'mgmt').ipsec.push({
        ...net(doc, 'mgmt').ipsec[0],
        name: 'branch',
        psk: {secret: 'branch-psk'},
        phase2: [],
      }),
    );
    const r = await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'branch-psk (ipsec mgmt/branch / psk): set VSEG_SECRET_BRANCH_PSK or pass --secrets FILE',
    );
    expect(writes(site)).toEqual([]);
    const secrets = ws.file('secrets.yaml', 'branch-psk: "s3cret-branch"\n', 0o600);
    const ok = await ws.run(applyCommand, ['-f', file, '--yes', '--secrets', secrets, ...ws.site(site)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout + ok.stderr).not.toContain('s3cret-branch');
    const loose = ws.file('loose.yaml', 'branch-psk: x\n', 0o644);
    expect((await ws.run(applyCommand, ['-f', file, '--yes', '--secrets', loose, ...ws.site(site)])).stderr).toMatch(
      /chmod 600/,
    );
    expect((await ws.run(applyCommand, ['-f', originalFile, '--yes', '--prune', ...ws.site(site)])).code).toBe(0);
  });

  it('drift is 3 with a short report once the site changes, 0 against the new state', async () => {
    const file = variant('changed.yaml', (doc) => {
      net(doc, 'web').rules[0].destinationPorts = '443';
      net(doc, 'web').rules.splice(1, 1);
    });
    expect((await ws.run(applyCommand, ['-f', file, '--yes', '--prune', ...ws.site(site)])).code).toBe(0);
    const drift = await ws.run(driftCommand, ['-f', originalFile, ...ws.site(site)]);
    expect(drift.code).toBe(3);
    expect(drift.stdout).toMatch(/^drift: .* differs from .*original\.yaml: 1 to add, 1 to change\n/);
    expect(drift.stdout).toContain('  + rule web/Allow SSH from admins');
    expect(drift.stdout).toContain('  ~ rule web/Allow HTTP/HTTPS');
    expect(
      JSON.parse((await ws.run(driftCommand, ['-f', originalFile, '-o', 'json', ...ws.site(site)])).stdout).drift,
    ).toBe(true);
    expect((await ws.run(driftCommand, ['-f', file, ...ws.site(site)])).code).toBe(0);
    // a site object the file does not have is drift too
    expect(
      (await ws.run(driftCommand, ['-f', variant('fewer.yaml', (doc) => doc.aliases.pop()), ...ws.site(site)])).code,
    ).toBe(3);
    expect((await ws.run(applyCommand, ['-f', originalFile, '--yes', ...ws.site(site)])).code).toBe(0);
    expect((await ws.run(driftCommand, ['-f', originalFile, ...ws.site(site)])).code).toBe(0);
  });

  it('drift and plan exit 2 when the site cannot be reached', async () => {
    const r = await ws.run(driftCommand, ['-f', originalFile, ...ws.site(site)], {password: 'wrong-password'});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sign-in to .* failed/);
  });
});
