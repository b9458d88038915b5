import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {BUILTIN_ACTIONS} from '../../source/ui/actions/builtin.js';
import {createActionRegistry} from '../../source/ui/actions/registry.js';
import {bannerFor} from '../../source/ui/app/banner.js';
import {defaultConsoleState} from '../../source/session/memory-model.js';
import {Breadcrumb} from '../../source/ui/components/Breadcrumb.js';
import {Header} from '../../source/ui/components/Header.js';
import {HelpOverlay} from '../../source/ui/components/HelpOverlay.js';
import {ProgressList} from '../../source/ui/components/ProgressList.js';
import {StatusLine} from '../../source/ui/components/StatusLine.js';
import {diffTone, TextView, useTextView, useTextViewInput} from '../../source/ui/components/TextView.js';
import {KeyRouterProvider} from '../../source/ui/keys/context.js';
import {renderTui, stripAnsi} from './harness.js';

const registry = createActionRegistry([
  ...BUILTIN_ACTIONS,
  {
    id: 'rules.apply',
    title: 'Apply Rules',
    description: 'Apply',
    keys: ['a'],
    scope: 'rules',
    mutating: true,
    needsConnection: true,
  },
]);

describe('header', () => {
  test('drops the least important parts when narrow; safety facts stay', async () => {
    const state = defaultConsoleState({
      profile: 'production-site',
      host: 'verge.example.internal',
      version: '26.1.2',
      readOnly: true,
      insecureTls: true,
      connection: {kind: 'connecting'},
      pendingApply: 2,
    });
    const wide = renderTui(<Header state={state} width={120} now={0} />, {columns: 120});
    expect(stripAnsi(await wide.waitFor('vseg'))).toContain('VergeOS 26.1.2');
    const narrow = renderTui(<Header state={state} width={60} now={0} />, {columns: 60});
    const line = stripAnsi(await narrow.waitFor('READ-ONLY'));
    expect(line).toContain('insecure TLS');
    expect(line).toContain('connecting');
    expect(line).not.toContain('VergeOS');
    expect(stringWidth(line)).toBeLessThanOrEqual(60);
  });

  test('an ad-hoc session labelled by its host names it once', async () => {
    const state = defaultConsoleState({
      profile: '10.0.0.5:8443',
      host: '10.0.0.5:8443',
      connection: {kind: 'connected'},
    });
    const line = stripAnsi(
      await renderTui(<Header state={state} width={100} now={0} />, {columns: 100}).waitFor('vseg'),
    );
    expect(line).toContain('10.0.0.5:8443');
    expect(line).not.toContain('10.0.0.5:8443@');
  });
});

describe('banner', () => {
  const ctx = {readOnly: false, online: true};
  test('offline: countdown and the retry key from the registry', () => {
    const state = defaultConsoleState({connection: {kind: 'offline', retryAt: 4_000}});
    expect(bannerFor(state, registry, {...ctx, online: false}, 0)).toEqual({
      text: 'API unreachable — retrying in 4 s (r to retry now)',
      tone: 'danger',
    });
    const remapped = createActionRegistry([...BUILTIN_ACTIONS], {'app.retry': ['ctrl+r']});
    expect(bannerFor(state, remapped, {...ctx, online: false}, 3_500)?.text).toBe(
      'API unreachable — retrying in 1 s (Ctrl+R to retry now)',
    );
  });

  test('pending apply points at the apply key, except in read-only mode', () => {
    const state = defaultConsoleState({connection: {kind: 'connected'}, pendingApply: 3});
    expect(bannerFor(state, registry, ctx, 0)?.text).toBe('3 networks with rule changes pending — a to Apply Rules');
    expect(bannerFor(state, registry, {readOnly: true, online: true}, 0)?.text).toBe(
      '3 networks with rule changes pending (read-only: they are applied from a read-write session)',
    );
    expect(bannerFor(defaultConsoleState({connection: {kind: 'connected'}}), registry, ctx, 0)).toBeUndefined();
  });
});

describe('small parts', () => {
  test('breadcrumb gives way from the left', async () => {
    const tui = renderTui(
      <Breadcrumb
        parts={['production', 'network web-frontend-prod', 'rules', 'rule allow-https-from-lb']}
        width={50}
      />,
      {columns: 50},
    );
    const line = stripAnsi(await tui.waitFor('rule allow'));
    expect(line.startsWith('… › ')).toBe(true);
    expect(stringWidth(line)).toBeLessThanOrEqual(50);
  });

  test('status line: level glyph, sticky error hint', async () => {
    const tui = renderTui(<StatusLine message={{id: 1, level: 'error', text: 'Apply failed: 503'}} width={60} />, {
      columns: 60,
    });
    expect(stripAnsi(await tui.waitFor('Apply failed'))).toContain('✖ Apply failed: 503  (Esc dismisses)');
  });

  test('progress list: one line per item with its state', async () => {
    const steps = [
      {id: 'a', label: 'web', state: 'done' as const},
      {id: 'b', label: 'db', state: 'running' as const},
      {id: 'c', label: 'mgmt', state: 'failed' as const, detail: 'HTTP 409'},
      {id: 'd', label: 'dev', state: 'pending' as const},
    ];
    const tui = renderTui(<ProgressList steps={steps} width={40} height={4} />, {columns: 40});
    const lines = stripAnsi(await tui.waitFor('mgmt')).split('\n');
    expect(lines[0]).toBe('✔ web');
    expect(lines[1]).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] db$/);
    expect(lines[2]).toBe('✖ mgmt — HTTP 409');
    expect(lines[3]).toBe('· dev');
    tui.unmount();
  });

  test('help overlay lists the registry and scrolls', async () => {
    let closed = false;
    const tui = renderTui(
      <KeyRouterProvider>
        <HelpOverlay
          registry={registry}
          scope="rules"
          scopeTitle="Rules"
          context={{readOnly: false, online: true}}
          width={80}
          height={8}
          onClose={() => (closed = true)}
        />
      </KeyRouterProvider>,
    );
    const first = stripAnsi(await tui.waitFor('Keys — Rules'));
    expect(first.split('\n')[1]).toBe('Rules');
    expect(first).toContain('Apply Rules');
    tui.press('G');
    await tui.waitFor('Reverse sort');
    tui.press('q');
    await tui.settle();
    expect(closed).toBe(true);
  });
});

function Viewer({lines, height}: {lines: string[]; height: number}) {
  const view = useTextView({lineCount: lines.length, height});
  useTextViewInput(view);
  return <TextView lines={lines} width={40} height={height} offset={view.offset} left={view.left} tone={diffTone} />;
}

describe('text view', () => {
  test('renders only its window and scrolls', async () => {
    let sanitized = 0;
    const lines = Array.from({length: 50_000}, (_, i) => `line ${i}`);
    const proxy = new Proxy(lines, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) sanitized++;
        return Reflect.get(target, prop, receiver);
      },
    });
    const tui = renderTui(
      <KeyRouterProvider>
        <Viewer lines={proxy} height={5} />
      </KeyRouterProvider>,
    );
    await tui.waitFor('line 4');
    tui.press('G');
    const frame = stripAnsi(await tui.waitFor('line 49999'));
    expect(frame.split('\n')).toEqual(['line 49995', 'line 49996', 'line 49997', 'line 49998', 'line 49999']);
    expect(sanitized).toBeLessThan(100);
  });

  test('diff lines keep their +/- meaning', () => {
    expect(diffTone('+ accept tcp 443')).toBe('ok');
    expect(diffTone('- drop any')).toBe('danger');
    expect(diffTone('@@ web @@')).toBe('accent');
    expect(diffTone('  context')).toBeUndefined();
  });
});
