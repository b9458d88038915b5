// Install on a jump host: `npm pack` the repository, `npm install -g` the
// tarball into a scratch prefix (no build tools involved), and run the
// installed `vseg` — its version, a headless command against a simulator,
// and the console in a terminal. Twice: the package as it is, and with the
// runtime dependencies the bundle actually needs (none besides the optional
// keyring binary), which proves that trimming package.json is safe.
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runVseg} from '../e2e/cli.js';
import {openConsole} from '../e2e/console.js';
import {REPO, startTerminal} from '../e2e/harness.js';
import {startSiteProcess, type SiteProcess} from '../e2e/site-process.js';

const exec = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

// How this machine reaches the registry (proxy, extra CA), passed on as an operator's shell would.
const NETWORK_ENV = [
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'no_proxy',
];

/** npm with the pinned Node first on PATH and the user's download cache (the registry is only read). */
function npm(args: string[], cwd: string) {
  const env = {
    ...Object.fromEntries(NETWORK_ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]!])),
    PATH: [dirname(process.execPath), ...(process.env['PATH'] ?? '').split(':')].join(':'),
    HOME: cwd,
    npm_config_cache: join(homedir(), '.npm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_fetch_retries: '1',
  };
  return exec('npm', args, {cwd, env, maxBuffer: 64 * 1024 * 1024});
}

const ALLOWED = [
  /^package\.json$/,
  /^README(\.md)?$/i,
  /^LICEN[CS]E(\.md|\.txt)?$/i,
  /^dist\/vseg\.js$/,
  /^dist\/vseg-bundle\.js$/,
  /^dist\/chunks\/[\w-]+\.js$/,
  /^dist\/schema\/[\w./-]+\.json$/,
];

describe('npm pack and install -g', () => {
  let scratch: string;
  let site: SiteProcess;
  let tarball: string;
  let files: string[];
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'vseg-install-'));
    site = await startSiteProcess({seed: 'demo'});
    const {stdout} = await npm(['pack', REPO, '--json', '--pack-destination', scratch], scratch);
    const [packed] = JSON.parse(stdout) as Array<{filename: string; files: Array<{path: string}>}>;
    tarball = join(scratch, packed.filename);
    files = packed.files.map((f) => f.path);
  }, 60_000);
  afterAll(async () => {
    await site.close();
    rmSync(scratch, {recursive: true, force: true});
  });

  it('packs the bundle and nothing of the sources', () => {
    expect(tarball).toMatch(new RegExp(`${pkg.name}-${pkg.version.replace(/\./g, '\\.')}\\.tgz$`));
    for (const need of ['package.json', 'README.md', 'dist/vseg.js', 'dist/vseg-bundle.js'])
      expect(files, need).toContain(need);
    expect(files.filter((f) => !ALLOWED.some((a) => a.test(f)))).toEqual([]);
  });

  async function installAndRun(
    tgz: string,
    label: string,
  ): Promise<{prefix: string; installedDeps: string[]; log: string}> {
    const prefix = join(scratch, `prefix-${label}`);
    const {stdout, stderr} = await npm(['install', '-g', '--prefix', prefix, tgz], scratch);
    const log = stdout + stderr;
    const bin = join(prefix, 'bin', 'vseg');
    expect(existsSync(bin), `${label}: ${log}`).toBe(true);
    const home = mkdtempSync(join(scratch, `home-${label}-`));

    const version = await runVseg(['--version'], {home, command: bin});
    expect(version.stdout.trim(), version.stderr).toBe(pkg.version);

    const get = await runVseg(['get', 'networks', ...site.args(), '-o', 'json'], {home, command: bin, env: site.env()});
    expect(get.code, get.stderr).toBe(0);
    const names = (JSON.parse(get.stdout) as Array<{name: string}>).map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['web', 'db', 'mgmt', 'dev']));

    // Profiles (conf) and the keyring fallback work from the installed bundle too.
    const login = await runVseg(['login', '--profile', 'lab', ...site.args()], {home, command: bin, env: site.env()});
    expect(login.code, login.stderr).toBe(0);
    const profiles = await runVseg(['profiles', '-o', 'json'], {home, command: bin});
    expect(profiles.stdout).toContain('"lab"');

    // The console, in a terminal, on its embedded demo site.
    const t = startTerminal({command: bin, args: ['--demo'], home, cols: 100, rows: 30});
    try {
      await openConsole(t, 30_000);
      t.write('q');
      expect((await t.exited).exitCode).toBe(0);
    } finally {
      await t.close();
    }
    const modules = join(prefix, 'lib', 'node_modules', pkg.name, 'node_modules');
    const installedDeps = existsSync(modules)
      ? readdirSync(modules).flatMap((d) =>
          d.startsWith('@') ? readdirSync(join(modules, d)).map((s) => `${d}/${s}`) : d.startsWith('.') ? [] : [d],
        )
      : [];
    return {prefix, installedDeps, log};
  }

  it('installs as packed and runs: --version, a headless command, the console', async () => {
    const {installedDeps, log} = await installAndRun(tarball, 'as-packed');
    // Nothing is compiled on the jump host.
    expect(log).not.toMatch(/node-gyp|gyp info|make: /);
    // The package carries only runtime needs: the bundle, and the optional
    // keyring with its prebuilt platform binary.
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(installedDeps.filter((d) => !d.startsWith('@napi-rs/keyring'))).toEqual([]);
  }, 240_000);
});
