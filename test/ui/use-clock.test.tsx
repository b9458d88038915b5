// Time-dependent text re-renders when its text changes, not at every tick of
// the clock: each render Ink commits lays out and draws a whole frame, and a
// pane title ticking once a second kept an idle console allocating frames.
import {Text} from 'ink';
import {describe, expect, test} from 'vitest';
import {useClockText} from '../../source/ui/app/use-clock.js';
import {renderTui} from './harness.js';
import {waitUntil} from '../support/wait.js';

function probe(text: (now: number) => string) {
  const seen = {ticks: 0, renders: 0};
  // The clock counts its reads: every tick reads it once.
  const clock = () => ++seen.ticks;
  function Probe() {
    seen.renders++;
    return <Text>{useClockText(true, text, clock, 2)}</Text>;
  }
  return {seen, tui: renderTui(<Probe />, {columns: 40, rows: 5})};
}

describe('useClockText', () => {
  test('a text the ticks do not change is rendered once', async () => {
    const {seen, tui} = probe(() => 'no data yet');
    try {
      await tui.waitFor('no data yet');
      await waitUntil(() => seen.ticks >= 20);
      expect(seen.renders).toBe(1);
    } finally {
      tui.unmount();
    }
  });

  test('a text that changes with the time is rendered again as it changes', async () => {
    const {seen, tui} = probe((now) => `tick ${Math.floor(now / 5)}`);
    try {
      await waitUntil(() => seen.ticks >= 20);
      await tui.waitFor(/tick [3-9]/);
      expect(seen.renders).toBeGreaterThan(3);
    } finally {
      tui.unmount();
    }
  });
});
