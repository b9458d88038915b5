// apply under injected faults (errors, dropped connections — half of them after
// the server applied the request) stops partway; running it again completes
// the site with no duplicates, and the result is the same as a clean apply.
import {existsSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {exportCommand} from '../../source/commands/export.js';
import {planCommand} from '../../source/commands/plan.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {duplicates, sim, Workspace} from './helpers.js';
import {waitUntil} from '../support/wait.js';

describe('apply under faults', () => {
  const ws = new Workspace({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'hq-psk'});
  let source: SimulatorHandle;
  let target: SimulatorHandle;
  beforeAll(async () => {
    source = await sim('demo');
    target = await sim('empty');
  });
  afterAll(async () => {
    await source.close();
    await target.close();
    ws.remove();
  });

  it('converges on re-run without duplicates', async () => {
    const text = (await ws.run(exportCommand, ws.site(source))).stdout;
    const file = ws.file('demo.yaml', text);
    let stoppedMidway = 0;
    for (let attempt = 0; attempt < 12; attempt++) {
      // faults start once the run writes: from the start, they made most runs fail while loading the site
      const seen = target.requests.length;
      const pending = ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(target)]);
      let done = false;
      void pending.finally(() => (done = true));
      await waitUntil(() => done || target.requests.slice(seen).some((q) => q.method === 'POST' && q.status === 201), {
        what: 'the first create to be answered',
        timeoutMs: 60_000,
        everyMs: 1,
      });
      target.setFaults(`error=0.2,drop=0.1,seed=${attempt + 1}`);
      const run = await pending;
      target.setFaults('');
      if (run.code === 0) break;
      expect(run.code).toBe(2);
      if (run.stderr.includes('stopped at step')) {
        stoppedMidway++;
        expect(run.stderr).toMatch(/Done \(\d+\): /);
        expect(run.stderr).toMatch(/Not done \(\d+\): /);
        expect(run.stderr).toContain('Run the same command again to complete it');
      }
    }
    expect(stoppedMidway).toBeGreaterThan(0);
    target.setFaults('');
    // The interrupted run's state is kept as a draft until a run completes.
    const drafts = join(ws.env['XDG_STATE_HOME']!, 'vseg', 'drafts');
    const draftFiles = () => (existsSync(drafts) ? readdirSync(drafts).filter((f) => f.endsWith('.json')) : []);
    expect(draftFiles().length).toBeGreaterThan(0);

    const final = await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(target)]);
    expect(final.code).toBe(0);
    expect(draftFiles()).toEqual([]);
    const plan = await ws.run(planCommand, ['-f', file, ...ws.site(target)]);
    expect(plan.code).toBe(0);
    expect((await ws.run(exportCommand, ws.site(target))).stdout).toBe(text);

    const byName = (r: Record<string, unknown>) => String(r['name']);
    expect(duplicates(target.rows('vnets'), byName)).toEqual([]);
    expect(duplicates(target.rows('vnet_rule_aliases'), byName)).toEqual([]);
    expect(duplicates(target.rows('tenants'), byName)).toEqual([]);
    expect(duplicates(target.rows('vnet_rules'), (r) => `${String(r['vnet'])}/${byName(r)}`)).toEqual([]);
    expect(duplicates(target.rows('vnet_wireguard_peers'), (r) => `${String(r['wireguard'])}/${byName(r)}`)).toEqual(
      [],
    );
    expect(duplicates(target.rows('vnet_ipsec_phase1s'), byName)).toEqual([]);
    expect(duplicates(target.rows('vnet_ipsec_phase2s'), byName)).toEqual([]);
    expect(duplicates(target.rows('vnet_cidrs'), (r) => `${String(r['vnet'])}/${String(r['cidr'])}`)).toEqual([]);
    expect(target.rows('vnet_ipsecs')).toHaveLength(1);
    // Counts match the source site.
    for (const table of [
      'vnet_rule_aliases',
      'vnet_wireguard_peers',
      'vnet_ipsec_phase1s',
      'vnet_ipsec_phase2s',
      'vnet_cidrs',
    ]) {
      expect(target.rows(table).length, table).toBe(source.rows(table).length);
    }
    const managed = (s: SimulatorHandle) => s.rows('vnet_rules').filter((r) => !r['system_rule'] && !r['owner']).length;
    expect(managed(target)).toBe(managed(source));
  }, 60_000);
});
