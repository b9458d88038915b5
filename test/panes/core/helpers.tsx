// A console on the core panes against a real simulator: the live session
// (connect, load, poll, runPlan) in a terminal of known size, through the one
// test console (test/support/console.tsx).
import type {Rule, Site} from '../../../source/domain/model.js';
import {coreCommands, coreViews} from '../../../source/ui/panes/core/index.js';
import {openTestConsole, type TestConsole} from '../../support/console.js';
import {stripAnsi, type Tui} from '../../ui/harness.js';

export type Console = TestConsole;

export interface ConsoleOptions {
  readOnly?: boolean;
  columns?: number;
  rows?: number;
  initialView?: string;
  initialParams?: unknown;
  /** The simulator's seed ('demo' unless given). */
  seed?: string;
}

export function openConsole(options: ConsoleOptions = {}): Promise<Console> {
  return openTestConsole({
    views: coreViews,
    commands: coreCommands,
    sim: {applyDelayMs: 30, powerDelayMs: 30, ...(options.seed ? {seed: options.seed} : {})},
    readOnly: options.readOnly,
    initialView: options.initialView ?? 'networks',
    initialParams: options.initialParams,
    columns: options.columns ?? 120,
    rows: options.rows ?? 30,
  });
}

const selectedLine = (frame: string) =>
  stripAnsi(frame)
    .split('\n')
    .find((l) => l.startsWith('›')) ?? '';

/** Moves the table cursor down from the top to the first row holding `text`. */
export async function selectRow(tui: Tui, text: string): Promise<void> {
  tui.press('g');
  await tui.waitFor((f) => selectedLine(f) !== '');
  for (let i = 0; i < 80; i++) {
    const line = selectedLine(tui.lastFrame());
    if (line.includes(text)) return;
    tui.press('down');
    try {
      await tui.waitFor((f) => selectedLine(f) !== line, 1000);
    } catch {
      break;
    }
  }
  throw new Error(`no row with ${text}; last frame:\n${stripAnsi(tui.lastFrame())}`);
}

export function ruleNamed(site: Site, network: string, name: string): Rule {
  const net = site.networks.find((n) => n.name === network)!;
  const rule = site.rules.find((r) => r.vnet === net.key && r.name === name);
  if (!rule) throw new Error(`no rule ${network}/${name}`);
  return rule;
}
