// Bad input on the command line: every flag of every headless command that
// takes a value is fed values it must refuse (fast-check), plus unknown
// flags, missing values and secrets passed as flags. Each time: exit status
// 2, a message that names the flag, no stack trace, no echo of a secret, and
// not one request reached the site — every command gets working connection
// flags, so anything that slipped through validation would show up there.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, Writable} from 'node:stream';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {commands} from '../../source/commands/index.js';
import type {Command} from '../../source/commands/types.js';
import type {CommandIO} from '../../source/session/io.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {runVseg} from '../e2e/cli.js';
import {startTerminal} from '../e2e/harness.js';
import {propertyParams} from '../support/seed.js';

interface Run {
  code: number;
  stderr: string;
  stdout: string;
}

/** Flags with a value, the values they must refuse, and how the message must name them. */
interface BadValues {
  flag: string;
  values: fc.Arbitrary<string>;
  mention: RegExp;
}

const notInt = fc.oneof(
  fc.string({minLength: 1, maxLength: 12}).filter((s) => !/^\s*\d+(\.\d+)?\s*$/.test(s)),
  fc.constantFrom('1e3', '0x10', '-5', '12abc', ' ', '∞', 'NaN', '１２'),
);
const intOutside = (min: number, max: number) =>
  fc.oneof(
    notInt,
    fc.integer({min: max + 1, max: 10 ** 9}).map(String),
    ...(min > 0 ? [fc.integer({min: 0, max: min - 1}).map(String)] : []),
  );
const unlikelyWord = fc.stringMatching(/^[a-z0-9]{1,10}$/).map((s) => `zz${s}`);
const missingFile = fc.stringMatching(/^[a-z0-9]{1,12}$/).map((s) => `/nonexistent-${s}/file.yaml`);
const badUrl = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'https://',
    'https://exa mple',
    'http://user:pw@host',
    'https://:pw@host',
    'https://[::1',
    'https://host:99999',
  ),
  fc
    .stringMatching(/^[a-z]{2,6}$/)
    .filter((s) => s !== 'http' && s !== 'https')
    .map((s) => `${s}://site.example`),
  fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z]{1,6}$/)).map(([a, b]) => `https://${a} ${b}`),
);
const badFingerprint = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{1,63}$/),
  fc.stringMatching(/^[0-9a-f]{65,70}$/),
  fc.stringMatching(/^[g-z]{64}$/),
);

const BAD: BadValues[] = [
  {flag: 'timeout', values: intOutside(1, 600), mention: /--timeout/},
  {flag: 'output', values: unlikelyWord, mention: /-o\b|--output/},
  {flag: 'url', values: badUrl, mention: /--url|URL|url/},
  {flag: 'fingerprint', values: badFingerprint, mention: /--fingerprint/},
  {flag: 'ca', values: missingFile, mention: /--ca|nonexistent/},
  {flag: 'password-file', values: missingFile, mention: /--password-file|nonexistent/},
  {flag: 'wait', values: intOutside(1, 3600), mention: /--wait/},
  {flag: 'limit', values: intOutside(1, 100_000), mention: /--limit/},
  {flag: 'refresh', values: intOutside(0, 3600), mention: /--refresh/},
  {flag: 'port', values: intOutside(1, 65535), mention: /--port/},
  {flag: 'proto', values: unlikelyWord, mention: /--proto|protocol/},
  {flag: 'service', values: unlikelyWord, mention: /--service|service/},
  {flag: 'severity', values: unlikelyWord, mention: /--severity|severity/},
  {flag: 'file', values: missingFile, mention: /--file|nonexistent|no such file/},
  {flag: 'secrets', values: missingFile, mention: /--secrets|nonexistent|no such file/},
];

/** Long flags a command documents in its usage text. */
function documentedFlags(command: Command): Set<string> {
  const flags = new Set([...command.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]));
  // Usage lines often show only the short form.
  const SHORT: Record<string, string> = {o: 'output', f: 'file', p: 'profile', u: 'user'};
  for (const m of command.usage.matchAll(/(?:^|[\s[|])-([a-z])\b/g)) if (SHORT[m[1]]) flags.add(SHORT[m[1]]);
  return flags;
}

// What each command needs besides the flag under test, so that flag is the only problem.
const POSITIONAL: Record<string, string[]> = {
  get: ['networks'],
  wizard: ['topology'],
  'apply-rules': ['web'],
  diag: ['web', 'arp'],
  why: ['web-01', 'db-01'],
  rollback: ['2026-11-25T10-00-00.000Z-ab12'],
};
const NEEDS_FILE: Record<string, 'site' | 'answers'> = {plan: 'site', apply: 'site', drift: 'site', wizard: 'answers'};
// Files a command writes rather than reads: checked by their own test below.
const OUTPUT_FILE = new Set(['export --file']);
// `simulator` starts a server and has its own parser; fuzzed below on its own.
const SITE_FREE = new Set(['simulator']);

describe('bad command-line input', () => {
  let sim: SimulatorHandle;
  let dir: string;
  let siteFile: string;
  let answersFile: string;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 'demo',
      tls: true,
      applyDelayMs: 5,
      powerDelayMs: 5,
      password: 'flag-fuzz-password',
    });
    dir = mkdtempSync(join(tmpdir(), 'vseg-flags-'));
    siteFile = join(dir, 'site.yaml');
    const exported = await run(
      commands.find((c) => c.name === 'export')!,
      ['--url', sim.url, '--user', sim.user, '--fingerprint', sim.fingerprint!],
    );
    expect(exported.code, exported.stderr).toBe(0);
    writeFileSync(siteFile, exported.stdout);
    answersFile = join(dir, 'answers.yaml');
    const wizard = commands.find((c) => c.name === 'wizard');
    if (wizard) writeFileSync(answersFile, (await run(wizard, ['topology', '--example'])).stdout);
    sim.clearRequests();
  });
  const before = (command: Command) => {
    const file = NEEDS_FILE[command.name];
    return [...(POSITIONAL[command.name] ?? []), ...(file ? ['-f', file === 'site' ? siteFile : answersFile] : [])];
  };
  afterAll(async () => {
    await sim.close();
    rmSync(dir, {recursive: true, force: true});
  });

  /** Working connection flags, those the command takes, without the one under test. */
  const siteArgs = (command: Command, except?: string) => {
    const flags = documentedFlags(command);
    const pairs: Array<[string, string]> = [
      ['url', sim.url],
      ['user', sim.user],
      ['fingerprint', sim.fingerprint!],
    ];
    return pairs.filter(([f]) => flags.has(f) && f !== except).flatMap(([f, v]) => [`--${f}`, v]);
  };

  async function run(command: Command, argv: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const sink = (append: (s: string) => void) =>
      new Writable({write: (chunk, _e, done) => (append(String(chunk)), done())});
    const stdin = new PassThrough() as PassThrough & {isTTY?: boolean};
    stdin.end('');
    const io: CommandIO = {
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
      stdin,
      env: {
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, 'config'),
        XDG_STATE_HOME: join(dir, 'state'),
        VSEG_KEYRING: 'off',
        VSEG_PASSWORD: sim.password,
        PATH: process.env['PATH'],
      },
      isTTY: false,
      columns: 100,
    };
    const code = await command.run(argv, io);
    return {code, stdout, stderr};
  }

  function expectRefused(r: Run, mention: RegExp, what: string): void {
    expect(r.code, `${what}: ${r.stderr}`).toBe(2);
    expect(r.stderr, what).toMatch(mention);
    expect(r.stderr, what).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(
      sim.requests.map((q) => `${q.method} ${q.path}`),
      `${what} sent requests`,
    ).toEqual([]);
  }

  const siteCommands = () => commands.filter((c) => !SITE_FREE.has(c.name));

  it('lists every command it fuzzes (new commands join automatically)', () => {
    expect(siteCommands().map((c) => c.name)).toEqual(
      expect.arrayContaining(['get', 'apply-rules', 'export', 'plan', 'apply', 'drift', 'login']),
    );
  });

  it('refuses a value each flag cannot take', async () => {
    const covered: string[] = [];
    for (const command of siteCommands()) {
      const flags = documentedFlags(command);
      // rollback looks up its revision in the local journal first (no request); with none saved, that is its answer.
      if (command.name === 'rollback') continue;
      for (const bad of BAD.filter((b) => flags.has(b.flag) && !OUTPUT_FILE.has(`${command.name} --${b.flag}`))) {
        covered.push(`${command.name} --${bad.flag}`);
        await fc.assert(
          fc.asyncProperty(bad.values, async (value) => {
            sim.clearRequests();
            const argv = [
              ...before(command).filter((a, i, all) => !(bad.flag === 'file' && (a === '-f' || all[i - 1] === '-f'))),
              ...siteArgs(command, bad.flag),
              `--${bad.flag}=${value}`,
            ];
            expectRefused(
              await run(command, argv),
              bad.mention,
              `vseg ${command.name} --${bad.flag}=${JSON.stringify(value)}`,
            );
          }),
          propertyParams({numRuns: 12}),
        );
      }
    }
    console.log(`flag fuzz: ${covered.length} command × flag pairs, 12 values each: ${covered.join(', ')}`);
    // Each kind of flag met at least one command that takes it.
    for (const flag of [
      'timeout',
      'output',
      'url',
      'fingerprint',
      'ca',
      'password-file',
      'wait',
      'limit',
      'refresh',
      'file',
    ]) {
      expect(
        covered.some((c) => c.endsWith(`--${flag}`)),
        flag,
      ).toBe(true);
    }
  }, 120_000);

  it('refuses unknown flags and flags missing their value', async () => {
    for (const command of siteCommands()) {
      const flags = documentedFlags(command);
      await fc.assert(
        fc.asyncProperty(
          fc.stringMatching(/^[a-z][a-z-]{0,14}$/).filter((f) => !flags.has(f) && f !== 'help'),
          async (flag) => {
            sim.clearRequests();
            expectRefused(
              await run(command, [...before(command), ...siteArgs(command), `--${flag}`]),
              new RegExp(`--${flag}`),
              `vseg ${command.name} --${flag}`,
            );
          },
        ),
        propertyParams({numRuns: 8}),
      );
      const valued = BAD.filter((b) => flags.has(b.flag) && b.flag !== 'url');
      for (const bad of valued) {
        sim.clearRequests();
        expectRefused(
          await run(command, [
            ...before(command).filter((a, i, all) => !(bad.flag === 'file' && (a === '-f' || all[i - 1] === '-f'))),
            ...siteArgs(command),
            `--${bad.flag}`,
          ]),
          new RegExp(`--${bad.flag}`),
          `vseg ${command.name} --${bad.flag} (no value)`,
        );
      }
    }
  }, 60_000);

  it('never takes a secret as a flag, and never echoes one', async () => {
    const secret = 'S3cret-Value-On-The-Command-Line';
    for (const command of siteCommands()) {
      for (const flag of ['--password', '--api-key', '--token', '--secret']) {
        sim.clearRequests();
        const r = await run(command, [...before(command), ...siteArgs(command), flag, secret]);
        expect(r.code, `${command.name} ${flag}`).toBe(2);
        expect(r.stderr + r.stdout).not.toContain(secret);
        expect(sim.requests).toEqual([]);
      }
    }
  });

  it('an output file that cannot be written is a clear error, and nothing is changed', async () => {
    const command = commands.find((c) => c.name === 'export')!;
    sim.clearRequests();
    const r = await run(command, [...siteArgs(command), '-f', '/nonexistent-dir/site.yaml']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/nonexistent-dir/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|unexpected error/);
    // Checked before signing in: not one request, not even a read.
    expect(sim.requests).toEqual([]);
  });

  it('a bad site file is a clear error before anything is sent', async () => {
    const files = {
      'not-yaml.yaml': ':\n  - [unclosed\n\t\u0000',
      'wrong-shape.yaml': 'networks: 42\n',
      'bad-cidr.yaml': 'version: 1\nnetworks:\n  - name: web\n    cidr: 10.0.0.0/33\n',
      'empty.yaml': '',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    for (const command of siteCommands().filter((c) => ['plan', 'apply', 'drift'].includes(c.name))) {
      for (const name of Object.keys(files)) {
        sim.clearRequests();
        const r = await run(
          command,
          [...siteArgs(command), '-f', join(dir, name), '--yes'].filter(
            (a) => command.name === 'apply' || a !== '--yes',
          ),
        );
        expect(r.code, `${command.name} -f ${name}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/\S/);
        // Parsing happens before connecting: nothing reached the site.
        expect(
          sim.requests.filter((q) => q.method !== 'GET' || !q.path.startsWith('/version')),
          `${command.name} -f ${name}`,
        ).toEqual([]);
      }
    }
  });
});

describe('bad flags for the simulator and the console (the real binary)', () => {
  let home: string;
  let sim: SimulatorHandle;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'vseg-flags-bin-'));
    sim = await startSimulator({seed: 'demo', tls: true, password: 'console-flag-password'});
  });
  afterAll(async () => {
    await sim.close();
    rmSync(home, {recursive: true, force: true});
  });

  it('vseg simulator refuses each bad flag with exit 2 and names it', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--port=abc'], /--port/],
      [['--port', '70000'], /--port/],
      [['--seed', 'scale:x:y'], /seed|scale/],
      [['--faults', 'error=2'], /error|fault/],
      [['--latency', '-1'], /--latency/],
      [['--apply-delay', '1.5'], /--apply-delay/],
      [['--password', 'hunter2'], /--password/],
      [['--tls=yes'], /--tls/],
      [['--bogus'], /--bogus/],
    ];
    for (const [args, mention] of cases) {
      const r = await runVseg(['simulator', ...args], {home});
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(mention);
      expect(r.stdout, args.join(' ')).not.toMatch(/"url"/);
      expect(r.stderr + r.stdout).not.toContain('hunter2');
    }
  });

  it('the entry point shows a bad argument with its control characters made visible', async () => {
    // An escape sequence typed (or pasted) as a command name must not act on the operator's terminal.
    const r = await runVseg(['\u001b[2Jwipe', '\u001b]52;c;ZXZpbA==\u0007'], {home});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "␛[2Jwipe"');
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('the console refuses unknown flags and bad values before drawing: exit 2, a clear message, no request', async () => {
    for (const flag of ['--bogus', '-o', '--password']) {
      const t = startTerminal({args: [flag, 'x'], cols: 100, rows: 24, env: {VSEG_PASSWORD: sim.password}});
      try {
        expect((await t.exited).exitCode, flag).toBe(2);
        expect(t.text()).toMatch(new RegExp(`unknown flag ${flag}`));
        expect(t.text()).not.toMatch(/\n\s+at .+:\d+:\d+/);
      } finally {
        await t.close();
      }
    }
    const site = ['--url', sim.url, '--user', sim.user, '--fingerprint', sim.fingerprint!];
    const bad: Array<[string[], RegExp]> = [
      [['--timeout', 'soon'], /--timeout is in seconds/],
      [['--timeout', '0'], /--timeout must be between/],
      [['--fingerprint', 'abc'], /--fingerprint: .*64 hexadecimal/],
      [['--url', 'ftp://x'], /Unsupported scheme "ftp:"/],
      [['--password-file', '/nonexistent/pw'], /nonexistent\/pw/],
      [['--ca', '/nonexistent/ca.pem'], /--ca \/nonexistent\/ca\.pem: no such file/],
      [['--ca', '/tmp', '--fingerprint', 'ab'], /choose one way to trust the certificate/],
      [['--demo', '--user', 'admin'], /--demo runs against the embedded simulator/],
    ];
    for (const [args, message] of bad) {
      sim.clearRequests();
      const given = new Set(args.filter((a) => a.startsWith('--')));
      // A --ca of its own replaces the pinned fingerprint (two ways to trust are refused on their own).
      if (given.has('--ca') && !given.has('--fingerprint')) given.add('--fingerprint');
      const rest = given.has('--demo') ? [] : site.filter((a, i) => !given.has(a) && !given.has(site[i - 1]));
      const t = startTerminal({args: [...rest, ...args], cols: 120, rows: 24, env: {VSEG_PASSWORD: sim.password}});
      try {
        // Like an unknown flag: the message on the normal screen, exit 2, no console drawn.
        expect((await t.exited).exitCode, args.join(' ')).toBe(2);
        expect(t.text(), args.join(' ')).toMatch(message);
        expect(t.text()).toMatch(/^vseg: /m);
        expect(t.text()).not.toMatch(/\n\s+at .+:\d+:\d+|read-write|connected/);
        expect(
          sim.requests.map((q) => q.path),
          args.join(' '),
        ).toEqual([]);
      } finally {
        await t.close();
      }
    }
  }, 60_000);
});
