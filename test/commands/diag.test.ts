// `vseg diag` against a real simulator: exit codes by what the probe says,
// JSON, the progress line only on a terminal, parameters refused before any
// request, error results and time outs explained.
import {PassThrough, Writable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {diagCommand} from '../../source/commands/diag.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Workspace, sim} from './helpers.js';
import {waitUntil} from '../support/wait.js';

describe('vseg diag', () => {
  let s: SimulatorHandle;
  let ws: Workspace;
  const run = (args: string[], tty = false) => ws.run(diagCommand, [...args, ...ws.site(s)], {tty});

  beforeAll(async () => {
    s = await sim('demo', {queryDelayMs: 5});
    ws = new Workspace();
  });
  afterAll(async () => {
    await s.close();
    ws.remove();
  });

  it('exits 0 when the probe gets through, with the reading on top of the tool output', async () => {
    const r = await run(['mgmt', 'tcp-connect', '10.10.1.11', '22']);
    expect(r).toMatchObject({code: 0, stderr: ''});
    expect(r.stdout).toBe(
      "# tcp connect to 10.10.1.11:22 from mgmt's router: open (connection succeeded)\nConnection to 10.10.1.11 22 port [tcp/ssh] succeeded!\n",
    );
  });

  it('exits 1 when the probe says the target is not reachable', async () => {
    const r = await run(['web', 'ping', '10.10.2.21', '--count', '2']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe("# ping 10.10.2.21 from web's router: 2 sent, 0 received, 100% loss");
    expect((await run(['web', 'dns', 'nope.demo.internal'])).code).toBe(1);
  });

  it('prints JSON with the parsed reading', async () => {
    const r = await run(['web', 'tcp-connect', '10.10.2.21:5432', '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {key: string};
    expect(doc).toMatchObject({
      network: {name: 'web'},
      query: 'tcp_connect',
      params: {query: 'tcp_connect', host: '10.10.2.21', port: 5432},
      status: 'complete',
      outcome: 'failed',
      command: 'nc -vz -w 5 10.10.2.21 5432',
      parsed: {state: 'timeout'},
    });
    expect(doc.key).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reads reports too: the ruleset, captures, arp', async () => {
    const fw = await run(['db', 'firewall']);
    expect(fw.code).toBe(0);
    expect(fw.stdout).toMatch(
      /^# \d+ nftables rules in \d+ chains; 2 carry a rule key in their comment \(matching them to vseg's rules is a guess/,
    );
    const cap = await run(['db', 'tcpdump', 'tcp', 'port', '3306', '--count', '5']);
    expect(cap.code).toBe(0);
    expect(cap.stdout).toMatch(
      /^# captured 5 packets on db's router\n# \d+ TCP connection attempts? without an answer/,
    );
  });

  it('refuses bad hosts, ports, filters and queries before sending anything', async () => {
    const before = s.requests.length;
    const cases: [string[], string][] = [
      [['web', 'ping', '10.10.2.300'], 'vseg diag: host "10.10.2.300" is not a valid IPv4 address\n'],
      [
        ['web', 'tcp-connect', 'db-01', '99999'],
        'vseg diag: port "99999" is not a TCP port (a whole number 1–65535)\n',
      ],
      [
        ['web', 'tcpdump', '--filter', 'port 22; reboot'],
        'vseg diag: filter "port 22; reboot": only host/net/port/portrange/protocol primitives joined with and, or, not and parentheses are accepted\n',
      ],
      [
        ['web', 'nmap', '10.0.0.1'],
        'vseg diag: unknown query "nmap" (expected ping, traceroute, dns, tcp-connect, tcpdump, arp, firewall, trace, logs, wireguard, ipsec)\n',
      ],
      [['web', 'arp', 'extra'], 'vseg diag: arp takes no arguments (got "extra")\n'],
      [['web', 'ping'], 'vseg diag: ping needs a host\n'],
    ];
    for (const [args, err] of cases) expect(await run(args)).toMatchObject({code: 2, stdout: '', stderr: err});
    expect(s.requests.length).toBe(before);
  });

  it('shows a progress line on stderr only when stderr is a terminal', async () => {
    const slowish = await sim('demo', {queryDelayMs: 150});
    try {
      const quiet = await ws.run(diagCommand, ['web', 'arp', ...ws.site(slowish)]);
      expect(quiet.stderr).toBe('');
      let stderr = '';
      const io = {
        stdout: new Writable({write: (_c, _e, done) => done()}),
        stderr: Object.assign(new Writable({write: (c: Buffer, _e, done) => ((stderr += c.toString()), done())}), {
          isTTY: true,
        }),
        stdin: Object.assign(new PassThrough(), {isTTY: false}),
        env: {...ws.env, VSEG_PASSWORD: 'sim-admin-password'},
        isTTY: false,
        columns: 100,
      };
      expect(await diagCommand.run(['web', 'arp', ...ws.site(slowish)], io)).toBe(0);
      const clear = '\r\u001b[2K';
      expect(stderr.startsWith(`${clear}waiting for web's router: arp … 0 s of 30 s`)).toBe(true);
      expect(stderr.endsWith(clear)).toBe(true);
    } finally {
      await slowish.close();
    }
  });

  it('names the networks on offer for an unknown one', async () => {
    const r = await run(['nope', 'arp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vseg diag: no network named "nope" \(networks: .*web.*\)\n$/);
  });

  it('explains an error result (a stopped router) and exits 2', async () => {
    const stopped = await sim('demo', {queryDelayMs: 5, powerDelayMs: 1});
    try {
      const dev = stopped.rows('vnets').find((n) => n.name === 'dev')!.$key;
      const client = new VergeClient({
        url: stopped.url,
        auth: {kind: 'basic', user: stopped.user, password: stopped.password},
        trust: {mode: 'pin', fingerprint: stopped.fingerprint!},
      });
      await client.action('vnet_actions', {vnet: dev, action: 'kill'});
      await client.close();
      await waitUntil(
        () =>
          stopped.row('machine_status', stopped.row('vnets', dev as number)!.machine as number)!.status === 'stopped',
        {what: 'dev to stop'},
      );
      const r = await ws.run(diagCommand, ['dev', 'arp', ...ws.site(stopped)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        "vseg diag: dev's router is not running, so it cannot run arp; start the network first. (network 'dev' is not running)\n",
      );
    } finally {
      await stopped.close();
    }
  });

  it('explains a time out and exits 2', async () => {
    const slow = await sim('demo', {queryDelayMs: 3000});
    try {
      const r = await ws.run(diagCommand, [
        'web',
        'tcp-connect',
        '10.10.2.21',
        '3306',
        '--timeout',
        '1',
        ...ws.site(slow),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /web's router did not finish tcp_connect within 1 s\. The query may still finish on the router/,
      );
    } finally {
      await slow.close();
    }
  });
});
