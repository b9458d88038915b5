import stringWidth from 'string-width';
import {describe, expect, test, vi} from 'vitest';
import {ConsoleApp, type ConsoleAppProps} from '../../source/ui/app/ConsoleApp.js';
import type {ShellCommand} from '../../source/ui/app/commands.js';
import {createMemoryModel} from '../../source/session/memory-model.js';
import type {ConsoleState} from '../../source/session/console-model.js';
import {createSampleViews} from '../../source/ui/app/sample-view.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {renderTui, stripAnsi, type Tui} from './harness.js';

/** Commands an area declares before it implements them (no view, no run): the shell says so. */
const PLANNED: ShellCommand[] = [
  {name: 'why', description: 'Explain why traffic passes or is blocked', args: '<from> <to> [port/proto]'},
  {name: 'matrix', description: 'Reachability matrix between networks'},
  {name: 'mirrors', description: 'Port mirroring'},
];

function mountShell(
  state: Partial<ConsoleState> = {},
  props: Partial<ConsoleAppProps> = {},
  size = {columns: 80, rows: 24},
) {
  const model = createMemoryModel({
    profile: 'lab',
    host: '10.0.0.5',
    version: '26.1',
    connection: {kind: 'connected'},
    ...state,
  });
  const onExit = vi.fn();
  const tui = renderTui(
    <ConsoleApp
      theme={createTheme({color: false})}
      model={model}
      views={createSampleViews()}
      initialView="sample"
      onExit={onExit}
      clock={() => 1_000_000}
      commands={PLANNED}
      {...props}
    />,
    size,
  );
  return {tui, model, onExit};
}

const text = (tui: Tui) => stripAnsi(tui.lastFrame());

/** Every frame written so far fits the terminal: line count and each line's display width. */
function expectFramesFit(tui: Tui, columns: number, rows: number) {
  const frames = tui.stdout.frames.filter((f) => f.includes('\n'));
  expect(frames.length).toBeGreaterThan(0);
  for (const frame of frames) {
    const lines = stripAnsi(frame).split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
  }
}

describe('shell layout', () => {
  test('at 80×24 no frame is taller or wider than the screen, whatever is open', async () => {
    const {tui, model} = mountShell({pendingApply: 3, insecureTls: true, version: '26.1.0-very-long-build-identifier'});
    await tui.waitFor('NAME');
    model.notify('error', 'x'.repeat(200));
    await tui.waitFor('xxxx');
    tui.press('G', '?');
    await tui.waitFor('Keys —');
    tui.press('G', 'escape');
    await tui.waitFor('NAME');
    tui.press('d');
    await tui.waitFor('Type');
    tui.press('escape');
    await tui.waitFor('NAME');
    tui.press(':');
    tui.type('m');
    tui.press('tab');
    await tui.waitFor('matrix');
    tui.press('escape');
    await tui.waitFor((f) => !stripAnsi(f).includes('matrix'));
    tui.press('enter');
    await tui.waitFor('network ');
    model.update({connection: {kind: 'offline', retryAt: 1_004_000, reason: 'ECONNREFUSED'}});
    await tui.waitFor('API unreachable');
    const frame = text(tui);
    expect(frame.split('\n')).toHaveLength(24);
    expectFramesFit(tui, 80, 24);
    tui.unmount();
  });

  test('header, breadcrumb, banner, status and footer are in place', async () => {
    const {tui, model} = mountShell({connection: {kind: 'offline', retryAt: 1_004_000}});
    await tui.waitFor('NAME');
    const lines = text(tui).split('\n');
    expect(lines[0]).toMatch(/^vseg {2}lab@10\.0\.0\.5 {2}VergeOS 26\.1 {2}read-write {2}✖ offline \(retry in 4 s\)/);
    expect(lines[1]).toMatch(/^lab › networks \(sample\)/);
    expect(lines[2]).toContain('API unreachable — retrying in 4 s (r to retry now)');
    expect(lines[23]).toMatch(/: cmd {2}\/ filter {2}r refresh {2}q quit {2}\? help/);
    // Offline: the delete action (needs a connection) is not offered in the footer.
    expect(lines[23]).not.toContain('delete');
    model.update({connection: {kind: 'connected'}, pendingApply: 3});
    await tui.waitFor('3 networks with rule changes pending');
    expect(text(tui).split('\n')[23]).toContain('d delete');
    tui.unmount();
  });

  test('below the minimum size a notice replaces the console and the view keeps its state', async () => {
    const {tui} = mountShell();
    await tui.waitFor('NAME');
    tui.press('j', 'j');
    await tui.waitFor('› mgmt-01');
    tui.resize(50, 12);
    const small = await tui.waitFor('Terminal too small: 50×12');
    expect(stripAnsi(small)).toContain('at least 60×16');
    for (const line of stripAnsi(small).split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(50);
    expect(stripAnsi(small).split('\n').length).toBeLessThanOrEqual(12);
    tui.press('j');
    tui.resize(100, 30);
    const big = stripAnsi(await tui.waitFor('NAME'));
    expect(big).toContain('› mgmt-01');
    expect(big.split('\n')).toHaveLength(30);
    tui.unmount();
  });
});

describe('view stack', () => {
  test('Enter drills in, Esc goes back with the cursor where it was', async () => {
    const {tui} = mountShell();
    await tui.waitFor('NAME');
    tui.press('j');
    await tui.waitFor('› db-01');
    tui.press('enter');
    const detail = stripAnsi(await tui.waitFor('lab › networks (sample) › network db-01'));
    expect(detail).toContain('cidr         10.0.1.0/24');
    tui.press('escape');
    await tui.waitFor('› db-01');
    expect(text(tui)).not.toContain('network db-01');
    // Esc at the root is harmless.
    tui.press('escape');
    tui.press('j');
    await tui.waitFor('› mgmt-01');
    tui.unmount();
  });

  test(': jumps with completion; unknown commands are errors; :quit exits', async () => {
    const {tui, onExit} = mountShell();
    await tui.waitFor('NAME');
    tui.press('enter');
    await tui.waitFor('network web-01');
    tui.press(':');
    tui.type('sam');
    tui.press('tab');
    await tui.waitFor(':sample');
    tui.press('enter');
    await tui.waitFor((f) => /lab › networks \(sample\) *$/m.test(stripAnsi(f)));
    tui.press(':');
    tui.type('bogus');
    tui.press('enter');
    await tui.waitFor('Unknown command :bogus');
    tui.press(':');
    tui.type('why');
    tui.press('enter');
    await tui.waitFor(':why is not available yet');
    tui.press(':', 'up');
    await tui.waitFor(':why');
    tui.press('escape');
    await tui.waitFor((f) => !/^:why/m.test(stripAnsi(f)));
    tui.press(':');
    tui.paste('qu');
    tui.type('it');
    tui.press('enter');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
  });

  test('commands from the lead run with their arguments', async () => {
    const run = vi.fn();
    const {tui} = mountShell({}, {commands: [{name: 'why', description: 'Explain', run}]});
    await tui.waitFor('NAME');
    tui.press(':');
    tui.type('why web db 443');
    tui.press('enter');
    await vi.waitFor(() =>
      expect(run).toHaveBeenCalledWith(['web', 'db', '443'], expect.objectContaining({push: expect.any(Function)})),
    );
    tui.unmount();
  });
});

describe('filter', () => {
  test('/ filters live; Enter keeps the filter, Esc clears it', async () => {
    const {tui} = mountShell();
    await tui.waitFor('NAME');
    tui.press('/');
    tui.type('DB-0');
    await tui.waitFor((f) => !stripAnsi(f).includes('web-01') && stripAnsi(f).includes('db-02'));
    tui.press('enter');
    await tui.waitFor('/DB-0  (Esc clears the filter)');
    expect(text(tui)).not.toContain('web-01');
    tui.press('escape');
    await tui.waitFor('web-01');
    tui.press('/');
    tui.type('zzz');
    await tui.waitFor('No network matches /zzz');
    tui.press('escape');
    await tui.waitFor('web-01');
    tui.unmount();
  });
});

describe('modes and guards', () => {
  test('read-only removes the destructive action from keys, footer and help', async () => {
    const {tui} = mountShell({readOnly: true});
    await tui.waitFor('NAME');
    const frame = text(tui);
    expect(frame).toContain('READ-ONLY');
    expect(frame).not.toContain('d delete');
    tui.press('d');
    // The key does nothing, and says why (#14).
    await tui.waitFor('Delete is not available: this session is read-only');
    tui.press('?');
    const help = stripAnsi(await tui.waitFor('Keys —'));
    const items = help.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(items.join('\n')).not.toContain('Delete');
    expect(help).toContain('Copy name');
    expect(text(tui)).not.toContain('Type');
    tui.unmount();
  });

  test('offline: an action that needs the API explains why it does nothing', async () => {
    const retry = vi.fn();
    const {tui, model} = mountShell({connection: {kind: 'offline'}});
    model.retryNow = retry;
    await tui.waitFor('NAME');
    tui.press('d');
    await tui.waitFor('Delete needs a connection to the API (offline)');
    tui.press('r');
    await vi.waitFor(() => expect(retry).toHaveBeenCalled());
    tui.press('?');
    const help = stripAnsi(await tui.waitFor('Keys —'));
    expect(help).toMatch(/Delete +\[offline, confirms\] Delete the selected/);
    tui.unmount();
  });

  test('quitting while an operation runs asks first (Cancel focused); a second Ctrl+C quits', async () => {
    const {tui, model, onExit} = mountShell();
    await tui.waitFor('NAME');
    let finish!: () => void;
    let aborted = false;
    void model.run('Applying rules', (report) => {
      report.signal.addEventListener('abort', () => (aborted = true));
      return new Promise<void>((resolve) => (finish = resolve));
    });
    await tui.waitFor('Applying rules');
    tui.press('q');
    await tui.waitFor('Quit while an operation is running?');
    tui.press('enter');
    await tui.waitFor((f) => !stripAnsi(f).includes('Quit while'));
    expect(onExit).not.toHaveBeenCalled();
    tui.press('ctrl+c');
    await tui.waitFor('Quit while an operation is running?');
    tui.press('ctrl+c');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
    expect(aborted).toBe(false);
    finish();
  });

  test('an operation that reports steps gets a progress panel; the frame keeps its height', async () => {
    const {tui, model} = mountShell();
    await tui.waitFor('NAME');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done = model.run('Apply Rules', async (report) => {
      report.step('web', 'web');
      report.step('db', 'db');
      report.step('web', 'web', 'done');
      report.step('db', 'db', 'running');
      await gate;
      report.step('db', 'db', 'failed', 'HTTP 409');
      throw new Error('db refused');
    });
    const frame = stripAnsi(await tui.waitFor('Apply Rules — 1/2 done'));
    expect(frame).toContain('✔ web');
    expect(frame.split('\n')).toHaveLength(24);
    release();
    await done;
    const failed = stripAnsi(await tui.waitFor('Apply Rules failed: db refused'));
    expect(failed).toContain('✖ db — HTTP 409');
    expect(failed.split('\n')).toHaveLength(24);
    expectFramesFit(tui, 80, 24);
    tui.unmount();
  });

  test('with nothing running, q quits at once', async () => {
    const {tui, onExit} = mountShell();
    await tui.waitFor('NAME');
    tui.press('q');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
  });

  test("the profile's key overrides apply when they arrive with the model", async () => {
    const {tui, model} = mountShell();
    await tui.waitFor('NAME');
    model.update({keys: {'no.such': ['x']}});
    await tui.waitFor('Key map: 1 problem');
    tui.unmount();
  });

  test('a broken key map is reported in the status line, not thrown', async () => {
    const issues = vi.fn();
    const {tui} = mountShell({}, {keymap: {'sample.copy': ['d'], 'no.such': ['x']}, onKeymapIssues: issues});
    await tui.waitFor('Key map: 2 problems');
    expect(issues).toHaveBeenCalledWith(
      expect.arrayContaining([
        expect.objectContaining({kind: 'conflict'}),
        expect.objectContaining({kind: 'unknown-action'}),
      ]),
    );
    tui.unmount();
  });
});
