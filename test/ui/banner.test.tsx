// The offline banner at the widths a jump host has: a long reason gives way,
// the countdown and the key to press stay whole. Answers that are not
// VergeOS's are said to be that, not "API unreachable".
import stringWidth from 'string-width';
import {describe, expect, test, vi} from 'vitest';
import {VergeError} from '../../source/api/errors.js';
import {BUILTIN_ACTIONS} from '../../source/ui/actions/builtin.js';
import {createActionRegistry} from '../../source/ui/actions/registry.js';
import {bannerFor} from '../../source/ui/app/banner.js';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {createMemoryModel, defaultConsoleState} from '../../source/session/memory-model.js';
import {createSampleViews} from '../../source/ui/app/sample-view.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {renderTui, stripAnsi} from './harness.js';

const registry = createActionRegistry([...BUILTIN_ACTIONS]);
const offline = {readOnly: false, online: false};
// What the console session puts in the state for an error (console-session.ts failed()).
const offlineFor = (e: VergeError) => ({reason: e.describe(), shorter: e.descriptions().slice(1)});
const LONG_ERROR = new VergeError({
  kind: 'network',
  operation: 'list networks',
  message: 'the connection to vergeos.example.internal failed (UND_ERR_SOCKET: other side closed)',
  method: 'GET',
  path: '/api/v4/vnets',
});
const LONG =
  'Could not list networks: the connection to vergeos.example.internal failed (UND_ERR_SOCKET: other side closed) (GET /api/v4/vnets)';

describe('banner text for a width', () => {
  test('the error the long reason comes from describes itself as that reason', () => {
    expect(LONG_ERROR.describe()).toBe(LONG);
  });

  for (const width of [60, 80, 90, 100, 120]) {
    test(`${width} columns: a long reason is cut, the countdown and retry key are whole`, () => {
      const state = defaultConsoleState({
        connection: {kind: 'offline', retryAt: 32_000, ...offlineFor(LONG_ERROR), cause: 'unreachable'},
      });
      const text = bannerFor(state, registry, offline, 0, false, width)!.text;
      expect(text).toMatch(/^API unreachable/);
      expect(text.endsWith(' — retrying in 32 s (r to retry now)')).toBe(true);
      expect(stringWidth(text) + 3).toBeLessThanOrEqual(width);
    });
  }

  test('a short reason, or a wide screen, keeps the reason whole; no width keeps everything', () => {
    const short = defaultConsoleState({
      connection: {kind: 'offline', retryAt: 4_000, reason: 'ECONNREFUSED', cause: 'unreachable'},
    });
    expect(bannerFor(short, registry, offline, 0, false, 80)!.text).toBe(
      'API unreachable (ECONNREFUSED) — retrying in 4 s (r to retry now)',
    );
    const long = defaultConsoleState({
      connection: {kind: 'offline', retryAt: 4_000, ...offlineFor(LONG_ERROR), cause: 'unreachable'},
    });
    expect(bannerFor(long, registry, offline, 0, false, 240)!.text).toContain(LONG);
    expect(bannerFor(long, registry, offline, 0)!.text).toContain(LONG);
  });

  test('what gives way first: the call, then the operation, then the end of the cause', () => {
    const reason = 'Could not sign in as admin: cannot reach 127.0.0.1:44867 (ECONNREFUSED) (POST /api/sys/tokens)';
    const error = new VergeError({
      kind: 'network',
      operation: 'sign in as admin',
      message: 'cannot reach 127.0.0.1:44867 (ECONNREFUSED)',
      method: 'POST',
      path: '/api/sys/tokens',
    });
    expect(error.describe()).toBe(reason);
    const state = defaultConsoleState({
      connection: {kind: 'offline', retryAt: 5_000, ...offlineFor(error), cause: 'unreachable'},
    });
    const at = (width: number) => bannerFor(state, registry, offline, 0, false, width)!.text;
    expect(at(200)).toBe(`API unreachable (${reason}) — retrying in 5 s (r to retry now)`);
    expect(at(128)).toBe(
      'API unreachable (Could not sign in as admin: cannot reach 127.0.0.1:44867 (ECONNREFUSED)) — retrying in 5 s (r to retry now)',
    );
    expect(at(100)).toBe(
      'API unreachable (cannot reach 127.0.0.1:44867 (ECONNREFUSED)) — retrying in 5 s (r to retry now)',
    );
    expect(at(80)).toBe('API unreachable (cannot reach 127.0.0.1:…) — retrying in 5 s (r to retry now)');
    for (const w of [80, 100, 128, 200]) expect(stringWidth(at(w)) + 3).toBeLessThanOrEqual(w);
  });

  test('too narrow for any of the reason: it goes, the action stays', () => {
    const state = defaultConsoleState({connection: {kind: 'offline', ...offlineFor(LONG_ERROR), cause: 'refused'}});
    expect(bannerFor(state, registry, offline, 0, false, 80)!.text).toBe(
      'Sign-in refused — not retried: use :signin, or :ctx for another site',
    );
    const wide = bannerFor(state, registry, offline, 0, false, 160)!.text;
    expect(wide).toMatch(
      /^Sign-in refused \(the connection to vergeos\.example\.internal failed \(UND_ERR_SOCKET: other side closed\)\) — not retried: use :signin, or :ctx for another site$/,
    );
    expect(stringWidth(wide) + 3).toBeLessThanOrEqual(160);
  });

  test("answers that are not VergeOS's: their own banner, with the key to try again", () => {
    const reason =
      "Could not list networks: the answer does not look like VergeOS's: 0.name: Expected string, received number (200 on GET /api/v4/vnets)";
    const error = new VergeError({
      kind: 'response',
      operation: 'list networks',
      message: "the answer does not look like VergeOS's: 0.name: Expected string, received number",
      status: 200,
      method: 'GET',
      path: '/api/v4/vnets',
    });
    expect(error.describe()).toBe(reason);
    const state = defaultConsoleState({connection: {kind: 'offline', ...offlineFor(error), cause: 'malformed'}});
    const text = bannerFor(state, registry, offline, 0, false, 100)!.text;
    expect(text).toMatch(/^The site's answers are not what VergeOS sends \(the answer d…\)/);
    expect(text.endsWith(' — check the address; r to try again')).toBe(true);
    expect(text).not.toContain('unreachable');
    expect(stringWidth(text) + 3).toBeLessThanOrEqual(100);
    expect(bannerFor(state, registry, offline, 0)!.text).toContain(reason);
  });
});

describe('banner on screen', () => {
  for (const columns of [80, 100]) {
    test(`${columns}×24: the retry hint and countdown are on the banner line`, async () => {
      const model = createMemoryModel({
        profile: 'lab',
        host: 'vergeos.example.internal',
        connection: {kind: 'offline', retryAt: 1_032_000, ...offlineFor(LONG_ERROR), cause: 'unreachable'},
      });
      const tui = renderTui(
        <ConsoleApp
          theme={createTheme({color: false})}
          model={model}
          views={createSampleViews()}
          initialView="sample"
          onExit={vi.fn()}
          clock={() => 1_000_000}
        />,
        {columns, rows: 24},
      );
      const frame = stripAnsi(await tui.waitFor('API unreachable'));
      const line = frame.split('\n').find((l) => l.includes('API unreachable'))!;
      expect(line).toContain('(the connection to ver');
      expect(line.trimEnd().endsWith('— retrying in 32 s (r to retry now)')).toBe(true);
      expect(stringWidth(line)).toBeLessThanOrEqual(columns);
      tui.unmount();
    });
  }
});
