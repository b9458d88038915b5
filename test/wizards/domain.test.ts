// The wizards' answers, validators and planners on a site loaded from the
// simulator (no console, no command): what each field refuses and why, what a
// plan holds, and that generated secrets lost with an interrupted run are set
// again.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {wizardPolicy} from '../../source/session/wizard-policy.js';
import {loadSite} from '../../source/domain/load-site.js';
import type {Site} from '../../source/domain/model.js';
import {textOf} from '../../source/domain/text.js';
import {
  AnswersError,
  EXAMPLES,
  SecretBox,
  WIZARDS,
  isWgKey,
  parseAnswers,
  regenerateFrom,
  wizardDraftName,
  type FieldValues,
  type WizardName,
} from '../../source/domain/wizards/index.js';
import {validateFlowPorts} from '../../source/domain/wizards/rules.js';
import {
  proposeDhcp,
  resolveTopology,
  topologySchema,
  validateDhcpRange,
  validateNetworkCidr,
  validateRouterIp,
} from '../../source/domain/wizards/topology.js';
import {validateBlock} from '../../source/domain/edits/tenants.js';
import {validateExternalIp} from '../../source/domain/wizards/tenants.js';
import {validateInterfaceAddress} from '../../source/domain/wizards/vpn.js';
import {resolveFlowEndpoint} from '../../source/domain/wizards/endpoints.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';

let sim: SimulatorHandle;
let client: VergeClient;
let site: Site;
const ctx = () => ({policy: wizardPolicy(), secrets: new SecretBox()});

beforeAll(async () => {
  sim = await startSimulator({seed: 'demo', applyDelayMs: 5, powerDelayMs: 5});
  client = new VergeClient({
    url: sim.url,
    auth: {kind: 'basic', user: sim.user, password: sim.password},
    trust: {mode: 'insecure'},
  });
  site = await loadSite(client);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

/** The values a page's fields start with, as the form would submit them untouched. */
function initialValues(fields: ReturnType<(typeof WIZARDS)['rules']['pages']>[number]['fields']): FieldValues {
  return Object.fromEntries(fields.map((f) => [f.name, f.initial]));
}

describe('answer files', () => {
  it('every example parses, and names its wizard', () => {
    for (const name of Object.keys(EXAMPLES) as WizardName[]) {
      expect(() => parseAnswers(name, EXAMPLES[name], `${name}.yaml`), name).not.toThrow();
      expect(EXAMPLES[name]).toContain(`wizard: ${name}`);
    }
  });

  it('refuses unknown keys and answers for another step, naming the path', () => {
    expect(() => parseAnswers('rules', 'flows:\n  - {from: web, too: db}\n', 'a.yaml')).toThrow(/flows\[1\]/);
    expect(() => parseAnswers('rules', 'wizard: topology\n', 'a.yaml')).toThrow(AnswersError);
    expect(() => parseAnswers('topology', 'prefix: 40\n', 'a.yaml')).toThrow(/prefix/);
    expect(() =>
      parseAnswers(
        'vpn',
        'kind: wireguard\nwireguard: {network: mgmt, peers: [{name: x, privateKey: abc}]}\n',
        'a.yaml',
      ),
    ).toThrow(/privateKey/);
  });

  it('drafts are named per step', () => {
    expect(wizardDraftName('setup')).toBe('wizard-setup');
    expect(wizardDraftName('vpn')).toBe('wizard-vpn');
  });
});

describe('field validators', () => {
  it('topology: overlapping blocks, router and DHCP outside the block', () => {
    expect(validateNetworkCidr(site, 'app', '10.10.2.0/23', [])).toBe('overlaps network db (10.10.2.0/24)');
    expect(validateNetworkCidr(site, 'app', '10.20.0.0/24', [{name: 'x', cidr: '10.20.0.128/25'}])).toBe(
      'overlaps x (10.20.0.128/25)',
    );
    expect(validateNetworkCidr(site, 'app', '10.20.0.5/24', [])).toMatch(
      /host bits set; did you mean 10\.20\.0\.0\/24/,
    );
    expect(validateNetworkCidr(site, 'web', '10.10.1.0/24', [])).toBeUndefined();
    expect(validateRouterIp('10.20.0.0', '10.20.0.0/24')).toBe('10.20.0.0 is the network address of 10.20.0.0/24');
    expect(validateRouterIp('10.21.0.1', '10.20.0.0/24')).toBe('not inside 10.20.0.0/24');
    expect(validateDhcpRange('10.20.0.1-10.20.0.50', '10.20.0.0/24', '10.20.0.1')).toBe(
      'contains the router address 10.20.0.1',
    );
    expect(validateDhcpRange('10.20.0.200-10.20.0.100', '10.20.0.0/24', '10.20.0.1')).toMatch(/starts after it ends/);
    expect(proposeDhcp('10.20.0.0/24', '10.20.0.1')).toEqual({start: '10.20.0.100', stop: '10.20.0.200'});
  });

  it('topology: proposals avoid the site and each other', () => {
    const r = resolveTopology(
      site,
      topologySchema.parse({
        template: 'custom',
        baseBlock: '10.10.0.0/16',
        networks: [{name: 'a'}, {name: 'b'}, {name: 'web'}],
      }),
    );
    expect(r.map((n) => n.cidr)).toEqual(['10.10.0.0/24', '10.10.5.0/24', '10.10.1.0/24']);
    expect(r[2].existing?.name).toBe('web');
    expect(r[0].dmzIp).not.toBe(r[1].dmzIp);
    expect(site.networks.some((n) => n.dmzIp === r[0].dmzIp)).toBe(false);
  });

  it('rules: endpoints and ports', () => {
    expect(resolveFlowEndpoint(site, 'nowhere')).toEqual({
      ok: false,
      error: '"nowhere" is no network, VM, alias or address',
    });
    expect(resolveFlowEndpoint(site, 'vm:web-01.eth9')).toMatchObject({
      ok: false,
      error: expect.stringContaining('no NIC named "eth9"'),
    });
    expect(resolveFlowEndpoint(site, 'tenant_acme')).toMatchObject({
      ok: false,
      error: expect.stringContaining('managed by VergeOS'),
    });
    const vm = resolveFlowEndpoint(site, 'web-01');
    expect(vm.ok && vm.value.ruleText).toBe('10.10.1.11');
    const alias = resolveFlowEndpoint(site, 'alias:admins');
    expect(alias.ok && alias.value.parts.map((p) => p.network?.name ?? 'outside')).toEqual(['mgmt', 'outside']);
    expect(validateFlowPorts('icmp', '22')).toBe('ports apply to tcp and udp only (not icmp)');
    expect(validateFlowPorts('tcp', '70000')).toMatch(/out of range/);
    expect(validateFlowPorts('tcp', '80,443')).toBeUndefined();
  });

  it('tenants: blocks and external IPs must be free', () => {
    expect(validateBlock(site, 'new', 'External', '203.0.113.64/27')).toBe(
      'overlaps the network block 203.0.113.64/28 of tenant acme',
    );
    expect(validateBlock(site, 'new', 'External', '10.0.0.0/28')).toBe("not inside External's block 203.0.113.0/24");
    expect(validateBlock(site, 'new', 'External', '203.0.113.0/28')).toMatch(/contains External's router or gateway/);
    expect(validateExternalIp(site, 'new', 'External', '203.0.113.20')).toBe('already used by tenant acme');
    expect(validateExternalIp(site, 'acme', 'External', '203.0.113.20')).toBeUndefined();
    expect(validateExternalIp(site, 'new', 'External', '203.0.113.70')).toBe(
      'inside the network block 203.0.113.64/28 of tenant acme',
    );
  });

  it('vpn: the tunnel block must be new', () => {
    expect(validateInterfaceAddress(site, '192.168.255.9/24')).toBe(
      'overlaps WireGuard interface wg0 (192.168.255.1/24)',
    );
    expect(validateInterfaceAddress(site, '10.10.1.5/24')).toBe('overlaps network web (10.10.1.0/24)');
    expect(validateInterfaceAddress(site, '192.168.250.0/24')).toMatch(/not the network address/);
    expect(validateInterfaceAddress(site, '192.168.250.1/24')).toBeUndefined();
  });

  it('every page field of every wizard validates its initial value on a fresh site without throwing', () => {
    for (const def of Object.values(WIZARDS)) {
      const pages = def.pages(site, def.initial(site), ctx());
      expect(pages.length, def.id).toBeGreaterThan(0);
      for (const page of pages) {
        const values = initialValues(page.fields);
        for (const f of page.fields) {
          const validate = f.validate as ((v: unknown, vs: FieldValues) => string | undefined) | undefined;
          expect(() => validate?.(values[f.name], values), `${def.id}/${page.id}/${f.name}`).not.toThrow();
        }
      }
    }
  });
});

describe('planners', () => {
  it('rules pages: a flow page submits into the answers and offers another', () => {
    const def = WIZARDS.rules;
    const [page] = def.pages(site, def.initial(site), ctx());
    const answers = page.submit(
      {from: 'web', to: 'db', protocol: 'tcp', ports: '3306', name: '', more: true},
      def.initial(site),
    );
    expect(answers.flows).toEqual([
      {from: 'web', to: 'db', protocol: 'tcp', ports: '3306'},
      {from: '', to: '', protocol: 'tcp', ports: ''},
    ]);
    expect(def.pages(site, answers, ctx()).map((p) => p.id)).toEqual(['flow-1', 'flow-2', 'posture']);
  });

  it('an any-to-any flow is warned about', () => {
    const plan = WIZARDS.rules.plan(
      site,
      {flows: [{from: 'outside', to: 'db', protocol: 'any', ports: ''}], defaultDeny: true},
      ctx(),
    );
    expect(plan.warnings.join('\n')).toMatch(/any-to-any/);
  });

  it('default deny adds a pinned-bottom drop only where a segment accepts by default', () => {
    const open = {
      ...wizardPolicy(),
      defaultAction: (_n: unknown, d: string) => (d === 'incoming' ? ('accept' as const) : ('accept' as const)),
    };
    const plan = WIZARDS.rules.plan(
      site,
      {flows: [{from: 'web', to: 'db', protocol: 'tcp', ports: '5432'}], defaultDeny: true},
      {policy: open, secrets: new SecretBox()},
    );
    const drops = plan.changePlan.steps.filter(
      (s) => s.kind === 'create' && s.body['name'] === 'default-deny-incoming',
    );
    expect(drops.length).toBe(4);
    expect(drops.every((s) => s.kind === 'create' && s.body['pin'] === 'bottom' && s.body['action'] === 'drop')).toBe(
      true,
    );
    const none = WIZARDS.rules.plan(
      site,
      {flows: [{from: 'web', to: 'db', protocol: 'tcp', ports: '5432'}], defaultDeny: true},
      ctx(),
    );
    expect(none.changePlan.steps.some((s) => s.kind === 'create' && s.body['name'] === 'default-deny-incoming')).toBe(
      false,
    );
  });

  it('a peer created by an interrupted run gets a new key pair (its private key was never kept)', () => {
    const answers = WIZARDS.vpn.schema.parse({
      kind: 'wireguard',
      wireguard: {network: 'mgmt', name: 'wg0', peers: [{name: 'alice-laptop', address: '192.168.255.10'}]},
    });
    const keep = WIZARDS.vpn.plan(site, answers, ctx());
    expect(keep.changePlan.steps.some((s) => s.kind === 'update' && 'public_key' in s.body)).toBe(false);
    const state = {
      planTitle: 'x',
      refs: {},
      startedAt: '',
      updatedAt: '',
      results: {
        'create peer mgmt/wg0/alice-laptop': {id: 'create peer mgmt/wg0/alice-laptop', status: 'done' as const},
      },
    };
    const regenerate = regenerateFrom(state);
    expect([...regenerate]).toEqual(['create peer mgmt/wg0/alice-laptop']);
    const secrets = new SecretBox();
    const again = WIZARDS.vpn.plan(site, answers, {policy: wizardPolicy(), secrets, regenerate});
    const update = again.changePlan.steps.find((s) => s.kind === 'update' && 'public_key' in s.body);
    expect(update).toBeDefined();
    const pub = update && update.kind === 'update' ? textOf(update.body['public_key']) : '';
    expect(isWgKey(pub)).toBe(true);
    expect(secrets.wgKeys('wg-mgmt-wg0-alice-laptop').publicKey).toBe(pub);
  });

  it('an IPsec tunnel created by an interrupted run gets a new pre-shared key, sent as a secret field', () => {
    const answers = WIZARDS.vpn.schema.parse({
      kind: 'ipsec',
      ipsec: {
        network: 'mgmt',
        tunnel: 'hq',
        remoteGateway: '198.51.100.10',
        localSubnets: ['mgmt'],
        remoteSubnets: ['172.16.0.0/16'],
      },
    });
    const plan = WIZARDS.vpn.plan(site, answers, ctx());
    expect(plan.errors.join()).toMatch(/mgmt is a network of type internal/);
    const vpn = WIZARDS.vpn.schema.parse({
      kind: 'ipsec',
      ipsec: {
        network: 'vpn2',
        tunnel: 't1',
        remoteGateway: '198.51.100.30',
        localSubnets: ['db'],
        remoteSubnets: ['172.31.0.0/16'],
        psk: {secret: 'my-psk'},
      },
    });
    const secrets = new SecretBox({get: (n) => (n === 'my-psk' ? 'supplied-secret-value' : undefined)});
    const p = WIZARDS.vpn.plan(site, vpn, {policy: wizardPolicy(), secrets});
    const p1 = p.changePlan.steps.find((s) => s.kind === 'create' && s.table === 'vnet_ipsec_phase1s');
    expect(p1 && p1.kind === 'create' && p1.body['psk']).toBe('supplied-secret-value');
    expect(p1?.secretFields).toEqual(['psk']);
    expect(p.review.map((l) => l.text).join('\n')).not.toContain('supplied-secret-value');
  });

  it('tenant flows are judged by the policy in the review', () => {
    const plan = WIZARDS.tenants.plan(site, {tenant: 'acme', isolate: true}, ctx());
    const text = plan.review.map((l) => l.text).join('\n');
    expect(text).toContain('Flows of tenant acme (203.0.113.64/28, 203.0.113.20)');
    expect(text).toMatch(/tenant → web: (allow|deny|partial)/);
    expect(plan.changePlan.steps.map((s) => s.id)).toEqual(['isolate tenant acme']);
  });

  it('monitor on a network already mirrored and counted finds nothing to do', () => {
    const plan = WIZARDS.monitor.plan(
      site,
      WIZARDS.monitor.schema.parse({network: 'web', capture: 'capture-01.eth1'}),
      ctx(),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.restarts).toEqual([]);
    expect(plan.changePlan.steps).toEqual([]);
    const ew = WIZARDS.monitor.plan(
      site,
      WIZARDS.monitor.schema.parse({network: 'web', mirroring: 'east_west'}),
      ctx(),
    );
    expect(ew.warnings.join()).toMatch(/short captures/);
    expect(ew.restarts).toEqual(['web']);
  });
});
