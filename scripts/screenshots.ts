// `npm run screenshots`: drives the built console in a real pseudo-terminal
// against a simulator of the demo site (the e2e harness), and writes one SVG
// per main view and wizard into screenshots/, rendered from the terminal's
// cells with their colours. A view that does not exist in this build is
// reported and skipped; run again when it lands.
//   node --import tsx scripts/screenshots.ts [--only NAME[,NAME]] [--out DIR]
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {parseArgs} from 'node:util';
import {runVseg} from '../test/e2e/cli.js';
import {actionKey, command, openConsole, selectRow, viewPending} from '../test/e2e/console.js';
import {REPO, startTerminal, type TerminalSession} from '../test/e2e/harness.js';
import {startProxy} from '../test/e2e/proxy.js';
import {startSiteProcess, type SiteProcess} from '../test/e2e/site-process.js';
import {ARTICLE_CONTRACTS} from '../source/session/demo-contracts.js';
import {contractsFile} from '../source/store/contracts.js';
import {vsegPaths} from '../source/store/paths.js';
import {renderSvg} from './screenshot-svg.js';
import {TOUR, type Shot} from './screenshot-tour.js';

const {values} = parseArgs({
  options: {only: {type: 'string'}, out: {type: 'string'}, cols: {type: 'string'}, rows: {type: 'string'}},
});
const outDir = values.out ?? join(REPO, 'screenshots');
const only = values.only?.split(',');
const COLS = Number(values.cols ?? 110);
const ROWS = Number(values.rows ?? 30);

// The machine's own keyring (the harness turns it off for tests).
const KEYRING = {VSEG_KEYRING: undefined};

async function freePortOr(port: number): Promise<number> {
  const {createServer} = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(0));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(port)));
  });
}

/** 'written', or why the shot was not. */
async function shoot(site: SiteProcess, home: string, shot: Shot): Promise<string> {
  let proxyUrl: string | undefined;
  let cut: (() => Promise<void>) | undefined;
  if (shot.offline) {
    const proxy = await startProxy(site.url, await freePortOr(18444));
    await proxy.cut();
    proxyUrl = proxy.url;
    cut = () => proxy.close();
  }
  const args = shot.firstRun
    ? []
    : proxyUrl
      ? ['--url', proxyUrl, '--user', site.user, '--fingerprint', site.fingerprint, '--timeout', '2']
      : ['--profile', 'lab'];
  // Offline there is no profile: the password comes from the environment.
  const env = proxyUrl ? site.env() : KEYRING;
  const firstHome = shot.firstRun ? mkdtempSync(join(tmpdir(), 'vseg-shots-first-')) : undefined;
  const t: TerminalSession = startTerminal({
    args: [...args, ...(shot.args ?? [])],
    home: firstHome ?? home,
    cols: shot.cols ?? COLS,
    rows: shot.rows ?? ROWS,
    env: {...env, ...shot.env},
  });
  try {
    if (!shot.offline && !shot.firstRun) await openConsole(t);
    const result = await shot.drive(t, {command, actionKey, selectRow}, site);
    if (result !== undefined) return result;
    if (viewPending(t.screen())) return 'not available in this build';
    await t.settle();
    const svg = renderSvg(t.cells(), {title: `vseg — ${shot.title}`});
    writeFileSync(join(outDir, `${shot.name}.svg`), svg);
    return 'written';
  } catch (error) {
    return `failed: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    await t.close();
    await cut?.();
    if (firstHome) rmSync(firstHome, {recursive: true, force: true});
  }
}

mkdirSync(outDir, {recursive: true});
const home = mkdtempSync(join(tmpdir(), 'vseg-shots-'));
const site = await startSiteProcess({seed: 'demo', port: await freePortOr(18443)});
try {
  // A saved profile with its password in the keyring, as an operator has it:
  // the header reads "lab@host". `vseg logout` removes the secret at the end.
  const login = await runVseg(['login', '--profile', 'lab', ...site.args()], {home, env: {...site.env(), ...KEYRING}});
  if (login.code !== 0) throw new Error(`vseg login failed: ${login.stderr}`);
  // The article's contracts saved for the profile, as the wizards or an operator leave them.
  const contracts = contractsFile(vsegPaths({HOME: home, XDG_CONFIG_HOME: join(home, '.config')}), 'lab');
  mkdirSync(dirname(contracts), {recursive: true});
  writeFileSync(contracts, ARTICLE_CONTRACTS);
  const report: string[] = [];
  for (const shot of TOUR) {
    if (only && !only.includes(shot.name)) continue;
    const outcome = await shoot(site, home, shot);
    report.push(
      `${outcome === 'written' ? '✓' : '·'} ${shot.name.padEnd(22)} ${outcome === 'written' ? join('screenshots', `${shot.name}.svg`) : outcome}`,
    );
    console.log(report.at(-1));
  }
  const written = report.filter((l) => l.startsWith('✓')).length;
  console.log(`${written} of ${report.length} screenshots written to ${outDir} (${COLS}×${ROWS})`);
} finally {
  await runVseg(['logout', '--profile', 'lab'], {home, env: KEYRING}).catch(() => undefined);
  await site.close();
  rmSync(home, {recursive: true, force: true});
}
