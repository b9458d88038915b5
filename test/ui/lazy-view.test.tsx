// Views whose code loads after the first frame (lazyView): a view opened once
// preloadViews has run draws on its very first frame; one opened before shows
// nothing in its place until its module is in, then draws; each module loads once.
import {Text} from 'ink';
import {describe, expect, test} from 'vitest';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {createMemoryModel} from '../../source/session/memory-model.js';
import {lazyView, preloadViews, type ViewProps} from '../../source/ui/app/views.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {renderTui, stripAnsi} from './harness.js';

function Body(_props: ViewProps<undefined>) {
  return <Text>LAZY BODY</Text>;
}

function mount(view: ReturnType<typeof lazyView<undefined>>) {
  const model = createMemoryModel({profile: 'lab', host: '10.0.0.5', version: '26.1', connection: {kind: 'connected'}});
  return renderTui(
    <ConsoleApp
      theme={createTheme({color: false})}
      model={model}
      views={[view]}
      initialView={view.id}
      clock={() => 1_000_000}
    />,
    {columns: 80, rows: 24},
  );
}

describe('lazy views', () => {
  test('once preloaded, a view draws on the first frame that shows it', async () => {
    let loads = 0;
    const view = lazyView<undefined>({id: 'lazy.preloaded', title: 'preloaded'}, () => {
      loads++;
      return Promise.resolve(Body);
    });
    await preloadViews();
    const tui = mount(view);
    try {
      await tui.waitFor('LAZY BODY');
      const first = tui.stdout.frames.map(stripAnsi).find((f) => f.includes('preloaded'));
      expect(first).toContain('LAZY BODY');
      expect(loads).toBe(1);
    } finally {
      tui.unmount();
    }
  });

  test('opened before its module is in, it draws as soon as the module arrives', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let loads = 0;
    const view = lazyView<undefined>({id: 'lazy.slow', title: 'slow'}, async () => {
      loads++;
      await gate;
      return Body;
    });
    const tui = mount(view);
    try {
      await tui.waitFor('slow');
      expect(stripAnsi(tui.lastFrame())).not.toContain('LAZY BODY');
      release();
      await tui.waitFor('LAZY BODY');
      await preloadViews();
      expect(loads).toBe(1);
    } finally {
      tui.unmount();
    }
  });
});
