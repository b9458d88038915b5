// :diag in the console, the real binary in a real terminal (80×24) against a
// simulator process: every tool runs from `:diag <network> <tool> <args>`
// with its reading on top; the form refuses a bad host before anything is
// sent; `/` keeps the matching output lines; Esc abandons a slow query; and
// from a why trace, d opens the probe filled in and v verifies on the routers.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command, openConsole, selectRow} from './console.js';
import {startTerminal} from './harness.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

const TOOLS: [string, RegExp][] = [
  ['web ping 10.10.1.12', /ping 10\.10\.1\.12 from web's router: 4 sent, 4 received, 0% loss/],
  ['web traceroute 8.8.8.8', /traceroute from web's router: reached 8\.8\.8\.8 in 3 hops/],
  ['web dns web-02', /dns web-02 from web's router: 10\.10\.1\.12/],
  ['mgmt tcp-connect 10.10.1.11 22', /tcp connect to 10\.10\.1\.11:22 from mgmt's router: open/],
  ['db tcpdump tcp port 3306', /captured \d+ packets on db's router/],
  ['web arp', /\d+ neighbours/],
  ['db firewall', /nftables rules in \d+ chains; 2 carry a rule key/],
  ['db trace', /no traced packets/],
  ['dev logs', /logs on dev's router/],
  ['mgmt wireguard', /wireguard on mgmt's router: \d+ lines/],
  ['mgmt ipsec', /ipsec on mgmt's router: \d+ lines/],
];

describe(':diag in the console', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo', queryDelayMs: 30});
  });
  afterAll(async () => {
    await site.close();
  });

  it('runs every tool and shows its reading and output', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 80, rows: 24});
    try {
      await openConsole(t);
      for (const [args, reading] of TOOLS) {
        await command(t, `:diag ${args}`);
        await t.waitFor(reading);
      }
      // the last one (ipsec): the tool's text under the reading, the command above it
      const screen = t.text();
      expect(screen).toContain('$ ipsec statusall');
      expect(screen).toContain('Security Associations (1 up, 0 connecting):');
    } finally {
      await t.close();
    }
  }, 120_000);

  it('keeps only matching lines with /, and refuses a bad host before sending', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 80, rows: 24});
    try {
      await openConsole(t);
      await command(t, ':diag db firewall');
      await t.waitFor(/\$ nft list ruleset/);
      t.type('/PostgreSQL');
      await t.waitFor(/1 of \d+ lines match \/PostgreSQL\//);
      expect(t.text()).toMatch(
        /^ +ip saddr \{ 10\.10\.1\.11, 10\.10\.1\.12 \} ip daddr 10\.10\.2\.21 tcp dport 5432 /m,
      );
      t.key('enter');
      await command(t, ':diag web ping 10.10.2.300');
      await t.waitFor(/host "10\.10\.2\.300" is not a valid IPv4 address/);
      expect(t.text()).toMatch(/Router of/);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('v on the stale dev router: the likely cause is shown whole at 80 columns, with what to do', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 80, rows: 24});
    try {
      await openConsole(t);
      await command(t, ':why dev-01 web-01 tcp/443');
      await t.waitFor(/DENY\s+vm:dev-01 → vm:web-01\s+tcp\/443/);
      t.write('v');
      await t.waitFor(/routers DISAGREE: predicted deny, observed allow/);
      t.write('G');
      // The cause and its remedy wrap instead of ending in … at the screen's edge.
      await t.waitFor(/verify again/);
      const text = t.screen().join('\n');
      expect(text).toMatch(/likely cause: stale router/);
      expect(text.replace(/\s+/g, ' ')).toContain('restart the network with its rules applied and verify again');
      expect(t.screen().filter((l) => /likely cause|verify again/.test(l) && /…\s*$/.test(l))).toEqual([]);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('from a why trace: d fills the probe in, v verifies on the routers', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 100, rows: 30});
    try {
      await openConsole(t);
      await command(t, ':why web-01 db-01 tcp/3306');
      await t.waitFor(/DENY\s+vm:web-01 → vm:db-01\s+tcp\/3306/);
      t.write('v');
      await t.waitFor(/routers: agree \(deny\)/);
      t.write('d');
      // the probe, filled in: web's router, tcp connect, the destination and port
      await t.waitFor(/Router of +web/);
      await t.waitFor(/Host +10\.10\.2\.21/);
      await t.waitFor(/Port +3306/);
      t.key('ctrl-s');
      await t.waitFor(/tcp connect to 10\.10\.2\.21:3306 from web's router: timed out/);
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe("a network's rules: the live ruleset (L) and Clear Statistics (Z)", () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo', queryDelayMs: 30});
  });
  afterAll(async () => {
    await site.close();
  });

  it("shows db's router ruleset beside its staged rules, and asks before clearing counters", async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 120, rows: 30});
    try {
      await openConsole(t);
      await selectRow(t, /^db\b/);
      t.key('enter');
      await t.waitFor(/rules of db/);
      t.write('L');
      await t.waitFor(
        /Every compiled staged rule is on the router, and nothing else is \(matched by comment keys — a guess\)/,
      );
      const screen = t.text();
      expect(screen).toMatch(/✓ #\d+ Allow PostgreSQL from web accept/);
      expect(screen).toMatch(/table inet vnet_filter \{/);
      t.key('escape');
      await t.waitFor(/rules of db/);
      t.write('Z');
      const dialog = (await t.waitFor(/Clear the statistics of db\?/)).join('\n');
      expect(dialog).toMatch(/POST \/api\/v4\/vnet_actions\s+vnet=\d+ action="clear_statistics"/);
      expect(dialog).toMatch(/›\[ Cancel \]/);
      t.key('escape');
      await t.waitForGone(/Clear the statistics of db\?/);
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe('the monitor wizard captures and offers to allow a flow no rule allows', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo', queryDelayMs: 30});
  });
  afterAll(async () => {
    await site.close();
  });

  it("captures on db's router, judges the flows, and reviews 'allow this flow'", async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 120, rows: 30});
    try {
      await openConsole(t);
      await command(t, ':wizard');
      await selectRow(t, /Hit counters/);
      t.key('enter');
      await t.waitFor(/statistics on, mirroring/);
      while (!/^db: statistics/m.test(t.text())) {
        t.write('n');
        await t.settle();
      }
      t.write('c');
      await t.waitFor(/flows captured on db's router; \d+ the rules deny, \d+ unanswered/);
      await selectRow(t, /10\.10\.1\.11 → 10\.10\.2\.21 tcp\/3306/);
      expect(t.text()).toMatch(/10\.10\.1\.11 → 10\.10\.2\.21 tcp\/3306 +\d+ +\S+ no +\S+ deny \(default\)/);
      t.write('a');
      const dialog = (await t.waitFor(/Allow 10\.10\.1\.11 → 10\.10\.2\.21 tcp\/3306 on db\?/)).join('\n');
      expect(dialog).toMatch(/web → db tcp\/3306: deny → partial/);
      expect(dialog).toMatch(/POST \/api\/v4\/vnet_rules/);
      t.key('escape');
      await t.waitForGone(/Allow 10\.10\.1\.11/);
    } finally {
      await t.close();
    }
  }, 90_000);
});

describe(':diag abandons a slow query', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo', queryDelayMs: 20_000});
  });
  afterAll(async () => {
    await site.close();
  });

  it('shows the spinner with the time limit, and Esc abandons it', async () => {
    const t = startTerminal({args: site.args(), env: site.env(), cols: 80, rows: 24});
    try {
      await openConsole(t);
      await command(t, ':diag web traceroute 10.10.2.21');
      await t.waitFor(/traceroute 10\.10\.2\.21 on web's router … +\d+ s of 60 s/);
      await t.waitFor(/Esc abandons it/);
      t.key('escape');
      await t.waitFor(/traceroute abandoned \(VergeOS expires the query by itself\)/);
    } finally {
      await t.close();
    }
  }, 60_000);
});
