// `vseg wizard <step>` against the simulator over HTTPS: without --yes the plan
// is printed and nothing is sent; --yes applies; the same answers again change
// nothing; each wizard's effect is asserted on the simulator's state.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {wizardCommand} from '../../source/commands/wizard.js';
import {wireguardPublicKey} from '../../source/domain/wireguard-keys.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {duplicates, sim, Workspace} from '../commands/helpers.js';
import {waitUntil} from '../support/wait.js';

const writes = (s: SimulatorHandle) =>
  s.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'));
const named = (s: SimulatorHandle, table: string, name: string) => s.rows(table).find((r) => r['name'] === name);

function draftFiles(ws: Workspace): string[] {
  const dir = join(ws.env['XDG_STATE_HOME']!, 'vseg', 'drafts');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f))
    : [];
}

/** Plan (exit 3, nothing sent), apply (exit 0), apply again (exit 0, nothing sent). */
async function planApplyAgain(ws: Workspace, s: SimulatorHandle, step: string, answers: string) {
  const file = ws.file(`${step}-${Math.random().toString(36).slice(2)}.yaml`, answers);
  s.clearRequests();
  const plan = await ws.run(wizardCommand, [step, '--file', file, ...ws.site(s)]);
  expect(plan.code, plan.stderr).toBe(3);
  expect(writes(s)).toEqual([]);
  expect(plan.stderr).toContain('not applied: pass --yes');
  const applied = await ws.run(wizardCommand, [step, '--file', file, '--yes', ...ws.site(s)]);
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  s.clearRequests();
  const again = await ws.run(wizardCommand, [step, '--file', file, '--yes', ...ws.site(s)]);
  expect(again.code, again.stdout).toBe(0);
  expect(again.stderr).toContain('nothing to do');
  expect(writes(s)).toEqual([]);
  return {plan, applied, again, file};
}

describe('vseg wizard (headless)', () => {
  const ws = new Workspace();
  const state = join(ws.dir, 'demo-state.json');
  let demo: SimulatorHandle;
  let empty: SimulatorHandle;
  beforeAll(async () => {
    demo = await sim('demo', {statePath: state});
    empty = await sim('empty');
  });
  afterAll(async () => {
    await demo.close();
    await empty.close();
    ws.remove();
  });

  it('topology: creates non-overlapping networks, powers them on, and is idempotent', async () => {
    const {plan} = await planApplyAgain(ws, empty, 'topology', 'template: article\nbaseBlock: 10.50.0.0/16\n');
    expect(plan.stdout).toContain('API calls (8)');
    // The start loads staged rules only with params.apply, and the review says so (#12 defect 1).
    expect(plan.stdout).toMatch(/▸ Power on network web with Apply Rules/);
    expect(plan.stdout).toMatch(/vnet_actions vnet=\S+ action="poweron" params=\{"?apply"?: ?true\}/);
    const nets = empty.rows('vnets').filter((r) => r['type'] === 'internal');
    expect(nets.map((r) => String(r['name'])).sort()).toEqual(['db', 'dev', 'mgmt', 'web']);
    const cidrs = nets.map((r) => String(r['network']));
    expect(new Set(cidrs).size).toBe(4);
    for (const c of cidrs) expect(c).toMatch(/^10\.50\.\d+\.0\/24$/);
    for (const n of nets) expect(empty.row('machine_status', Number(n['machine']))?.['running']).toBe(true);
    expect(draftFiles(ws)).toEqual([]);
  });

  it('rules: writes the route and the accept for web → db tcp/3306 and Apply Rules makes it live', async () => {
    const {plan} = await planApplyAgain(
      ws,
      demo,
      'rules',
      'flows:\n  - {from: web, to: db, protocol: tcp, ports: "3306"}\n',
    );
    // Not ✓ before the steps ran: the live rules deny it until then.
    expect(plan.stdout).toContain('→ web → db tcp/3306: allow once these steps ran (live rules now: deny)');
    expect(plan.stdout).not.toContain('✓ web → db');
    expect(plan.stdout).toContain('Rules of db, in evaluation order');
    // As vseg plan does, the review lists the flows whose verdict the plan changes.
    expect(plan.stdout).toMatch(/Flows whose verdict changes \(\d+\):\n(.*\n)*\s+web → db tcp\/3306: deny → allow/);
    const db = named(demo, 'vnets', 'db')!;
    const live = demo.activeRules(Number(db['$key'])).map((r) => r['name']);
    expect(live).toContain('allow-web-to-db-tcp-3306');
    // web already routes to db ("Route to db"): no second route.
    const web = named(demo, 'vnets', 'web')!;
    expect(
      demo
        .rows('vnet_rules')
        .filter((r) => r['vnet'] === web['$key'] && r['action'] === 'route' && r['destination_ip'] === '10.10.2.0/24'),
    ).toHaveLength(1);
    expect(db['need_fw_apply']).toBe(false);
  });

  it('rules: a flow only staged rules allow is not "nothing to do": the review says so and Apply Rules runs', async () => {
    // The demo's dev network has "Allow HTTP from mgmt" staged and never applied.
    const s = await sim('demo');
    try {
      const dev = Number(named(s, 'vnets', 'dev')!['$key']);
      expect(s.activeRules(dev).map((r) => r['name'])).not.toContain('Allow HTTP from mgmt');
      const file = ws.file('staged-flow.yaml', 'flows:\n  - {from: mgmt, to: dev, protocol: tcp, ports: "80"}\n');
      const plan = await ws.run(wizardCommand, ['rules', '--file', file, ...ws.site(s)]);
      expect(plan.code, plan.stderr).toBe(3);
      expect(plan.stdout).toContain('▸ Apply Rules on dev (staged changes not live yet)');
      expect(plan.stdout).not.toMatch(/✓ mgmt → dev/);
      expect(plan.stdout).toContain('→ mgmt → dev tcp/80: allow once these steps ran (live rules now: unknown)');
      expect(plan.stderr).not.toContain('nothing to do');
      expect(writes(s)).toEqual([]);

      const applied = await ws.run(wizardCommand, ['rules', '--file', file, '--yes', ...ws.site(s)]);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stderr).toMatch(/Apply Rules on dev … done/);
      expect(named(s, 'vnets', 'dev')!['need_fw_apply']).toBe(false);
      expect(s.activeRules(dev).map((r) => r['name'])).toContain('Allow HTTP from mgmt');
      const again = await ws.run(wizardCommand, ['rules', '--file', file, '--yes', ...ws.site(s)]);
      expect(again.stderr).toContain('nothing to do');
      expect(again.stdout).toContain('✓ mgmt → dev tcp/80: allow');
    } finally {
      await s.close();
    }
  });

  it('rules: an outgoing drop in the way is met by an accept placed before it', async () => {
    const {plan} = await planApplyAgain(
      ws,
      demo,
      'rules',
      'flows:\n  - {from: dev, to: vm:web-01, protocol: tcp, ports: "22"}\n',
    );
    expect(plan.stdout).toContain('goes before "Block dev to production"');
    const dev = Number(named(demo, 'vnets', 'dev')!['$key']);
    const order = demo.activeRules(dev).map((r) => String(r['name']));
    expect(order.indexOf('allow-dev-to-web-01-tcp-22')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('allow-dev-to-web-01-tcp-22')).toBeLessThan(order.indexOf('Block dev to production'));
  });

  it('rules: refuses an invalid answer file before connecting, naming the field', async () => {
    const file = ws.file('bad-rules.yaml', 'flows:\n  - {from: web, to: db, protocol: tcp, port: "3306"}\n');
    demo.clearRequests();
    const r = await ws.run(wizardCommand, ['rules', '--file', file, ...ws.site(demo)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('flows[1]');
    expect(demo.requests).toEqual([]);
    // Ports on icmp are wrong whatever the site holds: refused before connecting too.
    const icmp = ws.file('bad-rules3.yaml', 'flows:\n  - {from: web, to: db, protocol: icmp, ports: "22"}\n');
    const r3 = await ws.run(wizardCommand, ['rules', '--file', icmp, '--yes', ...ws.site(demo)]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('flows[1] / ports: ports apply to tcp and udp only');
    expect(demo.requests).toEqual([]);
    // A name the site does not have is found once the site is read.
    const bad = ws.file('bad-rules2.yaml', 'flows:\n  - {from: web, to: nowhere, protocol: tcp, ports: "22"}\n');
    const r2 = await ws.run(wizardCommand, ['rules', '--file', bad, '--yes', ...ws.site(demo)]);
    expect(r2.code).toBe(2);
    expect(r2.stdout).toContain('flows[1] / to: "nowhere" is no network, VM, alias or address');
    expect(writes(demo)).toEqual([]);
  });

  it('aliases: creates the alias and rewrites the rules that spelled it out', async () => {
    const {plan} = await planApplyAgain(ws, demo, 'aliases', 'name: mgmt-net\nmembers: [net:mgmt]\nreplace: all\n');
    expect(plan.stdout).toMatch(/before: accept incoming icmp 10\.10\.3\.0\/24/);
    const alias = named(demo, 'vnet_rule_aliases', 'mgmt-net')!;
    expect(alias['value']).toBe('10.10.3.0/24|mgmt');
    const icmp = demo.rows('vnet_rules').find((r) => r['name'] === 'Allow ICMP from mgmt')!;
    expect(icmp['source_ip']).toBe(`alias:${String(alias['$key'])}`);
    // Routes keep their literal destination.
    expect(
      demo.rows('vnet_rules').filter((r) => r['action'] === 'route' && r['destination_ip'] === '10.10.3.0/24').length,
    ).toBeGreaterThan(0);
  });

  it('vpn (WireGuard): peer keys are generated here; only the public key is sent; the remote config is printed', async () => {
    const answers =
      'kind: wireguard\nwireguard:\n  network: mgmt\n  name: wg1\n  reach: [web]\n  peers:\n    - {name: bob}\n';
    const file = ws.file('wg.yaml', answers);
    const r = await ws.run(wizardCommand, ['vpn', '--file', file, '--yes', ...ws.site(demo)]);
    expect(r.code, r.stderr).toBe(0);
    const key = /PrivateKey = (\S+)/.exec(r.stdout)?.[1];
    expect(key).toBeDefined();
    const wg = named(demo, 'vnet_wireguards', 'wg1')!;
    expect(wg['configure_firewall']).toBe(true);
    const peer = demo.rows('vnet_wireguard_peers').find((p) => p['wireguard'] === wg['$key'] && p['name'] === 'bob')!;
    expect(peer['public_key']).toBe(wireguardPublicKey(key!));
    expect(r.stdout).toContain(`PublicKey = ${String(wg['public_key'])}`);
    expect(r.stdout).toMatch(/AllowedIPs = 192\.168\.\d+\.0\/24, 10\.10\.1\.0\/24/);
    // The private key went nowhere else: not to the simulator, not to the audit log.
    expect(demo.requests.some((q) => JSON.stringify(q).includes(key!))).toBe(false);
    const audit = join(ws.env['XDG_STATE_HOME']!, 'vseg', 'audit.jsonl');
    expect(existsSync(audit) ? readFileSync(audit, 'utf8').includes(key!) : false).toBe(false);
    // The peers may reach web: an accept there, live.
    const web = Number(named(demo, 'vnets', 'web')!['$key']);
    expect(demo.activeRules(web).map((x) => x['name'])).toContain('allow-wg1-to-web');
    // The port forward VergeOS staged on the uplink is live too: nothing is left pending.
    expect(
      demo
        .rows('vnets')
        .filter((n) => ['mgmt', 'web', 'External'].includes(String(n['name'])))
        .map((n) => n['need_fw_apply']),
    ).toEqual([false, false, false]);
    // Again: nothing to do, and the existing peer keeps its key (no new private key printed).
    const again = await ws.run(wizardCommand, ['vpn', '--file', file, '--yes', ...ws.site(demo)]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('nothing to do');
  });

  it('vpn (IPsec): VPN network, phase 1 with a generated PSK, phase 2, and the rules', async () => {
    const answers =
      'kind: ipsec\nipsec:\n  tunnel: branch\n  remoteGateway: 198.51.100.20\n  localSubnets: [web]\n  remoteSubnets: [172.30.0.0/16]\n';
    const {applied, plan} = await planApplyAgain(ws, demo, 'vpn', answers);
    const psk = /PSK "([^"]+)"/.exec(applied.stdout)?.[1];
    expect(psk).toBeDefined();
    const vpn = named(demo, 'vnets', 'vpn')!;
    expect(vpn['type']).toBe('vpn');
    const p1 = named(demo, 'vnet_ipsec_phase1s', 'branch')!;
    // The PSK is write-only in the API: the printed key is the one the simulator stored (its state file holds it).
    demo.saveState();
    expect(readFileSync(state, 'utf8')).toContain(psk!);
    expect(p1['ike']).toBe('aes256gcm16-prfsha384-ecp384');
    expect(p1['keyexchange']).toBe('ikev2');
    const p2 = demo.rows('vnet_ipsec_phase2s').filter((r) => r['phase1'] === p1['$key']);
    expect(p2.map((r) => `${String(r['local'])} ${String(r['remote'])}`)).toEqual(['10.10.1.0/24 172.30.0.0/16']);
    const vpnRules = demo
      .rows('vnet_rules')
      .filter((r) => r['vnet'] === vpn['$key'])
      .map((r) => r['name']);
    expect(vpnRules).toEqual(
      expect.arrayContaining(['allow-ike-from-branch', 'allow-esp-from-branch', 'route-to-web']),
    );
    expect(applied.stdout).toContain('rightsubnet=10.10.1.0/24');
    // #14 item 2: the wizard powers on what it created, with its staged rules going
    // live, and checks its own result (it once said "applied" with the network stopped).
    expect(plan.stdout).toMatch(/POST \/api\/v4\/vnet_actions\s+vnet=\S+ action="poweron" params=\{"?apply"?: ?true\}/);
    const live = named(demo, 'vnets', 'vpn')!;
    expect(demo.row('machine_status', Number(live['machine']))?.['status']).toBe('running');
    expect(live['need_fw_apply']).toBe(false);
    expect(applied.stdout).toMatch(/Checked on the site now: it works/);
    expect(applied.stdout).toMatch(/✓ vpn is running and its rules are live/);
    expect(applied.stdout).toMatch(/✓ 172\.30\.0\.0\/16 → 10\.10\.1\.0\/24 through tunnel branch: allow/);
  });

  it('tenants: creates the tenant with a block and an external IP and isolates it', async () => {
    const {applied} = await planApplyAgain(
      ws,
      demo,
      'tenants',
      'tenant: globex\nblock: {network: External, cidr: 203.0.113.96/28}\nexternalIp: {network: External, ip: 203.0.113.21}\nisolate: true\n',
    );
    const t = named(demo, 'tenants', 'globex')!;
    expect(t['isolate']).toBe(true);
    const owner = `tenants/${String(t['$key'])}`;
    expect(
      demo
        .rows('vnet_cidrs')
        .filter((b) => b['owner'] === owner)
        .map((b) => b['cidr']),
    ).toEqual(['203.0.113.96/28']);
    expect(
      demo
        .rows('vnet_addresses')
        .filter((a) => a['owner'] === owner)
        .map((a) => `${String(a['ip'])} ${String(a['type'])}`),
    ).toEqual(['203.0.113.21 virtual']);
    expect(applied.stdout).toContain('Which of its flows the rules allow');
    expect(applied.stdout).toMatch(/tenant → web: deny/);
    // Overlapping another tenant's block is refused before anything is sent.
    const clash = ws.file('clash.yaml', 'tenant: initech\nblock: {network: External, cidr: 203.0.113.64/27}\n');
    demo.clearRequests();
    const r = await ws.run(wizardCommand, ['tenants', '--file', clash, '--yes', ...ws.site(demo)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('overlaps the network block 203.0.113.64/28 of tenant acme');
    expect(writes(demo)).toEqual([]);
  });

  it('monitor: statistics, mirroring with a restart, then the capture NIC on the mirror network', async () => {
    const answers = 'network: db\nstatistics: true\nmirroring: north_south\ncapture: jump-01\n';
    const {plan, applied} = await planApplyAgain(ws, demo, 'monitor', answers);
    expect(plan.stdout).toContain('Restart network db');
    expect(plan.stdout).toContain('attach jump-01.');
    const db = named(demo, 'vnets', 'db')!;
    expect(db['port_mirroring']).toBe('north_south');
    expect(db['statistics']).toBe(true);
    const mirror = named(demo, 'vnets', 'db_mirror')!;
    expect(db['port_mirroring_vnet']).toBe(mirror['$key']);
    const jump = demo.rows('vms').find((v) => v['name'] === 'jump-01')!;
    const nic = demo.rows('machine_nics').find((n) => n['machine'] === jump['machine'])!;
    expect(nic['vnet']).toBe(mirror['$key']);
    expect(
      demo
        .rows('vnet_rules')
        .filter((r) => r['vnet'] === db['$key'] && !r['system_rule'])
        .every((r) => r['statistics'] === true),
    ).toBe(true);
    expect(applied.stdout).toContain('Hit counters');
    // Mirroring off again: the restart removes the mirror network.
    const off = await planApplyAgain(ws, demo, 'monitor', 'network: db\nstatistics: false\nmirroring: "off"\n');
    expect(off.plan.stdout).toContain('Restart network db');
    expect(named(demo, 'vnets', 'db_mirror')).toBeUndefined();
  });

  it('setup: plans every step against the site the steps before leave, then applies them in order', async () => {
    const s = await sim('empty');
    try {
      const answers = [
        'wizard: setup',
        'topology: {template: custom, baseBlock: 10.60.0.0/16, networks: [{name: app}, {name: data}]}',
        'rules: {flows: [{from: app, to: data, protocol: tcp, ports: "5432"}]}',
        'aliases: {name: app-net, members: [net:app], replace: all}',
        'tenants: {tenant: initech, isolate: true}',
        '',
      ].join('\n');
      const {plan, applied} = await planApplyAgain(ws, s, 'setup', answers);
      expect(plan.stdout).toContain('Step 2/4: Configure network rules');
      expect(plan.stdout).toContain('→ app → data tcp/5432: allow once these steps ran (live rules now: deny)');
      expect(applied.stdout).toContain('Setup complete');
      const data = named(s, 'vnets', 'data')!;
      const alias = named(s, 'vnet_rule_aliases', 'app-net')!;
      const rule = s
        .rows('vnet_rules')
        .find((r) => r['vnet'] === data['$key'] && r['name'] === 'allow-app-to-data-tcp-5432')!;
      expect(rule['source_ip']).toBe(`alias:${String(alias['$key'])}`);
      expect(named(s, 'tenants', 'initech')?.['isolate']).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('a fault mid-apply leaves a resumable draft; --resume completes without duplicates', async () => {
    const s = await sim('empty', {powerDelayMs: 40});
    const w = new Workspace();
    try {
      const file = w.file(
        't.yaml',
        'template: custom\nbaseBlock: 10.70.0.0/16\nnetworks: [{name: a1}, {name: a2}, {name: a3}, {name: a4}, {name: a5}]\n',
      );
      // The API starts failing once the first network exists: the run stops partway.
      let done = false;
      const watcher = waitUntil(() => done || s.rows('vnets').some((r) => r['name'] === 'a1'), {
        what: 'network a1',
        timeoutMs: 60_000,
        everyMs: 1,
      }).then(() => {
        if (!done) s.setFaults('error=1');
      });
      const r = await w.run(wizardCommand, ['topology', '--file', file, '--yes', ...w.site(s)]);
      done = true;
      await watcher;
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('The topology wizard stopped');
      expect(r.stderr).toMatch(/Done \(\d+\): Create network a1/);
      expect(r.stderr).toMatch(/Not done \(\d+\): /);
      expect(r.stderr).toContain('Resume with: vseg wizard topology --resume --yes');
      s.setFaults('');
      const drafts = draftFiles(w);
      expect(drafts).toHaveLength(1);
      const draft = JSON.parse(readFileSync(drafts[0], 'utf8')) as {
        kind: string;
        run?: {results: Record<string, {status: string}>};
      };
      expect(draft.kind).toBe('wizard:topology');
      expect(draft.run?.results['create network a1']?.status).toBe('done');
      expect(Object.values(draft.run?.results ?? {}).some((x) => x.status === 'failed')).toBe(true);
      const resumed = await w.run(wizardCommand, ['topology', '--resume', '--yes', ...w.site(s)]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(draftFiles(w)).toEqual([]);
      const byName = (x: Record<string, unknown>) => String(x['name']);
      expect(duplicates(s.rows('vnets'), byName)).toEqual([]);
      expect(
        s
          .rows('vnets')
          .filter((x) => x['type'] === 'internal')
          .map(byName)
          .sort(),
      ).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
      s.clearRequests();
      const again = await w.run(wizardCommand, ['topology', '--file', file, '--yes', ...w.site(s)]);
      expect(again.code).toBe(0);
      expect(writes(s)).toEqual([]);
    } finally {
      await s.close();
      w.remove();
    }
  }, 30_000);

  it('usage: --example prints an answer file; no answers points to the console; a missing draft is reported', async () => {
    const ex = await ws.run(wizardCommand, ['rules', '--example']);
    expect(ex.code).toBe(0);
    expect(ex.stdout).toContain('flows:');
    const none = await ws.run(wizardCommand, ['rules', ...ws.site(demo)]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(':wizard rules');
    const resume = await ws.run(wizardCommand, ['aliases', '--resume', ...ws.site(demo)]);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toContain('no draft of the aliases wizard');
    const unknown = await ws.run(wizardCommand, ['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown step "nope"');
  });
});
