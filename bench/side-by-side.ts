// Two or more builds of the console measured alternately, in the same minutes:
// on a shared machine a figure moves with the load, so a change is only
// measured against the build before it when both run round by round.
//   npm run build && cp -r dist /tmp/before   # then change, build again
//   node --import tsx bench/side-by-side.ts [--rounds 15] [--memory 5] [--keys 30] /tmp/before dist
// Each argument is a directory holding a built vseg.js (the launcher). Per
// round: a bare `node -e 0`, then each build's first frame (120×30, demo site,
// each build with its own HOME so its compile cache is warm as on a jump
// host); then the idle console's RSS (the bench's benchMemory setting: 200×50,
// a site that never answers); then keystroke → frame in the rules view of
// scale:1:100. Prints medians and the load average before and after.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer, type AddressInfo, type Socket} from 'node:net';
import {loadavg, tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {startTerminal} from '../test/e2e/harness.js';
import {startSiteProcess} from '../test/e2e/site-process.js';
import {median, round} from './site-load.js';
import {moveCursor, openRules, quiet} from './terminal.js';

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {rounds: {type: 'string'}, memory: {type: 'string'}, keys: {type: 'string'}},
});
const rounds = Number(values.rounds ?? 15);
const memoryRounds = Number(values.memory ?? 5);
const keyMoves = Number(values.keys ?? 0);
const builds = positionals.map((dir) => ({
  dir,
  bin: join(resolve(dir), 'vseg.js'),
  home: mkdtempSync(join(tmpdir(), 'vseg-sbs-')),
}));
if (builds.length === 0) throw new Error('usage: side-by-side.ts [--rounds N] [--memory N] [--keys N] DIR…');
const HEADER = (s: string[]) => /^vseg\b/.test(s[0] ?? '');
const load = () => loadavg()[0].toFixed(2);
const log = (text: string) => process.stderr.write(`${text}\n`);

function statusKb(pid: number, field: string): number {
  return Number(
    new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN,
  );
}

const loadBefore = load();
const frames = builds.map(() => [] as number[]);
const ratios = builds.map(() => [] as number[]);
const bare: number[] = [];
const site = await startSiteProcess({seed: 'demo'});
try {
  for (let i = 0; rounds > 0 && i < rounds + 2; i++) {
    const n0 = performance.now();
    const n = startTerminal({command: 'node', args: ['-e', '0'], cols: 120, rows: 30});
    await n.exited;
    const bareMs = performance.now() - n0;
    await n.close();
    // Rotate the order so neither build always runs right after the bare start.
    for (let k = 0; k < builds.length; k++) {
      const b = (i + k) % builds.length;
      const {bin, home} = builds[b];
      const started = performance.now();
      const t = startTerminal({command: bin, args: site.args(), env: site.env(), cols: 120, rows: 30, home});
      try {
        await t.waitFor(HEADER, 10_000);
        const frame = performance.now() - started;
        if (i >= 2) {
          frames[b].push(frame);
          ratios[b].push(frame / bareMs);
        }
        // Let it connect and settle, as a real start would, before ending it.
        await t.waitFor(/connected/, 10_000);
      } finally {
        await t.close();
      }
    }
    if (i >= 2) bare.push(bareMs);
  }
} finally {
  await site.close();
}

const rss = builds.map(() => [] as number[]);
const file = builds.map(() => [] as number[]);
if (memoryRounds > 0) {
  const held = new Set<Socket>();
  const silent = createServer((socket) => void held.add(socket));
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
  const port = (silent.address() as AddressInfo).port;
  try {
    for (let i = 0; i < memoryRounds; i++) {
      for (let k = 0; k < builds.length; k++) {
        const b = (i + k) % builds.length;
        const t = startTerminal({
          command: builds[b].bin,
          args: ['--url', `https://127.0.0.1:${port}`, '--user', 'nobody', '--timeout', '60'],
          env: {VSEG_PASSWORD: 'unused'},
          cols: 200,
          rows: 50,
          home: builds[b].home,
        });
        try {
          await t.waitFor(HEADER, 10_000);
          await quiet(t, 1000);
          rss[b].push(statusKb(t.pid, 'VmRSS') / 1024);
          file[b].push(statusKb(t.pid, 'RssFile') / 1024);
        } finally {
          await t.close();
        }
      }
    }
  } finally {
    for (const socket of held) socket.destroy();
    silent.close();
  }
}

const keys = builds.map(() => [] as number[]);
if (keyMoves > 0) {
  const keySite = await startSiteProcess({seed: 'scale:1:100'});
  try {
    for (let k = 0; k < builds.length; k++) {
      const t = startTerminal({command: builds[k].bin, args: keySite.args(), env: keySite.env(), cols: 200, rows: 50});
      try {
        await t.waitFor((s) => /connected/.test(s[0] ?? '') && /net-0001/.test(s.join('\n')), 30_000);
        await openRules(t, 'net-0001');
        await quiet(t, 300);
        for (let i = 0; i < keyMoves + 10; i++) {
          const ms = await moveCursor(t, Math.floor(i / 20) % 2 === 0 ? 'j' : 'k');
          if (i >= 10) keys[k].push(ms);
          await quiet(t, 40);
        }
      } finally {
        await t.close();
      }
    }
  } finally {
    await keySite.close();
  }
}

log(`load ${loadBefore} → ${load()}; bare node -e 0 median ${round(median(bare))} ms over ${bare.length} rounds`);
builds.forEach((b, k) => {
  const parts = [`${b.dir}:`, `first frame ${round(median(frames[k]))} ms`];
  if (ratios[k].length)
    parts.push(
      `ratio ${round(median(ratios[k]), 2)} × (${round(Math.min(...ratios[k]), 2)}–${round(Math.max(...ratios[k]), 2)})`,
    );
  if (rss[k].length)
    parts.push(
      `idle RSS ${round(median(rss[k]))} MB (file ${round(median(file[k]))}; ${rss[k].map((x) => round(x)).join(' ')})`,
    );
  if (keys[k].length) parts.push(`key ${round(median(keys[k]), 2)} ms`);
  console.log(parts.join('  '));
});
for (const b of builds) rmSync(b.home, {recursive: true, force: true});
