import {describe, expect, test, vi} from 'vitest';
import {ConfirmDialog, type ConfirmOptions} from '../../source/ui/components/confirm/ConfirmDialog.js';
import {confirmKey, initialConfirmState} from '../../source/ui/components/confirm/confirm-state.js';
import {KeyRouterProvider} from '../../source/ui/keys/context.js';
import {keyEvent} from '../../source/ui/keys/names.js';
import {frameSize, renderTui, stripAnsi} from './harness.js';

function mount(options: Partial<ConfirmOptions> & {width?: number; height?: number} = {}) {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  const tui = renderTui(
    <KeyRouterProvider>
      <ConfirmDialog
        title="Delete rule allow-web?"
        message="The rule is removed from network web."
        calls={[
          {method: 'DELETE', path: '/api/v4/vnet_rules/42'},
          {method: 'post', path: '/api/v4/vnet_actions', body: {vnet: 3, action: 'refresh'}},
        ]}
        confirmLabel="Delete"
        triggerKey="d"
        dangerous
        width={80}
        height={16}
        onConfirm={onConfirm}
        onCancel={onCancel}
        {...options}
      />
    </KeyRouterProvider>,
  );
  return {tui, onConfirm, onCancel};
}

describe('Confirm dialog', () => {
  test('shows the exact API calls and focuses Cancel by default', async () => {
    const {tui, onConfirm, onCancel} = mount();
    const frame = stripAnsi(await tui.waitFor('Delete rule allow-web?'));
    expect(frame).toContain('DELETE /api/v4/vnet_rules/42');
    expect(frame).toContain('POST /api/v4/vnet_actions  {"vnet":3,"action":"refresh"}');
    expect(frame).toContain('›[ Cancel ]');
    expect(frameSize(frame).lines).toBeLessThanOrEqual(16);
    tui.press('enter');
    await vi.waitFor(() => expect(onCancel).toHaveBeenCalledTimes(1));
    expect(onConfirm).not.toHaveBeenCalled();
    tui.unmount();
  });

  test('the trigger key never confirms, wherever the focus is', async () => {
    const {tui, onConfirm, onCancel} = mount();
    await tui.waitFor('Delete rule');
    tui.press('d', 'd');
    await tui.settle();
    expect(stripAnsi(tui.lastFrame())).toContain('›[ Cancel ]');
    tui.press('tab');
    await tui.waitFor('›[ Delete ]');
    tui.press('d', 'd', 'd');
    tui.press('y', 'space');
    await tui.settle();
    expect(onConfirm).not.toHaveBeenCalled();
    expect(onCancel).not.toHaveBeenCalled();
    tui.press('enter');
    await vi.waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));
    tui.unmount();
  });

  test('typed-name mode needs the exact name', async () => {
    const {tui, onConfirm} = mount({typeToConfirm: 'allow-web'});
    await tui.waitFor('Type allow-web to confirm');
    tui.press('enter');
    await tui.waitFor('Type allow-web exactly to confirm');
    tui.type('allow-we');
    tui.press('enter', 'tab', 'enter');
    await tui.waitFor('exactly to confirm');
    expect(onConfirm).not.toHaveBeenCalled();
    // A refused confirm puts the focus back on the name.
    tui.type('b');
    tui.press('enter');
    await vi.waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));
    tui.unmount();
  });

  test('a long name to type is shown whole, never cut', async () => {
    const name = `Allow HTTP/HTTPS from the partner networks-copy-${'x'.repeat(60)}`;
    const {tui} = mount({typeToConfirm: name});
    const frame = stripAnsi(await tui.waitFor('to confirm:'));
    // Rejoin the dialog's lines: the name must appear in full.
    const joined = frame
      .split('\n')
      .map((l) => l.replace(/^\s*[│|]\s?/, '').replace(/\s*[│|]\s*$/, ''))
      .join('');
    expect(joined).toContain(`Type ${name} to confirm:`);
    expect(frameSize(frame).lines).toBeLessThanOrEqual(16);
    expect(frameSize(frame).widest).toBeLessThanOrEqual(80);
    tui.unmount();
  });

  test('Esc cancels; Ctrl+C is left to the console', () => {
    const rules = {triggerKey: 'd'};
    const state = initialConfirmState(rules);
    expect(state.focus).toBe('cancel');
    expect(confirmKey(state, keyEvent('escape'), rules)?.effect).toBe('cancel');
    expect(confirmKey(state, keyEvent('ctrl+c'), rules)).toBeUndefined();
    expect(initialConfirmState({typeToConfirm: 'x'}).focus).toBe('input');
  });

  test('from the typed name, Tab goes to the confirm button, not Cancel (#14)', async () => {
    const {tui, onConfirm, onCancel} = mount({typeToConfirm: 'web'});
    await tui.waitFor('Type web to confirm');
    tui.type('web');
    tui.press('tab');
    await tui.waitFor('›[ Delete ]');
    tui.press('enter');
    await vi.waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));
    expect(onCancel).not.toHaveBeenCalled();
    tui.unmount();
  });

  test('uses the width of a wide terminal and wraps what it would have cut (#14 item 7)', async () => {
    const warning =
      `Restarts web: traffic through it stops for a moment. ${'The mirror network appears afterwards. '.repeat(4)}`.trim();
    const body = {vnet: 3, action: 'refresh', params: {note: 'x'.repeat(150)}};
    const {tui} = mount({
      width: 160,
      height: 30,
      message: warning,
      calls: [{method: 'post', path: '/api/v4/vnet_actions', body}],
    });
    const frame = stripAnsi(await tui.waitFor('This sends:'));
    expect(frameSize(frame).widest).toBeGreaterThan(120);
    expect(frame).not.toContain('…');
    const joined = frame
      .split('\n')
      .map((l) =>
        l
          .replace(/^\s*[│|]\s?/, '')
          .replace(/\s*[│|]\s*$/, '')
          .trim(),
      )
      .join(' ');
    expect(joined.replace(/\s+/g, ' ')).toContain(warning);
    expect(joined.replace(/\s+/g, '')).toContain(JSON.stringify(body));
    tui.unmount();
  });

  test('a long call list scrolls instead of being cut (#14 item 7)', async () => {
    const calls = Array.from({length: 30}, (_, i) => ({
      method: 'post',
      path: `/api/v4/vnet_rules`,
      body: {name: `rule-${i}`},
    }));
    const {tui} = mount({width: 80, height: 16, calls});
    await tui.waitFor('more below');
    expect(stripAnsi(tui.lastFrame())).not.toContain('rule-29');
    tui.press('end');
    await tui.waitFor('rule-29');
    expect(stripAnsi(tui.lastFrame())).toContain('more above');
    tui.press('home');
    await tui.waitFor('This sends:');
    tui.unmount();
  });
});
