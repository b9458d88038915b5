// Views whose code loads after the first frame (lazyView): a view opened once
// preloadViews has run draws on its very first frame; one opened before shows
// nothing in its place until its module is in, then draws (no Suspense hold-back); each module loads once.
// A view declared to load on open (lazyViewOnOpen) is left out of the preload,
// and the shell preloads only once the console is signed in (online).
import {Text} from 'ink';
import {describe, expect, test} from 'vitest';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {createMemoryModel} from '../../source/session/memory-model.js';
import {lazyView, lazyViewOnOpen, preloadViews, type ViewProps} from '../../source/ui/app/views.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {renderTui, stripAnsi} from './harness.js';
import {waitUntil} from '../support/wait.js';

function Body(_props: ViewProps<undefined>) {
  return <Text>LAZY BODY</Text>;
}

function mount(
  view: ReturnType<typeof lazyView<undefined>>,
  model = connectedModel(),
  others: ReturnType<typeof lazyView<undefined>>[] = [],
) {
  return renderTui(
    <ConsoleApp
      theme={createTheme({color: false})}
      model={model}
      views={[view, ...others]}
      initialView={view.id}
      clock={() => 1_000_000}
    />,
    {columns: 80, rows: 24},
  );
}

function connectedModel(connection: 'connected' | 'connecting' = 'connected') {
  return createMemoryModel({profile: 'lab', host: '10.0.0.5', version: '26.1', connection: {kind: connection}});
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

  test('a view that loads on open is not preloaded, and loads once when it is first drawn', async () => {
    let loads = 0;
    const view = lazyViewOnOpen<undefined>({id: 'lazy.on-open', title: 'on open'}, () => {
      loads++;
      return Promise.resolve(Body);
    });
    await preloadViews();
    expect(loads).toBe(0);
    const tui = mount(view);
    try {
      await tui.waitFor('LAZY BODY');
      await preloadViews();
      expect(loads).toBe(1);
    } finally {
      tui.unmount();
    }
  });

  test('the shell preloads the views once the console is online, not before', async () => {
    let loads = 0;
    const shown = lazyView<undefined>({id: 'lazy.shown', title: 'shown'}, () => Promise.resolve(Body));
    const later = lazyView<undefined>({id: 'lazy.later', title: 'later'}, () => {
      loads++;
      return Promise.resolve(Body);
    });
    const model = connectedModel('connecting');
    const tui = mount(shown, model, [later]);
    try {
      await tui.waitFor('LAZY BODY');
      // A preload is a zero-delay timer set when the view is drawn, whose loader
      // starts on the next turn: a timer set now fires after it, then two turns.
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(loads).toBe(0);
      model.update({connection: {kind: 'connected'}});
      await waitUntil(() => loads === 1);
    } finally {
      tui.unmount();
    }
  });
});
