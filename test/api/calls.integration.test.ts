// Every table, field, join, filter, action and token vseg uses must be in
// source/api/README.md with the public source that confirms it (issue 12,
// defect 4; VERGEOS-API.md §8.2). Two checks, each able to fail:
// - dynamic: the commands, wizards and console edits run against a simulator,
//   and every request they send (its table, `fields`, `filter`, `sort`, write
//   members, action and the rule-field tokens it writes) must be listed;
// - static: every table name in the client code and every field list in
//   api/rows.ts and filter column in api/columns.ts must be listed.
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {FILTER_COLUMNS} from '../../source/api/columns.js';
import * as rows from '../../source/api/rows.js';
import {applyRulesCommand} from '../../source/commands/apply-rules.js';
import {diagCommand} from '../../source/commands/diag.js';
import {exportCommand} from '../../source/commands/export.js';
import {getCommand} from '../../source/commands/get.js';
import {applyCommand} from '../../source/commands/apply.js';
import {loginCommand} from '../../source/commands/login.js';
import {wizardCommand} from '../../source/commands/wizard.js';
import {executePlan} from '../../source/domain/changes/execute.js';
import type {ChangePlan} from '../../source/domain/changes/types.js';
import {
  aliasFormValues,
  createAliasPlan,
  deleteAliasPlan,
  entryField,
  updateAliasPlan,
} from '../../source/domain/edits/aliases.js';
import {createPhase2Plan, createTunnelPlan, deleteTunnelPlan} from '../../source/domain/edits/ipsec.js';
import {attachCapturePlan, mirrorModePlan, mirrorNetworkOf} from '../../source/domain/edits/mirrors.js';
import {
  createNetworkPlan,
  deleteNetworkPlan,
  networkFormValues,
  powerPlan,
  updateNetworkPlan,
} from '../../source/domain/edits/networks.js';
import {
  copyRulePlan,
  createRulePlan,
  deleteRulePlan,
  moveRulePlan,
  pinRulePlan,
  ruleFormValues,
  toggleRulePlan,
  updateRulePlan,
} from '../../source/domain/edits/rules.js';
import {tenantActionPlan} from '../../source/domain/edits/tenants.js';
import {moveNicPlan} from '../../source/domain/edits/vms.js';
import {
  createInterfacePlan,
  createPeerPlan,
  deleteInterfacePlan,
  deletePeerPlan,
  updateInterfacePlan,
} from '../../source/domain/edits/wireguard.js';
import {loadSite} from '../../source/domain/load-site.js';
import type {Site} from '../../source/domain/model.js';
import {EXAMPLES} from '../../source/domain/wizards/examples.js';
import {generateWireguardKeyPair} from '../../source/domain/wireguard-keys.js';
import type {SimRequest, SimulatorHandle} from '../../source/simulator/index.js';
import {parseFields, type FieldItem} from '../../source/simulator/query/fields-parse.js';
import {parseFilter} from '../../source/simulator/query/filter-parse.js';
import type {FilterNode} from '../../source/simulator/query/filter-ast.js';
import {schemaOf} from '../../source/simulator/schema/index.js';
import {sim as startSim, Workspace} from '../commands/helpers.js';

/** `kind table name` → its public source, from the README's table. */
function readmeEntries(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync('source/api/README.md', 'utf8').split('\n')) {
    const cells = line.split(' | ').map((c) => c.replace(/^\|\s*|\s*\|$/g, '').trim());
    if (cells.length < 4 || !/^`[a-z]+`$/.test(cells[0])) continue;
    const [kind, table, name] = cells.slice(0, 3).map((c) => c.replace(/^`|`$/g, ''));
    out.set(`${kind} ${table} ${name}`, cells[cells.length - 1]);
  }
  return out;
}

/** What one request uses, as README keys. */
function itemsOf(r: SimRequest): string[] {
  const out: string[] = [];
  if (r.path === '/version.json') return ['table version.json GET'];
  if (r.path.startsWith('/api/sys/tokens')) return [`table sys/tokens ${r.method}`];
  const [table, key, sub] = r.path.replace(/^\/api\/v4\//, '').split('/');
  const op = r.method === 'GET' ? (key ? 'GET one' : 'GET list') : sub ? `${r.method} ${sub}` : r.method;
  out.push(`table ${table} ${op}`);
  const fieldItems = (t: string, items: FieldItem[]): void => {
    for (const item of items) {
      if (item.kind === 'view') out.push(`field ${t} ${item.view}`);
      else if (item.kind === 'path') out.push(`${item.path.length > 1 ? 'join' : 'field'} ${t} ${item.path.join('#')}`);
      else if (item.kind === 'func') out.push(`field ${t} ${item.text}`);
      else {
        out.push(`join ${t} ${item.path.join('#')}[]`);
        const def = schemaOf(t)?.byName.get(item.path[item.path.length - 1]);
        if (def?.table && item.path.length === 1) fieldItems(def.table, item.items);
      }
    }
  };
  if (r.query['fields']) fieldItems(table, parseFields(r.query['fields']));
  const filterFields = (n: FilterNode): void => {
    if (n.type === 'cmp') out.push(`filter ${table} ${n.field}`);
    else n.items.forEach(filterFields);
  };
  if (r.query['filter']) filterFields(parseFilter(r.query['filter']));
  for (const s of (r.query['sort'] ?? '').split(',').filter(Boolean))
    out.push(`sort ${table} ${s.replace(/^[+-\s]/, '')}`);
  const w = r.write;
  if (w) {
    if (table.endsWith('_actions') && w.action) {
      out.push(`action ${table} ${w.action}`);
      for (const p of w.params ?? []) out.push(`param ${table} ${w.action}.${p}`);
    } else for (const m of w.members) out.push(`field ${table} ${m}`);
    for (const t of w.tokens ?? []) out.push(`token ${table} ${t}`);
  }
  return out;
}

function missingFrom(used: Iterable<string>, readme: Map<string, string>): string[] {
  return [...new Set(used)].filter((k) => !readme.get(k)).sort();
}

describe('every call vseg makes is listed in source/api/README.md with its public source', () => {
  let s: SimulatorHandle;
  const ws = new Workspace();
  const readme = readmeEntries();
  const used: string[] = [];

  beforeAll(async () => {
    s = await startSim('demo');
  }, 30_000);
  afterAll(async () => {
    await s.close();
  });

  it('the README lists entries, each with a source', () => {
    expect(readme.size).toBeGreaterThan(100);
    for (const [k, source] of readme) expect(source.length, k).toBeGreaterThan(3);
  });

  it('dynamic: commands, wizards and console edits send only listed calls', async () => {
    const site = ws.site(s);
    const run = async (command: Parameters<Workspace['run']>[0], argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const r = await ws.run(command, argv, {env});
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBeLessThan(2);
      return r;
    };
    await run(loginCommand, ['--profile', 'calls', ...site]);
    for (const what of ['networks', 'rules', 'aliases', 'ipsec', 'wireguard', 'tenants', 'mirrors', 'vms'])
      await run(getCommand, [what, ...site, '-o', 'json']);
    await run(applyRulesCommand, ['--all-pending', ...site]);
    // the topology example's names are the demo's own networks: the same answers with new ones
    const answers = {
      ...EXAMPLES,
      topology: EXAMPLES.topology
        .replace('- name: web', '- name: tiera')
        .replace('- name: db', '- name: tierb')
        .replace('- name: mgmt', '- name: tierc')
        .replace('network: web', 'network: tiera'),
    };
    for (const name of ['topology', 'rules', 'aliases', 'vpn', 'tenants', 'monitor'] as const) {
      const file = ws.file(`${name}.yaml`, answers[name]);
      await run(wizardCommand, [name, '--file', file, '--yes', ...site]);
    }
    const ipsec = ws.file(
      'ipsec.yaml',
      'wizard: vpn\nkind: ipsec\nipsec:\n  network: vpn\n  tunnel: to-branch\n  remoteGateway: 198.51.100.20\n' +
        '  localSubnets: [web]\n  remoteSubnets: [172.30.0.0/16]\n  psk: {secret: branch-psk}\n',
    );
    await run(wizardCommand, ['vpn', '--file', ipsec, '--yes', ...site], {VSEG_SECRET_BRANCH_PSK: 'calls-test-psk'});
    const exported = ws.file('site.yaml', (await run(exportCommand, [...site])).stdout);
    await run(applyCommand, ['--file', exported, '--yes', ...site]);
    await run(diagCommand, ['web', 'arp', ...site]);

    await consoleEdits(s);
    for (const r of s.requests) if (r.status !== 0 && r.status < 500) used.push(...itemsOf(r));
    const missing = missingFrom(used, readme);
    expect(missing, `used but not in source/api/README.md:\n${missing.join('\n')}`).toEqual([]);
  }, 180_000);

  it('static: every table the client code names, every read field list and filter column is listed', () => {
    const tables = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) {
          if (e !== 'simulator') walk(p);
        } else if (/\.tsx?$/.test(e)) {
          const text = readFileSync(p, 'utf8');
          for (const m of text.matchAll(
            /\btable: '([a-z_]+)'|client\.(?:list|get|create|update|remove|action)\(\s*'([a-z_]+)'|apiPath\('([a-z_]+)'/g,
          ))
            tables.add(m[1] ?? m[2] ?? m[3]);
        }
      }
    };
    walk('source');
    const listedTables = new Set([...readme.keys()].filter((k) => k.startsWith('table ')).map((k) => k.split(' ')[1]));
    expect([...tables].filter((t) => !listedTables.has(t)).sort()).toEqual([]);
    const fieldLists: Array<[string, readonly string[]]> = [
      ['vnets', rows.VNET_FIELDS],
      ['vnet_rules', rows.RULE_FIELDS],
      ['vnet_rule_aliases', rows.ALIAS_FIELDS],
      ['vnet_addresses', rows.ADDRESS_FIELDS],
      ['vnet_cidrs', rows.CIDR_FIELDS],
      ['vms', rows.VM_FIELDS],
      ['tenants', rows.TENANT_FIELDS],
      ['tenant_nodes', rows.TENANT_NODE_FIELDS],
      ['vnet_wireguards', rows.WIREGUARD_FIELDS],
      ['vnet_wireguard_peers', rows.WIREGUARD_PEER_FIELDS],
      ['vnet_wireguard_peer_status', rows.WIREGUARD_PEER_STATUS_FIELDS],
      ['vnet_ipsecs', rows.IPSEC_FIELDS],
      ['vnet_ipsec_phase1s', rows.PHASE1_FIELDS],
      ['vnet_ipsec_phase2s', rows.PHASE2_FIELDS],
    ];
    const wanted: string[] = [];
    for (const [table, fields] of fieldLists) {
      const request = {
        path: `/api/v4/${table}`,
        method: 'GET',
        query: {fields: fields.join(',')},
      } as unknown as SimRequest;
      wanted.push(...itemsOf(request).filter((k) => !k.startsWith('table ')));
    }
    for (const [table, columns] of Object.entries(FILTER_COLUMNS))
      for (const c of columns) wanted.push(`filter ${table} ${c}`);
    expect(missingFrom(wanted, readme)).toEqual([]);
  });

  it('a call that is not listed fails the check (the check can fail)', () => {
    const invented = {
      path: '/api/v4/vnet_wireguard_peers',
      method: 'GET',
      query: {fields: 'name,status#last_handshake as last_handshake'},
    } as unknown as SimRequest;
    expect(missingFrom(itemsOf(invented), readme)).toEqual(['join vnet_wireguard_peers status#last_handshake']);
    const write = {
      path: '/api/v4/vnet_rules',
      method: 'POST',
      query: {},
      write: {members: ['vnet', 'name', 'source_ip'], tokens: ['vnet:']},
    } as unknown as SimRequest;
    expect(missingFrom(itemsOf(write), readme)).toEqual(['token vnet_rules vnet:']);
  });
});

/** The console's edits, as its panes build them, run through the executor. */
async function consoleEdits(s: SimulatorHandle): Promise<void> {
  const client = new VergeClient({
    url: s.url,
    auth: {kind: 'basic', user: s.user, password: s.password},
    trust: {mode: 'pin', fingerprint: s.fingerprint!},
  });
  try {
    let site: Site = await loadSite(client);
    const exec = async (plan: ChangePlan): Promise<void> => {
      const report = await executePlan(client, plan, {pollMs: 5, applyTimeoutMs: 10_000, actionTimeoutMs: 10_000});
      expect(report.error?.describe(), plan.title).toBeUndefined();
      site = await loadSite(client, {previous: site});
    };
    const net = (name: string) => site.networks.find((n) => n.name === name)!;
    // networks
    await exec(
      createNetworkPlan({...networkFormValues(site), name: 'calls-net', cidr: '10.99.7.0/24', powerOn: true}, site),
    );
    await exec(
      updateNetworkPlan(net('calls-net'), {...networkFormValues(site, net('calls-net')), description: 'x'}, site).plan,
    );
    await exec(powerPlan(net('calls-net'), 'reset'));
    // rules
    const vnet = net('calls-net').key;
    await exec(
      createRulePlan({...ruleFormValues(site), name: 'calls-a', protocol: 'tcp', destinationPorts: '22'}, {site, vnet}),
    );
    await exec(createRulePlan({...ruleFormValues(site), name: 'calls-b', source: 'alias:admins'}, {site, vnet}));
    const ruleA = () => site.rules.find((r) => r.name === 'calls-a')!;
    await exec(updateRulePlan(ruleA(), {...ruleFormValues(site, ruleA()), destinationPorts: '2222'}, site));
    await exec(copyRulePlan(ruleA(), site));
    await exec(toggleRulePlan(ruleA(), 'enabled', site));
    await exec(pinRulePlan(ruleA(), 'top', site));
    const moved = moveRulePlan(
      site.rules.find((r) => r.name === 'calls-b')!,
      'up',
      site,
    );
    if ('plan' in moved) await exec(moved.plan);
    await exec(deleteRulePlan(ruleA(), site));
    // aliases
    await exec(createAliasPlan({...aliasFormValues(), name: 'calls-alias', [entryField(0)]: '192.0.2.1'}, site));
    const alias = () => site.aliases.find((a) => a.name === 'calls-alias')!;
    await exec(updateAliasPlan(alias(), {...aliasFormValues(alias()), description: 'x'}, site).plan);
    await exec(deleteAliasPlan(alias(), site));
    // WireGuard
    await exec(
      createInterfacePlan(
        {network: String(vnet), name: 'wgc', ip: '192.168.240.1/24', listenPort: 51830, endpointIp: '', enabled: true},
        site,
      ),
    );
    const wg = () => site.wireguards.find((w) => w.name === 'wgc')!;
    await exec(
      updateInterfacePlan(wg(), {name: 'wgc', ip: '192.168.240.1/24', listenPort: 51831, enabled: true}, site),
    );
    const peerValues = {
      name: 'p1',
      peerIp: '192.168.240.2',
      allowedIps: '192.168.240.2/32',
      firewall: 'site-to-site',
      port: 51820,
      keepalive: 0,
      enabled: true,
    };
    await exec(createPeerPlan(wg(), peerValues, site, generateWireguardKeyPair().publicKey));
    await exec(deletePeerPlan(wg(), wg().peers[0], site));
    await exec(deleteInterfacePlan(wg(), site));
    // IPsec
    const tunnelValues = {
      network: String(vnet),
      name: 'calls-tunnel',
      remoteGateway: '198.51.100.40',
      keyexchange: 'ikev2',
      ike: 'aes256-sha256-modp2048',
      pskMode: 'enter',
      auto: 'route',
      dpdaction: 'restart',
      enabled: true,
      description: '',
      p2Name: 'lan',
      local: '10.99.7.0/24',
      remote: '172.31.0.0/16',
      lifetime: 3600,
    };
    await exec(createTunnelPlan(tunnelValues, site, 'calls-psk'));
    const tunnel = () => site.ipsec.find((t) => t.name === 'calls-tunnel')!;
    await exec(
      createPhase2Plan(
        tunnel(),
        {name: 'dmz', local: '10.99.7.0/25', remote: '172.30.0.0/16', lifetime: 3600, enabled: true},
        site,
      ),
    );
    await exec(deleteTunnelPlan(tunnel(), site));
    // tenants
    const acme = () => site.tenants.find((t) => t.name === 'acme')!;
    await exec(tenantActionPlan(acme(), 'isolateon'));
    await exec(tenantActionPlan(acme(), 'isolateoff'));
    await exec(tenantActionPlan(acme(), 'poweroff'));
    // mirroring, capture and a NIC move
    await exec(mirrorModePlan(net('calls-net'), 'north_south', true));
    const mirror = mirrorNetworkOf(net('calls-net'), site);
    const web02 = site.vms.find((v) => v.name === 'web-02')!;
    if (mirror) await exec(attachCapturePlan(net('calls-net'), web02.nics[0].key, site));
    const dev01 = site.vms.find((v) => v.name === 'dev-01')!;
    await exec(moveNicPlan(dev01, dev01.nics[0], vnet, site));
    // power off and delete the network
    await exec(
      moveNicPlan(
        site.vms.find((v) => v.name === 'dev-01')!,
        site.vms.find((v) => v.name === 'dev-01')!.nics[0],
        net('dev').key,
        site,
      ),
    );
    await exec(mirrorModePlan(net('calls-net'), 'off', true));
    await exec(powerPlan(net('calls-net'), 'poweroff'));
    await exec(deleteNetworkPlan(net('calls-net'), site));
  } finally {
    await client.close();
  }
}
