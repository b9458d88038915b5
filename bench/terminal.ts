// Figures taken from the outside, with the bundled console in a real
// pseudo-terminal (the e2e harness) against a simulator process: start to
// first frame, keystroke to frame, bytes per cursor move, resident memory.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer, type AddressInfo, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {selectRow, viewPending} from '../test/e2e/console.js';
import {startTerminal, type TerminalSession} from '../test/e2e/harness.js';
import {startSiteProcess, type SiteProcess} from '../test/e2e/site-process.js';
import {median, round} from './site-load.js';

const HEADER = (s: string[]) => /^vseg\b/.test(s[0] ?? '');
const CONNECTED = (s: string[]) => /connected/.test(s[0] ?? '');

/** Resolves once the child has written nothing for `ms` (the frame is complete). */
export function quiet(t: TerminalSession, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let last = t.bytesWritten();
    const tick = () => {
      const now = t.bytesWritten();
      if (now === last) return resolve();
      last = now;
      setTimeout(tick, ms);
    };
    setTimeout(tick, ms);
  });
}

export interface StartFigures {
  runs: number;
  firstFrameMs: number;
  /** `vseg --version` from spawn to exit: Node plus loading the bundle, no console. */
  versionMs: number;
  /** Until the networks are listed (sign-in and the bulk load included). */
  firstDataMs: number;
  /** `node -e 0` from spawn to exit in the same pty, interleaved with the runs above: the machine's floor. */
  bareNodeMs: number;
  /** First frame ÷ bare Node, median of the per-run ratios (each run against the bare start next to it). */
  frameRatio: number;
  samples: number[];
}

export async function benchStart(runs = 15): Promise<StartFigures> {
  const site = await startSiteProcess({seed: 'demo'});
  // One operator, one HOME: the launcher's compile cache (~/.cache/vseg) is
  // warm after the first start, as it is on a jump host.
  const home = mkdtempSync(join(tmpdir(), 'vseg-bench-home-'));
  try {
    const frames: number[] = [];
    const data: number[] = [];
    const versions: number[] = [];
    const bare: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      // The same Node the launcher execs (first on the PATH the pty gets), doing nothing.
      const n0 = performance.now();
      const n = startTerminal({command: 'node', args: ['-e', '0'], home, cols: 120, rows: 30});
      await n.exited;
      const bareMs = performance.now() - n0;
      await n.close();
      const started = performance.now();
      const t = startTerminal({args: site.args(), env: site.env(), cols: 120, rows: 30, home});
      try {
        await t.waitFor(HEADER, 10_000);
        const frame = performance.now() - started;
        await t.waitFor((s) => CONNECTED(s) && /\bweb\b/.test(s.join('\n')), 10_000);
        // The first two runs warm the file cache and the simulator.
        if (i >= 2) {
          frames.push(frame);
          data.push(performance.now() - started);
          bare.push(bareMs);
          ratios.push(frame / bareMs);
        }
      } finally {
        await t.close();
      }
      const v0 = performance.now();
      const v = startTerminal({args: ['--version'], home, cols: 120, rows: 30});
      await v.exited;
      if (i >= 2) versions.push(performance.now() - v0);
      await v.close();
    }
    return {
      runs,
      firstFrameMs: round(median(frames)),
      firstDataMs: round(median(data)),
      versionMs: round(median(versions)),
      bareNodeMs: round(median(bare)),
      frameRatio: round(median(ratios), 2),
      samples: frames.map((f) => round(f)),
    };
  } finally {
    rmSync(home, {recursive: true, force: true});
    await site.close();
  }
}

export interface FirstOpenFigures {
  runs: number;
  /** `:lint` Enter → its findings on screen, the first time in a console connected a second earlier. */
  lintMs: number;
  samples: number[];
}

/**
 * The first opening of an analysis view, whose code loads when it is first
 * opened (lazyViewOnOpen): the price of not preloading it. The console is
 * connected to the demo site and left a second — time for any preload to
 * have finished — before `:lint` is typed.
 */
export async function benchFirstOpen(runs = 7): Promise<FirstOpenFigures> {
  const site = await startSiteProcess({seed: 'demo'});
  const home = mkdtempSync(join(tmpdir(), 'vseg-bench-home-'));
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t = startTerminal({args: site.args(), env: site.env(), cols: 160, rows: 40, home});
      try {
        await t.waitFor((s) => CONNECTED(s) && /\bweb\b/.test(s.join('\n')), 10_000);
        await quiet(t, 1000);
        t.write(':lint');
        await t.waitFor(/:lint/, 5000);
        const started = performance.now();
        t.key('enter');
        await t.waitFor(/SEVERITY\s+CODE/, 10_000);
        // The first run warms the file cache and the compile cache.
        if (i >= 1) samples.push(performance.now() - started);
      } finally {
        await t.close();
      }
    }
    return {runs, lintMs: round(median(samples)), samples: samples.map((x) => round(x))};
  } finally {
    rmSync(home, {recursive: true, force: true});
    await site.close();
  }
}

export interface KeystrokeFigures {
  seed: string;
  rules: number;
  /** Which view the cursor moved in. */
  view: string;
  /** Enter on the network until its rules are on screen. */
  openMs: number;
  moves: number;
  medianMs: number;
  p95Ms: number;
  medianBytes: number;
}

/**
 * Opens the rules view of the seed's first network (or stays on networks
 * when the build has no rules view); returns the view and how long the
 * Enter took to show the rules.
 */
export async function openRules(t: TerminalSession, network: string): Promise<{view: string; openMs: number}> {
  await selectRow(t, new RegExp(`^${network}\\b`));
  const crumb = t.screen()[1];
  const started = performance.now();
  t.key('enter');
  const screen = await t.waitFor((s) => s[1] !== crumb || viewPending(s), 60_000).catch(() => undefined);
  if (!screen || viewPending(screen)) return {view: 'networks', openMs: NaN};
  await t.waitFor(/rule-0000[1-9]/, 60_000);
  return {view: 'rules', openMs: round(performance.now() - started)};
}

const CURSOR = /^[›>]/;
const cursorRow = (screen: string[]) => screen.findIndex((l, y) => y > 0 && CURSOR.test(l));

/** Writes one cursor key and returns the ms until the cursor row moved or changed on screen. */
export async function moveCursor(t: TerminalSession, key: 'j' | 'k'): Promise<number> {
  const before = cursorRow(t.screen());
  const text = t.screen()[before];
  const started = performance.now();
  t.write(key);
  await t.waitFor((s) => {
    const y = cursorRow(s);
    return y !== before || s[y] !== text;
  }, 5000);
  return performance.now() - started;
}

export async function benchKeystroke(rules: number, moves = 60, cols = 200, rows = 50): Promise<KeystrokeFigures> {
  const seed = `scale:1:${rules}`;
  const site = await startSiteProcess({seed});
  const t = startTerminal({args: site.args(), env: site.env(), cols, rows});
  try {
    await t.waitFor((s) => CONNECTED(s) && /net-0001/.test(s.join('\n')), 30_000);
    const {view, openMs} = await openRules(t, 'net-0001');
    await quiet(t, 300);
    const times: number[] = [];
    const bytes: number[] = [];
    // In the networks view the cursor sits on the last of two rows: up, down, up…
    // In the rules view: 20 down, 20 up.
    const span = view === 'rules' ? 20 : 1;
    const first = view === 'rules' ? 0 : 1;
    for (let i = 0; i < moves + 10; i++) {
      const down = Math.floor(i / span) % 2 === first;
      t.resetBytes();
      const elapsed = await moveCursor(t, down ? 'j' : 'k');
      // Past the render throttle and the end of the frame: every byte of this move counted.
      await quiet(t, 40);
      if (i >= 10) {
        times.push(elapsed);
        bytes.push(t.bytesWritten());
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      seed,
      rules,
      view,
      openMs,
      moves,
      medianMs: round(median(times), 2),
      p95Ms: round(sorted[Math.floor(sorted.length * 0.95)], 2),
      medianBytes: median(bytes),
    };
  } finally {
    await t.close();
    await site.close();
  }
}

export interface MemoryFigures {
  seed: string;
  rssMb: number;
  peakRssMb: number;
  loadedMs: number;
  view: string;
  /** The same console before the site answers (nothing loaded). */
  emptyRssMb: number;
  /** Of emptyRssMb, pages mapped from files (Node's own binary, mostly): the part no code of vseg's allocates. */
  emptyFileMb: number;
  /** `node -e 0`'s RSS on this machine, for scale. */
  bareNodeRssMb: number;
  /** With the site loaded, before opening the rules view. */
  networksRssMb: number;
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssFile'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

export async function benchMemory(seed = 'scale:200:10000'): Promise<MemoryFigures> {
  // The console alone: a site that never answers. A listener that takes the
  // connection and says nothing (a refused or fetch-blocked port would fail at
  // once and put the console in its offline countdown, which redraws every second).
  const held = new Set<Socket>();
  const silent = createServer((socket) => void held.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  const idle = startTerminal({
    args: ['--url', `https://127.0.0.1:${port}`, '--user', 'nobody', '--timeout', '60'],
    env: {VSEG_PASSWORD: 'unused'},
    cols: 200,
    rows: 50,
  });
  let emptyRssMb: number;
  let emptyFileMb: number;
  try {
    await idle.waitFor(HEADER, 10_000);
    await quiet(idle, 1000);
    emptyRssMb = statusMb(idle.pid, 'VmRSS');
    emptyFileMb = statusMb(idle.pid, 'RssFile');
  } finally {
    await idle.close();
    for (const socket of held) socket.destroy();
    silent.close();
  }
  const site: SiteProcess = await startSiteProcess({seed});
  const t = startTerminal({args: site.args(), env: site.env(), cols: 200, rows: 50});
  try {
    const started = performance.now();
    await t.waitFor((s) => CONNECTED(s) && /net-0001/.test(s.join('\n')), 60_000);
    const loadedMs = performance.now() - started;
    await quiet(t, 1000);
    const networksRssMb = statusMb(t.pid, 'VmRSS');
    // The rules of one network on screen too, when the build has the view.
    const {view} = await openRules(t, 'net-0001');
    await quiet(t, 500);
    return {
      seed,
      rssMb: statusMb(t.pid, 'VmRSS'),
      peakRssMb: statusMb(t.pid, 'VmHWM'),
      loadedMs: round(loadedMs),
      view,
      emptyRssMb,
      emptyFileMb,
      bareNodeRssMb: bareNodeRss(),
      networksRssMb,
    };
  } finally {
    await t.close();
    await site.close();
  }
}

/** RSS of `node -e 0` (the Node the launcher runs) just before it exits. */
function bareNodeRss(): number {
  const script =
    "const s=require('fs').readFileSync('/proc/self/status','utf8');console.log(/VmRSS:\\s+(\\d+)/.exec(s)[1])";
  const out = execFileSync('node', ['-e', script], {encoding: 'utf8'});
  return round(Number(out.trim()) / 1024);
}

/**
 * Round trip of one key through the pty and the terminal emulator to a program
 * that only echoes it (cat): the harness's own share of every keystroke figure.
 */
export async function benchEcho(runs = 60): Promise<number> {
  const t = startTerminal({command: '/bin/cat', args: [], cols: 200, rows: 50});
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const before = t.bytesWritten();
      const started = performance.now();
      t.write('j');
      await t.waitFor(() => t.bytesWritten() > before);
      times.push(performance.now() - started);
    }
    return round(median(times), 2);
  } finally {
    await t.close();
  }
}
