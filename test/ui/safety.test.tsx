import {describe, expect, test} from 'vitest';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {createMemoryModel} from '../../source/session/memory-model.js';
import {createSampleViews, sampleRows} from '../../source/ui/app/sample-view.js';
import {ConfirmView} from '../../source/ui/components/confirm/ConfirmDialog.js';
import {initialConfirmState} from '../../source/ui/components/confirm/confirm-state.js';
import {TextView} from '../../source/ui/components/TextView.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {renderTui} from './harness.js';

// What a hostile network name could carry: an OSC 52 clipboard write, a
// screen clear, a bidi override and a bell.
const EVIL = 'web\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u202eevil\u0007';

// FORCE_COLOR=0 in tests: Ink adds no escapes of its own, so any ESC or BEL
// left in a frame came from the data.
const assertHarmless = (frames: readonly string[]) => {
  for (const frame of frames) {
    expect(frame).not.toContain('\u001b]');
    expect(frame).not.toContain('\u0007');
    expect(frame).not.toContain('\u202e');
    expect(frame.replace(/\u001b\[\?[\d;]+[hl]/g, '')).not.toContain('\u001b');
  }
};

describe('text from the API is rendered harmless', () => {
  test('in table cells, the breadcrumb, details, header and status line', async () => {
    const rows = sampleRows(5).map((r, i) => (i === 0 ? {...r, name: EVIL, description: EVIL} : r));
    const model = createMemoryModel({
      profile: EVIL,
      host: EVIL,
      version: EVIL,
      connection: {kind: 'offline', reason: EVIL},
    });
    const tui = renderTui(
      <ConsoleApp
        theme={createTheme({color: false})}
        model={model}
        views={createSampleViews()}
        initialView="sample"
        initialParams={{rows}}
      />,
    );
    await tui.waitFor('␛]52;c;');
    model.notify('error', `failed: ${EVIL}`);
    await tui.waitFor('failed: web␛');
    tui.press('enter');
    await tui.waitFor('network web␛');
    // The first Esc dismisses the sticky error, the second goes back.
    tui.press('escape');
    await tui.waitFor((f) => !f.includes('failed: web'));
    tui.press('escape');
    await tui.waitFor('NAME');
    expect(tui.stdout.frames.join('')).toContain('API unreachable (web␛]52');
    model.update({connection: {kind: 'connected'}});
    await tui.waitFor((f) => !f.includes('API unreachable'));
    tui.press('d');
    await tui.waitFor('Type web␛');
    tui.unmount();
    assertHarmless(tui.stdout.frames);
  });

  test('in confirm dialogs and text views', async () => {
    const tui = renderTui(
      <>
        <ConfirmView
          title={EVIL}
          message={EVIL}
          calls={[{method: 'DELETE', path: `/api/v4/vnets/${EVIL}`, body: {name: EVIL}}]}
          typeToConfirm={EVIL}
          width={80}
          height={12}
          state={initialConfirmState({typeToConfirm: EVIL})}
        />
        <TextView lines={[EVIL, `+ ${EVIL}`]} width={80} height={2} offset={0} />
      </>,
    );
    await tui.waitFor('␛]52');
    assertHarmless(tui.stdout.frames);
  });
});
