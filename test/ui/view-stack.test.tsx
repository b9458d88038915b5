// A view below the top of the stack is not drawn, so the shell's state
// changes (status messages, operations, polls) must not re-render it; it
// renders with the current state as soon as it is on top again.
import {Text} from 'ink';
import {describe, expect, test} from 'vitest';
import {useActionHandler} from '../../source/ui/actions/bus.js';
import {createMemoryModel} from '../../source/session/memory-model.js';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {defineView, type AnyViewDef, type ViewProps} from '../../source/ui/app/views.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {renderTui} from './harness.js';

describe('view stack', () => {
  test('hidden views do not re-render when the shell state changes', async () => {
    const renders = {below: 0, top: 0};
    const counting = (name: 'below' | 'top') =>
      function Counting({state, shell}: ViewProps<undefined>) {
        renders[name]++;
        useActionHandler('app.open', () => shell.push('top'), {isActive: name === 'below'});
        return <Text>{`${name.toUpperCase()} ${state.status?.text ?? ''}`}</Text>;
      };
    const views: AnyViewDef[] = [
      defineView({id: 'below', title: 'below', command: 'below', render: counting('below')}),
      defineView({id: 'top', title: 'top', render: counting('top')}),
    ];
    const model = createMemoryModel({profile: 'lab', host: 'h', connection: {kind: 'connected'}});
    const tui = renderTui(
      <ConsoleApp theme={createTheme({color: false})} model={model} views={views} initialView="below" />,
      {columns: 80, rows: 24},
    );
    try {
      await tui.waitFor('BELOW');
      tui.press('enter');
      await tui.waitFor('TOP');
      const below = renders.below;
      for (let i = 1; i <= 5; i++) {
        model.notify('info', `message ${i}`);
        await tui.waitFor(`TOP message ${i}`);
      }
      expect(renders.below).toBe(below);
      expect(renders.top).toBeGreaterThanOrEqual(6);
      tui.press('escape');
      await tui.waitFor('BELOW message 5');
    } finally {
      tui.unmount();
    }
  });
});
