// A multi-step `vseg apply` (and a wizard) killed with SIGKILL — a real
// process, no chance to save anything — after each of its writes in turn,
// then run again: every time the site must end where one clean run leaves it.
// No staged rules left on the networks the file manages (the change is live,
// not just written), nothing twice, and plan says there is nothing to do.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {exportCommand} from '../../source/commands/export.js';
import {planCommand} from '../../source/commands/plan.js';
import {wizardCommand} from '../../source/commands/wizard.js';
import {parseSitefile, serialiseSitefile, type Sitefile} from '../../source/domain/sitefile/index.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {duplicates, sim, Workspace} from '../commands/helpers.js';
import {jumpHostEnv, VSEG_BIN} from '../e2e/harness.js';
import {waitUntil} from '../support/wait.js';

type Row = Record<string, unknown>;

const isWrite = (r: {method: string; path: string}) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens');

/** Starts `vseg <args>` and kills it with SIGKILL once the site has seen `after` writes from it. */
async function killAfterWrites(site: SimulatorHandle, args: string[], after: number, home: string): Promise<string> {
  site.clearRequests();
  const env = jumpHostEnv(home, 'dumb', {VSEG_PASSWORD: site.password});
  const child = spawn(process.execPath, [VSEG_BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  // The simulator answers in this process: its request log is the clock.
  await waitUntil(() => done || site.requests.filter(isWrite).length >= after, {
    what: `${after} writes`,
    timeoutMs: 60_000,
    everyMs: 1,
  });
  child.kill('SIGKILL');
  await exited;
  // A child that died before its k-th write (a missing build, a crash) would leave the re-run alone to prove nothing.
  expect(
    site.requests.filter(isWrite).length,
    `vseg ${args[0]} stopped before write ${after}: ${stderr}`,
  ).toBeGreaterThanOrEqual(after);
  return stderr;
}

function named(rows: Row[], name: string): Row | undefined {
  return rows.find((r) => r['name'] === name);
}

/** What "converged" means for the networks a file manages. */
function assertConverged(site: SimulatorHandle, networks: readonly string[], label: string): void {
  const vnets = site.rows('vnets');
  for (const name of networks) {
    const n = named(vnets, name)!;
    expect(n['need_fw_apply'], `${label}: ${name} has staged rules`).toBe(false);
    const staged = site
      .rows('vnet_rules')
      .filter((r) => r['vnet'] === n['$key'])
      .map((r) => `${String(r['name'])}:${String(r['destination_ports'])}:${String(r['source_ip'])}`)
      .sort();
    const live = site
      .activeRules(Number(n['$key']))
      .map((r) => `${String(r['name'])}:${String(r['destination_ports'])}:${String(r['source_ip'])}`)
      .sort();
    expect(live, `${label}: live rules of ${name}`).toEqual(staged);
  }
  const byName = (r: Row) => String(r['name']);
  expect(duplicates(site.rows('vnets'), byName), label).toEqual([]);
  expect(duplicates(site.rows('vnet_rule_aliases'), byName), label).toEqual([]);
  expect(
    duplicates(site.rows('vnet_rules'), (r) => `${String(r['vnet'])}/${byName(r)}`),
    label,
  ).toEqual([]);
}

describe('an apply killed at every step converges when run again', () => {
  const ws = new Workspace();
  const home = mkdtempSync(join(tmpdir(), 'vseg-kill-'));
  afterAll(() => {
    ws.remove();
    rmSync(home, {recursive: true, force: true});
  });

  function edit(text: string): Sitefile {
    const doc = parseSitefile(text);
    const net = (name: string) => doc.networks.find((n) => n.name === name)!;
    doc.aliases.push({
      name: 'ops',
      description: 'Operators',
      scope: 'private',
      entries: [{value: '10.10.3.40', label: ''}],
    });
    const db = net('db');
    db.rules[0].destinationPorts = '5432,5433';
    db.rules.push({...db.rules[0], name: 'Allow MySQL from web', destinationPorts: '3306'});
    net('web').rules.push({...net('web').rules[0], name: 'Allow 8443', destinationPorts: '8443'});
    const mgmt = net('mgmt');
    mgmt.rules.push({...db.rules[0], name: 'Allow SSH from ops', source: 'alias:ops', destinationPorts: '22'});
    return doc;
  }

  it('vseg apply -f: killed after each write, then the same command again', async () => {
    // One clean run: the site every interrupted run must end at, and the number of writes.
    const clean = await sim('demo');
    const original = (await ws.run(exportCommand, ws.site(clean))).stdout;
    const doc = edit(original);
    const file = ws.file('site.yaml', serialiseSitefile(doc));
    const managed = doc.networks.filter((n) => n.type === 'internal').map((n) => n.name);
    clean.clearRequests();
    expect((await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(clean)])).code).toBe(0);
    const writes = clean.requests.filter(isWrite).length;
    const expected = (await ws.run(exportCommand, ws.site(clean))).stdout;
    assertConverged(clean, managed, 'clean run');
    await clean.close();
    expect(writes).toBeGreaterThanOrEqual(8);

    for (let k = 1; k <= writes; k++) {
      const site = await sim('demo');
      try {
        site.setLatency(5);
        const args = ['apply', '-f', file, '--yes', '--url', site.url, '--user', site.user];
        await killAfterWrites(site, [...args, '--fingerprint', site.fingerprint!], k, home);
        site.setLatency(0);
        const again = await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(site)]);
        expect(again.code, `kill after write ${k}: ${again.stderr}`).toBe(0);
        assertConverged(site, managed, `kill after write ${k}`);
        const plan = await ws.run(planCommand, ['-f', file, ...ws.site(site)]);
        expect(plan.code, `kill after write ${k}: plan\n${plan.stdout}`).toBe(0);
        expect((await ws.run(exportCommand, ws.site(site))).stdout, `kill after write ${k}`).toBe(expected);
      } finally {
        await site.close();
      }
    }
  }, 180_000);

  it('vseg wizard rules: killed after each write, then --resume or a fresh run', async () => {
    const answers = ws.file(
      'rules.yaml',
      'flows:\n  - {from: web, to: db, protocol: tcp, ports: "3306"}\n  - {from: mgmt, to: dev, protocol: tcp, ports: "8080"}\n',
    );
    const clean = await sim('demo');
    clean.clearRequests();
    const first = await ws.run(wizardCommand, ['rules', '--file', answers, '--yes', ...ws.site(clean)]);
    expect(first.code, first.stderr).toBe(0);
    const writes = clean.requests.filter(isWrite).length;
    const managed = ['web', 'db', 'mgmt', 'dev'];
    assertConverged(clean, managed, 'clean wizard run');
    await clean.close();
    expect(writes).toBeGreaterThanOrEqual(4);

    for (let k = 1; k <= writes; k++) {
      const site = await sim('demo');
      const wsk = new Workspace();
      try {
        site.setLatency(5);
        // The killed run and the resume share the draft folder (XDG_STATE_HOME under home).
        const kHome = join(home, `wizard-${k}`);
        const conn = ['--url', site.url, '--user', site.user, '--fingerprint', site.fingerprint!];
        await killAfterWrites(site, ['wizard', 'rules', '--file', answers, '--yes', ...conn], k, kHome);
        site.setLatency(0);
        const resume = k % 2 === 1;
        const env = resume ? {XDG_STATE_HOME: join(kHome, '.local', 'state')} : {};
        const again = await wsk.run(
          wizardCommand,
          ['rules', ...(resume ? ['--resume'] : ['--file', answers]), '--yes', ...ws.site(site)],
          {env},
        );
        expect(again.code, `kill after write ${k} (${resume ? 'resume' : 'fresh'}): ${again.stderr}`).toBe(0);
        assertConverged(site, managed, `wizard killed after write ${k} (${resume ? 'resume' : 'fresh'})`);
        const last = await wsk.run(wizardCommand, ['rules', '--file', answers, '--yes', ...ws.site(site)]);
        expect(last.stderr, `kill after write ${k}`).toContain('nothing to do');
      } finally {
        wsk.remove();
        await site.close();
      }
    }
  }, 180_000);
});
