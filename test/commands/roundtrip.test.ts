// export → apply to an empty site → export again gives the same bytes, and a
// plan afterwards has nothing to do; a second apply sends no write at all.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {exportCommand} from '../../source/commands/export.js';
import {planCommand} from '../../source/commands/plan.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {duplicates, sim, Workspace} from './helpers.js';

const SECRETS = {VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'hq-pre-shared-key-value'};
const writes = (s: SimulatorHandle) =>
  s.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'));

describe('round trip through a site file', () => {
  const open: SimulatorHandle[] = [];
  const ws = new Workspace(SECRETS);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  async function roundTrip(seed: string): Promise<void> {
    const source = await sim(seed);
    const target = await sim('empty');
    open.push(source, target);
    const exported = await ws.run(exportCommand, ws.site(source));
    expect(exported.code).toBe(0);
    const file = ws.file(`${seed.replace(/:/g, '-')}.yaml`, exported.stdout);

    const applied = await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(target)]);
    expect(applied.stderr).not.toContain('failed');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Applied \d+ changes/);

    const again = await ws.run(exportCommand, ws.site(target));
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(exported.stdout);

    const plan = await ws.run(planCommand, ['-f', file, ...ws.site(target)]);
    expect(plan.stdout).toContain('no changes');
    expect(plan.code).toBe(0);

    target.clearRequests();
    const second = await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(target)]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('nothing to do');
    expect(writes(target)).toEqual([]);

    const rules = target.rows('vnet_rules');
    expect(duplicates(rules, (r) => `${String(r['vnet'])}/${String(r['name'])}`)).toEqual([]);
    expect(duplicates(target.rows('vnets'), (r) => String(r['name']))).toEqual([]);
    expect(duplicates(target.rows('vnet_rule_aliases'), (r) => String(r['name']))).toEqual([]);
  }

  it('demo site: byte-identical, nothing left to plan, second apply sends nothing', async () => {
    await roundTrip('demo');
  });

  it('scale:50:2000: byte-identical and nothing left to plan', async () => {
    await roundTrip('scale:50:2000');
  }, 120_000);

  it('the IPsec pre-shared key reached the site and appears in no export or output', async () => {
    const source = await sim('demo');
    const target = await sim('empty');
    open.push(source, target);
    const file = ws.file('demo-secret.yaml', (await ws.run(exportCommand, ws.site(source))).stdout);
    const applied = await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(target)]);
    expect(applied.code).toBe(0);
    const create = target.requests.find((r) => r.method === 'POST' && r.path === '/api/v4/vnet_ipsec_phase1s');
    expect(create).toBeDefined();
    const audit = readFileSync(join(ws.env['XDG_STATE_HOME']!, 'vseg', 'audit.jsonl'), 'utf8');
    expect(audit).toMatch(
      /"method":"POST","path":"\/api\/v4\/vnet_ipsec_phase1s","body":"ipsec=.* psk=••••","outcome":"ok"/,
    );
    for (const text of [
      audit,
      applied.stdout,
      applied.stderr,
      (await ws.run(exportCommand, ws.site(target))).stdout,
      (await ws.run(exportCommand, ['-o', 'json', ...ws.site(target)])).stdout,
    ]) {
      expect(text).not.toContain('hq-pre-shared-key-value');
    }
  });
});
