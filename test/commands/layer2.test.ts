// A network passed through to a tenant at layer 2 (tenant_layer2_vnets)
// bypasses its router: why answers allow with no router crossed and says
// why, lint warns, and without the pass-through the same question is denied.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {lintCommand} from '../../source/commands/lint.js';
import {whyCommand} from '../../source/commands/why.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Workspace, sim} from './helpers.js';

describe('layer-2 pass-through in the analysis', () => {
  let passed: SimulatorHandle;
  let plain: SimulatorHandle;
  let ws: Workspace;
  beforeAll(async () => {
    [passed, plain] = await Promise.all([sim('demo', {layer2: ['acme:web']}), sim('demo')]);
    ws = new Workspace();
  });
  afterAll(async () => {
    await Promise.all([passed.close(), plain.close()]);
    ws.remove();
  });

  it("lets the tenant's addresses reach the network past its rules, and says so", async () => {
    const r = await ws.run(whyCommand, ['203.0.113.65', 'web-01', 'tcp/3306', '-o', 'json', ...ws.site(passed)]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {verdict: string; reason: string; hops: unknown[]};
    expect(doc.verdict).toBe('allow');
    expect(doc.hops).toEqual([]);
    expect(doc.reason).toBe(
      "Layer-2 pass-through: web is passed through to tenant acme at layer 2: traffic between them bypasses web's router, so no rule applies.",
    );
    const text = await ws.run(whyCommand, ['203.0.113.65', 'web-01', 'tcp/3306', ...ws.site(passed)]);
    expect(text.stdout).toContain('no router is crossed: layer-2 pass-through (web is passed through to tenant acme');
  });

  it('judges the same question by the rules without the pass-through', async () => {
    const r = await ws.run(whyCommand, ['203.0.113.65', 'web-01', 'tcp/3306', '-o', 'json', ...ws.site(plain)]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as {verdict: string}).verdict).toBe('deny');
  });

  it('lint warns about the pass-through', async () => {
    const r = await ws.run(lintCommand, ['-o', 'json', ...ws.site(passed)]);
    const doc = JSON.parse(r.stdout) as {findings: {code: string; network?: string; message: string}[]};
    const l2 = doc.findings.filter((f) => f.code === 'l2-pass-through');
    expect(l2).toEqual([expect.objectContaining({network: 'web', severity: 'warning'})]);
    const none = JSON.parse((await ws.run(lintCommand, ['-o', 'json', ...ws.site(plain)])).stdout) as typeof doc;
    expect(none.findings.some((f) => f.code === 'l2-pass-through')).toBe(false);
  });
});
