// The screenshots `npm run screenshots` takes: each starts the console on the
// demo site and drives it by keys to one view, dialog or wizard. A drive
// returns a reason when the build cannot show it yet; nothing else.
import {viewPending, type HelpItem} from '../test/e2e/console.js';
import type {TerminalSession} from '../test/e2e/harness.js';

export interface Helpers {
  command(t: TerminalSession, line: string): Promise<void>;
  actionKey(t: TerminalSession, title: RegExp): Promise<string | undefined>;
  selectRow(t: TerminalSession, match: RegExp): Promise<void>;
}

export interface Shot {
  name: string;
  title: string;
  args?: string[];
  env?: Record<string, string>;
  /** Start against a site that refuses connections. */
  offline?: boolean;
  /** A first run: an empty HOME, no profile, no arguments. */
  firstRun?: boolean;
  /** Terminal size for this shot (default: the run's). */
  cols?: number;
  rows?: number;
  drive(t: TerminalSession, h: Helpers, site: {url: string}): Promise<string | undefined>;
}

export type {HelpItem};

/** Runs `:line` and waits until the view is up (its crumb shows) or the console says it does not exist. */
async function open(t: TerminalSession, h: Helpers, line: string, crumb: RegExp): Promise<string | undefined> {
  await h.command(t, line);
  const screen = await t.waitFor((s) => viewPending(s) || crumb.test(s[1] ?? ''), 10_000);
  if (viewPending(screen)) return 'not available in this build';
  // Let the view's data arrive (its loading line goes away).
  await t.waitForGone(/Loading\b|…loading/i, 10_000).catch(() => undefined);
  return undefined;
}

/** Networks → Enter on a network: its rules. */
async function rulesOf(t: TerminalSession, h: Helpers, network: string): Promise<string | undefined> {
  await h.selectRow(t, new RegExp(`^${network}\\b`));
  const before = t.screen()[1];
  t.key('enter');
  const screen = await t.waitFor((s) => s[1] !== before, 5000).catch(() => undefined);
  if (!screen || !/rules|›\s*\w+\s*›/.test(screen[1] ?? '')) return 'the rules view is not available in this build';
  await t.waitForGone(/Loading\b/i, 10_000).catch(() => undefined);
  // Lint markers arrive a moment after the rows (it runs between keystrokes).
  await t.waitForGone(/checking rules…/, 10_000).catch(() => undefined);
  return undefined;
}

async function viaAction(t: TerminalSession, h: Helpers, title: RegExp, wait: RegExp): Promise<string | undefined> {
  const key = await h.actionKey(t, title);
  if (!key) return `no action ${title} in this view`;
  t.write(key);
  await t.waitFor(wait, 10_000);
  return undefined;
}

const view = (name: string, title: string, line: string, crumb: RegExp): Shot => ({
  name,
  title,
  drive: (t, h) => open(t, h, line, crumb),
});

const WIZARDS = ['topology', 'rules', 'aliases', 'vpn', 'tenants', 'monitor', 'setup'] as const;

export const TOUR: Shot[] = [
  {name: 'networks', title: 'networks', drive: () => Promise.resolve(undefined)},
  {
    name: 'help',
    title: 'help (?)',
    drive: async (t) => {
      t.write('?');
      await t.waitFor(/Keys — /);
      return undefined;
    },
  },
  {name: 'rules', title: 'rules of db', drive: (t, h) => rulesOf(t, h, 'db')},
  {
    name: 'rule-form',
    title: 'new rule',
    drive: async (t, h) =>
      (await rulesOf(t, h, 'db')) ?? viaAction(t, h, /^(New|Create|Add)\b/i, /[Aa]ction|[Pp]rotocol/),
  },
  {
    name: 'apply-confirm',
    title: 'Apply Rules confirmation',
    drive: async (t, h) => (await rulesOf(t, h, 'dev')) ?? viaAction(t, h, /Apply Rules/i, /Cancel/),
  },
  view('aliases', 'aliases', ':aliases', /aliases/),
  view('vpn', 'VPN', ':vpn', /vpn|VPN|wireguard|ipsec/i),
  view('tenants', 'tenants', ':tenants', /tenants/),
  view('mirrors', 'port mirroring', ':mirrors', /mirrors/),
  view('vms', 'VMs', ':vms', /vms|VMs/),
  view('ctx', 'profiles (:ctx)', ':ctx', /ctx|profiles/i),
  {
    name: 'why',
    title: 'why web-01 → db-01 tcp/3306',
    drive: async (t, h) =>
      (await open(t, h, ':why web-01 db-01 tcp/3306', /why/)) ?? (await t.waitFor(/DENY|ALLOW/), undefined),
  },
  {
    name: 'why-verify',
    title: 'why dev-01 → web-01 tcp/443, verified on the routers (v)',
    drive: async (t, h) => {
      const missing = await open(t, h, ':why dev-01 web-01 tcp/443', /why/);
      if (missing) return missing;
      await t.waitFor(/DENY/);
      t.write('v');
      await t.waitFor(/routers (DISAGREE|agree)|nothing observed/, 30_000);
      t.write('G');
      await t.waitFor(/likely cause|✓ the routers agree/);
      return undefined;
    },
  },
  {
    name: 'diag',
    title: ':diag db tcpdump tcp port 3306',
    drive: async (t, h) =>
      (await open(t, h, ':diag db tcpdump tcp port 3306', /diag/)) ??
      (await t.waitFor(/captured \d+ packets? on db's router/, 30_000), undefined),
  },
  {
    name: 'network-quality',
    title: "a network's details: latency and loss of the last hour",
    drive: async (t, h) => {
      await h.selectRow(t, /^web\b/);
      t.write('i');
      await t.waitFor(/Latency \(1 h\)/, 15_000);
      return undefined;
    },
  },
  {
    ...view('matrix', 'reachability matrix', ':matrix', /matrix/),
    // The contract marks come with the tags a moment after the grid.
    drive: async (t, h) =>
      (await open(t, h, ':matrix', /matrix/)) ??
      (await t.waitFor(/N never/, 10_000).then(
        () => undefined,
        () => undefined,
      )),
  },
  view('lint', 'lint', ':lint', /lint/),
  view('contracts', 'segmentation contracts', ':contracts', /contracts/),
  view('recertify', 'rules due for recertification', ':recertify', /recertify/),
  {...view('map-80x24', 'site map at 80×24', ':map', /map/), cols: 80, rows: 24},
  {...view('map-200x50', 'site map at 200×50', ':map', /map/), cols: 200, rows: 50},
  view('wizards', 'wizards', ':wizard', /wizard/),
  ...WIZARDS.map((w) => view(`wizard-${w}`, `wizard: ${w}`, `:wizard ${w}`, new RegExp(`wizard|${w}`, 'i'))),
  {
    name: 'offline',
    title: 'site unreachable',
    offline: true,
    drive: async (t) => {
      await t.waitFor(/API unreachable/);
      return undefined;
    },
  },
  {
    name: 'signin',
    title: 'first run: sign in',
    firstRun: true,
    drive: async (t, _h, site) => {
      await t.waitFor(/› Site address/);
      t.type(site.url);
      await t.waitFor(site.url.replace('https://', ''));
      return undefined;
    },
  },
  {
    name: 'signin-trust',
    title: 'first run: trust the certificate',
    firstRun: true,
    drive: async (t, _h, site) => {
      await t.waitFor(/› Site address/);
      t.type(site.url);
      await t.waitFor(site.url.replace('https://', ''));
      t.key('ctrl-s');
      await t.waitFor(/Trust and pin/);
      return undefined;
    },
  },
  {
    name: 'networks-no-color',
    title: 'networks, NO_COLOR=1',
    env: {NO_COLOR: '1'},
    drive: () => Promise.resolve(undefined),
  },
];
