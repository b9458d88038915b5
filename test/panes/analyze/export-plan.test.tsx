// :export and :plan in the console against a live simulator: the file is
// the one `vseg export` writes and is only replaced after confirmation; the
// plan shows as a diff, applies through the console's confirmation (exact
// calls, the site's name typed) and changes the simulator; a second plan is empty.
import {mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {exportCommand} from '../../../source/commands/export.js';
import {RULE_DEFAULTS, parseSitefile, serialiseSitefile} from '../../../source/domain/sitefile/index.js';
import {startSimulator, type SimulatorHandle} from '../../../source/simulator/index.js';
import {listJournal} from '../../../source/store/journal.js';
import {defaultExportName} from '../../../source/session/site-files.js';
import {stripAnsi} from '../../ui/harness.js';
import {Workspace} from '../../commands/helpers.js';
import {networkKey} from '../../commands/analyze/api.js';
import {openConsole, type Console} from './console.js';

let sim: SimulatorHandle;
let c: Console;
let dir: string;
const ws = new Workspace();

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'demo',
    tls: true,
    applyDelayMs: 20,
    powerDelayMs: 20,
    password: 'sim-admin-password',
  });
});
afterAll(async () => {
  await sim.close();
  ws.remove();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vseg-analyze-'));
  c = await openConsole({sim});
  await c.tui.waitFor('web');
  sim.clearRequests();
});
afterEach(async () => {
  await c.close();
  rmSync(dir, {recursive: true, force: true});
});

const cliExport = async () => {
  const r = await ws.run(exportCommand, ws.site(sim));
  expect(r.code).toBe(0);
  return r.stdout;
};

describe(':export', () => {
  it('writes the same bytes as vseg export, and replaces a file only when confirmed', async () => {
    const file = join(dir, 'site.yaml');
    c.command(`export ${file}`);
    await c.tui.waitFor(`Wrote ${file}`);
    expect(c.text()).toContain('apiVersion:');
    const expected = await cliExport();
    expect(readFileSync(file, 'utf8')).toBe(expected);

    writeFileSync(file, 'kept\n');
    c.command(`export ${file}`);
    const dialog = stripAnsi(await c.tui.waitFor('Overwrite'));
    expect(dialog).toContain(`${file} exists (5 bytes)`);
    c.tui.press('enter');
    await c.tui.waitFor('exists and was kept');
    expect(readFileSync(file, 'utf8')).toBe('kept\n');

    c.command(`export ${file}`);
    await c.tui.waitFor('Overwrite');
    c.tui.press('right', 'enter');
    await c.tui.waitFor(`Wrote ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(expected);
    // Exporting reads the site; it never writes to it.
    expect(c.writes()).toEqual([]);
  });

  it('says at once that a path cannot be written, like vseg export --file, and writes nothing', async () => {
    const file = join(dir, 'no-such-folder', 'site.yaml');
    c.command(`export ${file}`);
    // The check of vseg export --file (session/output-file.ts), before the site is loaded again.
    await c.tui.waitFor(`Not written: Export to ${file}: the`);
    expect(existsSync(file)).toBe(false);
  });

  it('without a name asks where, proposing <profile>-segmentation.yaml in the current directory (#14 item 6)', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const name = defaultExportName(c.session.model.getState().profile);
      expect(name).toMatch(/^[\w.-]+-segmentation\.yaml$/);
      c.command('export');
      await c.tui.waitFor('Export the segmentation to a site file — where?');
      // Nothing is written before the operator says where; the proposal is the full path.
      expect(c.text()).toContain(`Proposed: ${join(dir, name)}`);
      expect(existsSync(join(dir, name))).toBe(false);
      // A directory that does not exist is refused inline.
      for (let i = 0; i < join(dir, name).length; i++) c.tui.press('backspace');
      c.tui.type(join(dir, 'missing', 'x.yaml'));
      c.tui.press('ctrl+s');
      await c.tui.waitFor('does not exist');
      for (let i = 0; i < join(dir, 'missing', 'x.yaml').length; i++) c.tui.press('backspace');
      c.tui.type(join(dir, name));
      c.tui.press('ctrl+s');
      await c.tui.waitFor(`Wrote ${join(dir, name)}`);
      expect(readFileSync(join(dir, name), 'utf8')).toBe(await cliExport());
      // Asked again, an existing file is never replaced without a confirmation.
      writeFileSync(join(dir, name), 'kept\n');
      c.command('export');
      await c.tui.waitFor('where?');
      c.tui.press('ctrl+s');
      await c.tui.waitFor('Overwrite');
      c.tui.press('enter');
      await c.tui.waitFor(`Not written: ${join(dir, name)}`);
      expect(readFileSync(join(dir, name), 'utf8')).toBe('kept\n');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe(':plan', () => {
  function variant(text: string, name = 'Allow MySQL from web', port = '3306'): string {
    const doc = parseSitefile(text);
    const db = doc.networks.find((n) => n.name === 'db')!;
    db.rules.push({
      ...RULE_DEFAULTS,
      name,
      action: 'accept',
      direction: 'incoming',
      protocol: 'tcp',
      source: 'alias:web-servers',
      destinationPorts: port,
    });
    const file = join(dir, 'mysql.yaml');
    writeFileSync(file, serialiseSitefile(doc));
    return file;
  }

  it('shows the diff, applies it after the typed confirmation, and then has nothing to do', async () => {
    const file = variant(await cliExport());
    sim.clearRequests();
    c.command(`plan ${file}`);
    let frame = stripAnsi(await c.tui.waitFor('+ rule db/Allow MySQL from web'));
    // The demo's dev network has rules staged and never applied: a difference too.
    expect(frame).toContain('1 to add, 1 not live yet (staged) — a to apply');
    expect(frame).toContain('▸ Apply Rules on dev (staged changes not live yet)');
    expect(frame).toMatch(/web → db tcp\/3306: deny → (allow|partial)/);
    expect(frame).toContain('Apply Rules afterwards on: db, dev');
    expect(frame).toMatch(/a apply/);
    expect(c.writes()).toEqual([]);

    const label = c.session.model.getState().profile;
    c.tui.press('a');
    const dialog = stripAnsi(await c.tui.waitFor(`Apply ${file} to ${label}?`));
    expect(dialog).toContain('1 to add, 1 not live yet (staged); 3 calls; 1 flow changes verdict.');
    expect(dialog).toContain('POST /api/v4/vnet_rules');
    expect(dialog).toContain('name="Allow MySQL from web"');
    expect(dialog).toContain('POST /api/v4/vnet_actions');
    // The name must be typed exactly; a wrong one sends nothing.
    c.tui.type('prod');
    c.tui.press('enter');
    await c.tui.waitFor(`Type ${label} exactly to confirm`);
    expect(c.writes()).toEqual([]);
    for (let i = 0; i < 4; i++) c.tui.press('backspace');
    c.tui.type(label);
    c.tui.press('enter');

    const db = networkKey(sim, 'db');
    await c.until(
      (s) =>
        s.rules.some((r) => r.vnet === db && r.name === 'Allow MySQL from web') &&
        !s.networks.find((n) => n.key === db)!.needFwApply,
    );
    expect(sim.rows('vnet_rules').filter((r) => r['vnet'] === db && r['name'] === 'Allow MySQL from web')).toHaveLength(
      1,
    );
    expect(sim.activeRules(db).map((r) => r['name'])).toContain('Allow MySQL from web');
    const dev = networkKey(sim, 'dev');
    await c.until((s) => !s.networks.find((n) => n.key === dev)!.needFwApply);
    expect(c.writes()).toEqual(['POST /api/v4/vnet_rules', 'POST /api/v4/vnet_actions', 'POST /api/v4/vnet_actions']);
    await c.tui.waitFor(`No changes: ${label} matches`);
    // Like vseg apply, the console journaled the state before, for vseg rollback.
    const revisions = listJournal(c.session.paths.journalDir, {});
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({title: `console :plan ${file}`, touchedNetworks: ['db', 'dev']});

    // A second plan of the same file has nothing to do (from another view, so the frame tells them apart).
    c.command('lint');
    await c.tui.waitFor('— staged rules');
    c.command(`plan ${file}`);
    frame = stripAnsi(await c.tui.waitFor(/No changes: .* matches \S*mysql\.yaml/));
    expect(frame).toContain('no changes');
    expect(frame).not.toContain('+ rule');
    c.tui.press('a');
    await c.tui.waitFor('already matches');
    expect(c.writes()).toEqual(['POST /api/v4/vnet_rules', 'POST /api/v4/vnet_actions', 'POST /api/v4/vnet_actions']);
  });

  it('a missing file, an invalid file, and read-only mode send nothing', async () => {
    c.command(`plan ${join(dir, 'nope.yaml')}`);
    await c.tui.waitFor('nope.yaml: no such file');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: 1\nnetworks: {not: a list}\n');
    c.command(`plan ${bad}`);
    await c.tui.waitFor('bad.yaml cannot be planned');
    c.tui.press('a');
    expect(c.writes()).toEqual([]);

    const file = variant(await cliExport(), 'Allow Redis from web', '6379');
    const ro = await openConsole({sim, readOnly: true});
    try {
      await ro.tui.waitFor('web');
      ro.command(`plan ${file}`);
      await ro.tui.waitFor('+ rule db/Allow Redis from web');
      expect(ro.text()).not.toMatch(/a apply/);
      ro.tui.press('a');
      await ro.tui.waitFor('is not available: this session is read-only');
      ro.tui.press('?');
      const help = stripAnsi(await ro.tui.waitFor('Keys —'));
      const items = help.split('\n').filter((l) => /^ {2}\S/.test(l));
      expect(items.join('\n')).not.toContain('Apply plan');
      expect(existsSync(file)).toBe(true);
      expect(ro.writes()).toEqual([]);
    } finally {
      await ro.close();
    }
  });
});
