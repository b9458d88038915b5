// Names and descriptions from the API holding ESC, CSI, OSC 52 (clipboard),
// OSC 0 (title), DCS, C1 controls (8-bit CSI/OSC), BEL, backspace and
// bidi overrides, shown by the console in a real terminal. The raw byte
// stream is split into sequences and every control byte is accounted for:
// each belongs to a sequence the console's renderer emits itself. The
// terminal never rang, never changed its title, never turned on mouse
// tracking; the payloads appear on screen only in their visible form.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {command, openConsole, selectRow, viewPending} from '../e2e/console.js';
import {startTerminal, type TerminalSession} from '../e2e/harness.js';
import {foreign, tokenize} from './escapes.js';
import {startMalformedSite} from './malformed-server.js';

// Each payload is one an attacker would like to reach a terminal, and none
// of them is anything the renderer sends, so a leak cannot hide among its own.
const NASTY = {
  sgr256: '\u001b[38;5;201m',
  dsr: '\u001b[6n',
  mouse: '\u001b[?1000h',
  clipboard: '\u001b]52;c;ZXZpbA==\u0007',
  title: '\u001b]0;pwned-title\u001b\\',
  dcs: '\u001bP+q544e\u001b\\',
  reset: '\u001bc',
  charset: '\u001b(0',
  c1csi: '\u009b2J',
  c1osc: '\u009d0;c1-title\u009c',
  bell: '\u0007\u0007',
  backspace: 'ab\b\b\bcd',
  bidi: '\u202eevil\u202c',
  cr: 'line\rover',
};
const ALL = Object.values(NASTY).join('');

function accountFor(t: TerminalSession): string[] {
  return tokenize(t.output().toString('utf8')).flatMap((token) => {
    const why = foreign(token);
    return why ? [why] : [];
  });
}

describe('control characters in data from the API', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 'demo',
      tls: true,
      applyDelayMs: 5,
      powerDelayMs: 5,
      password: 'control-chars-pw',
    });
    const client = new VergeClient({
      url: sim.url,
      auth: {kind: 'basic', user: sim.user, password: sim.password},
      trust: {mode: 'pin', fingerprint: sim.fingerprint!},
    });
    const web = sim.rows('vnets').find((r) => r['name'] === 'web')!['$key'] as number;
    const db = sim.rows('vnets').find((r) => r['name'] === 'db')!;
    await client.update('vnets', db['$key'] as number, {description: `database tier ${ALL}`});
    await client.create('vnets', {
      name: `evil${NASTY.sgr256}RED${NASTY.clipboard}`,
      type: 'internal',
      network: '10.66.6.0/24',
      description: ALL,
    });
    await client.create('vnet_rules', {
      vnet: web,
      name: `rule${NASTY.title}${NASTY.c1csi}`,
      action: 'accept',
      direction: 'incoming',
      protocol: 'tcp',
      destination_ports: '8443',
      description: ALL,
    });
    await client.create('vnet_rule_aliases', {
      name: `alias${NASTY.c1osc}${NASTY.dsr}`,
      value: '10.1.1.1',
      description: ALL,
    });
    await client.close();
  });
  afterAll(async () => {
    await sim.close();
  });

  const args = () => ['--url', sim.url, '--user', sim.user, '--fingerprint', sim.fingerprint!];

  it('the renderer alone: a clean session has nothing to account for', async () => {
    const clean = await startSimulator({seed: 'demo', tls: true, password: 'clean-pw'});
    const t = startTerminal({
      args: ['--url', clean.url, '--user', clean.user, '--fingerprint', clean.fingerprint!],
      env: {VSEG_PASSWORD: clean.password},
      cols: 120,
      rows: 30,
    });
    try {
      await openConsole(t);
      t.write('?');
      await t.waitFor(/Keys — /);
      t.key('escape');
      await t.waitForGone(/Keys — /);
      expect(accountFor(t)).toEqual([]);
      // The checker can fail: data written raw would be caught.
      expect(tokenize(ALL).map(foreign).filter(Boolean).length).toBeGreaterThanOrEqual(12);
    } finally {
      await t.close();
      await clean.close();
    }
  });

  it('every view that shows the data: no raw control byte from it reaches the terminal', async () => {
    const t = startTerminal({args: args(), env: {VSEG_PASSWORD: sim.password}, cols: 200, rows: 50});
    const visited: string[] = ['networks'];
    try {
      await openConsole(t);
      // The network's name, made visible: ␛ stands where ESC was.
      await t.waitFor(/evil␛\[38;5;201mRED␛\]52;c;ZXZpbA==␇/);
      // Into the network (its rules or its detail), then the rules of web, then the other views.
      await selectRow(t, /^evil/);
      let crumb = t.screen()[1];
      t.key('enter');
      await t
        .waitFor((s) => s[1] !== crumb, 5000)
        .then(
          () => visited.push('evil network'),
          () => undefined,
        );
      if (visited.includes('evil network')) {
        t.key('escape');
        await t.waitFor((s) => s[1] === crumb);
      }
      await selectRow(t, /^web\b/);
      crumb = t.screen()[1];
      t.key('enter');
      const opened = await t.waitFor((s) => s[1] !== crumb, 5000).catch(() => undefined);
      if (opened) {
        visited.push('web rules');
        await t.waitFor(/rule␛\]0;pwned-title␛\\/, 10_000);
        t.key('escape');
        await t.waitFor((s) => s[1] === crumb);
      }
      for (const view of ['aliases', 'lint', 'vms']) {
        await command(t, `:${view}`);
        const screen = await t.waitFor((s) => viewPending(s) || new RegExp(view).test(s[1] ?? ''), 5000);
        if (viewPending(screen)) continue;
        visited.push(view);
        if (view === 'aliases') await t.waitFor(/alias�0;c1-titl/, 10_000);
        await t.waitForGone(/Loading/i, 10_000).catch(() => undefined);
      }
      const leaks = accountFor(t);
      expect(leaks, `views visited: ${visited.join(', ')}`).toEqual([]);
      const effects = t.effects();
      expect(effects.bells).toBe(0);
      expect(effects.titles.filter((x) => /pwned|c1-title/.test(x))).toEqual([]);
      expect(effects.mouseTracking).toBe('none');
      // The payloads themselves never appear raw anywhere in the stream.
      const raw = t.output().toString('utf8');
      for (const [name, payload] of Object.entries(NASTY)) {
        if (name === 'cr' || name === 'backspace') continue;
        expect(raw.includes(payload), name).toBe(false);
      }
      console.log(`control characters: checked ${t.output().length} bytes across ${visited.join(', ')}`);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('an error page from the server quoting control characters is shown made visible', async () => {
    const site = await startMalformedSite('html-error-page');
    const t = startTerminal({
      args: ['--url', site.url, '--user', 'admin'],
      env: {VSEG_PASSWORD: 'pw'},
      cols: 160,
      rows: 30,
    });
    try {
      await t.waitFor(/was not JSON/);
      expect(accountFor(t)).toEqual([]);
      expect(t.effects().bells).toBe(0);
    } finally {
      await t.close();
      await site.close();
    }
  });
});
