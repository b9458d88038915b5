import {describe, expect, test, vi} from 'vitest';
import {Form} from '../../source/ui/components/form/Form.js';
import type {FieldDef} from '../../source/ui/components/form/fields.js';
import {KeyRouterProvider} from '../../source/ui/keys/context.js';
import {renderTui, stripAnsi} from './harness.js';

const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

const fields: FieldDef[] = [
  {kind: 'text', name: 'name', label: 'Name', validate: (v) => (v.trim() ? undefined : 'required')},
  {kind: 'text', name: 'source', label: 'Source', validate: (v) => (CIDR.test(v) ? undefined : 'not a CIDR')},
  {
    kind: 'number',
    name: 'port',
    label: 'Port',
    min: 1,
    max: 65535,
    integer: true,
    validate: (v, all) => (v === undefined && all['protocol'] !== 'any' ? 'required for tcp/udp' : undefined),
  },
  {
    kind: 'select',
    name: 'protocol',
    label: 'Protocol',
    options: [
      {value: 'tcp', label: 'TCP'},
      {value: 'udp', label: 'UDP'},
      {value: 'any', label: 'any'},
    ],
  },
  {kind: 'toggle', name: 'enabled', label: 'Enabled', initial: true},
  {kind: 'secret', name: 'psk', label: 'Pre-shared key'},
  {
    kind: 'picker',
    name: 'network',
    label: 'Network',
    items: [
      {value: '1', label: 'web', detail: '10.0.1.0/24'},
      {value: '2', label: 'db', detail: '10.0.2.0/24'},
      {value: '3', label: 'mgmt', detail: '10.0.3.0/24'},
    ],
    validate: (v) => (v ? undefined : 'choose a network'),
  },
];

function mount(onSubmit = vi.fn(), onCancel = vi.fn()) {
  const tui = renderTui(
    <KeyRouterProvider>
      <Form fields={fields} onSubmit={onSubmit} onCancel={onCancel} width={80} height={14} title="New rule" />
    </KeyRouterProvider>,
  );
  return {tui, onSubmit, onCancel};
}

describe('Form', () => {
  test('validates inline as the user types', async () => {
    const {tui} = mount();
    await tui.waitFor('New rule');
    tui.press('tab');
    tui.type('10.0.0');
    await tui.waitFor('not a CIDR');
    tui.type('.0/8');
    await tui.waitFor((f) => !stripAnsi(f).includes('not a CIDR') && stripAnsi(f).includes('10.0.0.0/8'));
    tui.press('tab');
    tui.type('80x');
    await tui.waitFor('must be a number');
    tui.press('backspace');
    await tui.waitFor((f) => !stripAnsi(f).includes('must be a number'));
    tui.unmount();
  });

  test('refuses to submit while invalid and moves focus to the first invalid field', async () => {
    const {tui, onSubmit} = mount();
    await tui.waitFor('New rule');
    tui.press('ctrl+s');
    const frame = stripAnsi(await tui.waitFor('Fix 4 fields'));
    expect(frame).toContain('required');
    expect(frame).toMatch(/› Name/);
    expect(onSubmit).not.toHaveBeenCalled();
    tui.type('allow-web');
    tui.press('tab');
    tui.type('10.0.0.0/8');
    tui.press('ctrl+s');
    await tui.waitFor((f) => /› Port/.test(stripAnsi(f)) && stripAnsi(f).includes('Fix 2 fields'));
    expect(onSubmit).not.toHaveBeenCalled();
    tui.unmount();
  });

  test('submits parsed values once every field is valid; picker is searchable', async () => {
    const {tui, onSubmit} = mount();
    await tui.waitFor('New rule');
    tui.type('allow-web');
    tui.press('tab');
    tui.type('10.0.0.0/8');
    tui.press('tab');
    tui.type('443');
    tui.press('tab', 'right', 'tab', 'space', 'tab');
    tui.type('s3cret');
    tui.press('tab', 'enter');
    await tui.waitFor('Choose Network');
    tui.type('mg');
    await tui.waitFor((f) => stripAnsi(f).includes('1 match'));
    tui.press('enter');
    await tui.waitFor('mgmt ▾');
    expect(onSubmit).not.toHaveBeenCalled();
    tui.press('enter');
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'allow-web',
      source: '10.0.0.0/8',
      port: 443,
      protocol: 'udp',
      enabled: false,
      psk: 's3cret',
      network: '3',
    });
    tui.unmount();
  });

  test('a masked field never renders its value', async () => {
    const {tui} = mount();
    await tui.waitFor('New rule');
    tui.press('tab', 'tab', 'tab', 'tab', 'tab');
    tui.type('hunter2');
    tui.paste('more-secret');
    await tui.waitFor('••••••••');
    for (const frame of tui.stdout.frames) {
      expect(frame).not.toContain('hunter2');
      expect(frame).not.toContain('more-secret');
      expect(frame).not.toContain('hunter');
    }
    tui.unmount();
  });

  test('Esc cancels at once when pristine and asks first when dirty', async () => {
    const pristine = mount();
    await pristine.tui.waitFor('New rule');
    pristine.tui.press('escape');
    await vi.waitFor(() => expect(pristine.onCancel).toHaveBeenCalled());
    pristine.tui.unmount();

    const dirty = mount();
    await dirty.tui.waitFor('New rule');
    dirty.tui.type('x');
    await dirty.tui.waitFor('› Name');
    dirty.tui.press('escape');
    await dirty.tui.waitFor('Discard your changes?');
    expect(dirty.onCancel).not.toHaveBeenCalled();
    dirty.tui.press('n');
    await dirty.tui.waitFor((f) => !stripAnsi(f).includes('Discard'));
    dirty.tui.press('escape');
    await dirty.tui.waitFor('Discard your changes?');
    dirty.tui.press('y');
    await vi.waitFor(() => expect(dirty.onCancel).toHaveBeenCalledTimes(1));
    dirty.tui.unmount();
  });
});

describe('a checkbox and typed text (#14 item 5)', () => {
  test('text typed at it never switches it; the note stays for the whole run; Space and Enter switch it', async () => {
    const {formKey, initialFormState} = await import('../../source/ui/components/form/form-state.js');
    const {keyEvent} = await import('../../source/ui/keys/names.js');
    const defs: FieldDef[] = [{kind: 'toggle', name: 'deny', label: 'Default deny', initial: true}];
    let state = initialFormState(defs);
    for (const ch of 'web to db') state = formKey(state, keyEvent(ch === ' ' ? 'space' : ch), defs, 5)!.state;
    expect(state.raws[0]).toBe(true);
    expect(state.note).toBe('Default deny is not a text field: Space or Enter switches it; Tab moves on');
    state = formKey(state, keyEvent('left'), defs, 5)!.state;
    expect(state.note).toBeUndefined();
    expect(state.raws[0]).toBe(true);
    state = formKey(state, keyEvent('space'), defs, 5)!.state;
    expect(state.raws[0]).toBe(false);
    expect(state.note).toBe('Default deny: now off');
    state = formKey(state, keyEvent('enter'), defs, 5)!.state;
    expect(state.raws[0]).toBe(true);
    expect(state.note).toBe('Default deny: now on');
  });
});
