// The revision journal: apply records what it is about to change; history lists
// it; rollback puts it back (and is journaled itself).
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {exportCommand} from '../../source/commands/export.js';
import {historyCommand} from '../../source/commands/history.js';
import {rollbackCommand} from '../../source/commands/rollback.js';
import {parseSitefile, serialiseSitefile} from '../../source/domain/sitefile/index.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

describe('history and rollback', () => {
  const ws = new Workspace({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'});
  let site: SimulatorHandle;
  let other: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('demo');
    other = await sim('demo');
  });
  afterAll(async () => {
    await site.close();
    await other.close();
    ws.remove();
  });

  it('restores a changed rule', async () => {
    const original = (await ws.run(exportCommand, ws.site(site))).stdout;
    expect((await ws.run(historyCommand, [])).stderr).toContain('no revisions yet');

    const doc = parseSitefile(original);
    const db = doc.networks.find((n) => n.name === 'db')!;
    db.rules[0].destinationPorts = '5432,3306';
    db.rules.splice(1, 1);
    db.rules.push({...db.rules[0], name: 'Allow MySQL', destinationPorts: '3306'});
    const file = ws.file('changed.yaml', serialiseSitefile(doc));
    const applied = await ws.run(applyCommand, ['-f', file, '--yes', '--prune', ...ws.site(site)]);
    expect(applied.code).toBe(0);
    const id = /Revision (\S+);/.exec(applied.stdout)![1];

    const list = await ws.run(historyCommand, ['-o', 'json']);
    expect(list.code).toBe(0);
    const entries = JSON.parse(list.stdout) as Array<{
      id: string;
      title: string;
      touchedNetworks: string[];
      host: string;
    }>;
    expect(entries).toEqual([
      // dev had rules staged and never applied (the demo): apply made them live too.
      expect.objectContaining({
        id,
        title: `apply ${file}`,
        touchedNetworks: ['db', 'dev'],
        host: new URL(site.url).host,
      }),
    ]);
    expect((await ws.run(historyCommand, [])).stdout).toContain(id);
    expect((await ws.run(historyCommand, ['--url', 'https://elsewhere.example', '-o', 'json'])).stdout).toBe('[]\n');
    const saved = await ws.run(historyCommand, ['--show', id]);
    expect(saved.stdout).toContain('partial: true');
    expect(saved.stdout).toContain('name: Allow SSH from admins');
    const journalDir = join(ws.env['XDG_STATE_HOME']!, 'vseg', 'journal');
    for (const f of readdirSync(journalDir)) expect(statSync(join(journalDir, f)).mode & 0o777).toBe(0o600);

    // Not for another site.
    expect((await ws.run(rollbackCommand, [id, '--yes', ...ws.site(other)])).stderr).toMatch(/belongs to .*, not /);
    // Without --yes and a terminal it only shows the plan.
    const dry = await ws.run(rollbackCommand, [id, ...ws.site(site)]);
    expect(dry.code).toBe(3);
    expect(dry.stdout).toContain('+ rule db/Allow SSH from admins');
    expect(dry.stdout).toContain('- rule db/Allow MySQL');
    expect(dry.stdout).toContain('    destinationPorts: 5432,3306 → 5432');

    const back = await ws.run(rollbackCommand, [id, '--yes', ...ws.site(site)]);
    expect(back.code).toBe(0);
    expect((await ws.run(exportCommand, ws.site(site))).stdout).toBe(original);
    const after = JSON.parse((await ws.run(historyCommand, ['-o', 'json'])).stdout) as Array<{title: string}>;
    expect(after.map((e) => e.title)).toEqual([`rollback revision ${id}`, `apply ${file}`]);
  });

  it('exit codes', async () => {
    expect((await ws.run(rollbackCommand, ['2026-01-01T00-00-00Z-abcd', '--yes', ...ws.site(site)])).code).toBe(1);
    expect((await ws.run(rollbackCommand, ['not-an-id', ...ws.site(site)])).code).toBe(2);
    expect((await ws.run(rollbackCommand, [...ws.site(site)])).code).toBe(2);
    expect((await ws.run(historyCommand, ['--show', '2026-01-01T00-00-00Z-abcd'])).code).toBe(1);
  });
});
