// IPsec edits on the demo site: field checks, a tunnel plan that reuses or
// creates the network's configuration through refs, the PSK masked in every
// description of the calls, and deletes in the order VergeOS accepts.
import {beforeAll, describe, expect, it} from 'vitest';
import {describeCall, formatCall} from '../../../source/domain/changes/describe.js';
import type {IpsecTunnel, Site} from '../../../source/domain/model.js';
import {
  createPhase2Plan,
  createTunnelPlan,
  deletePhase2Plan,
  deleteTunnelPlan,
  generatePsk,
  ipsecNetworks,
  updatePhase2Plan,
  updateTunnelPlan,
  validateLifetime,
  validatePhase2Name,
  validateProposal,
  validatePsk,
  validateRemoteGateway,
  validateRemoteSelector,
  validateTunnelName,
  validateTunnelNetwork,
} from '../../../source/domain/edits/ipsec.js';
import {byName, demoSite} from './site.js';

let site: Site;
let hq: IpsecTunnel;
let mgmt: number;
let dev: number;
beforeAll(async () => {
  site = await demoSite();
  hq = byName(site.ipsec, 'hq');
  mgmt = byName(site.networks, 'mgmt').key;
  dev = byName(site.networks, 'dev').key;
});

const PSK = 'a-long-shared-secret-42';
const tunnel = (network: number) => ({
  network: String(network),
  name: 'branch',
  remoteGateway: '198.51.100.30',
  keyexchange: 'ikev2',
  ike: 'aes256-sha256-modp2048',
  pskMode: 'enter',
  auto: 'start',
  dpdaction: 'restart',
  enabled: true,
  description: '',
  p2Name: 'lan',
  local: '10.10.4.0/24',
  remote: '172.30.0.0/16',
  lifetime: 3600,
});

describe('tunnel fields', () => {
  it('network: not a mirror or a tenant network; names unique per network', () => {
    expect(ipsecNetworks(site).map((n) => n.name)).not.toContain('web_mirror');
    expect(validateTunnelNetwork(String(byName(site.networks, 'web_mirror').key), {}, site)).toMatch(
      /port_mirror network/,
    );
    expect(validateTunnelNetwork(String(mgmt), {}, site)).toBeUndefined();
    expect(validateTunnelName('hq', {network: String(mgmt)}, site)).toMatch(/already has a tunnel named hq/);
    expect(validateTunnelName('hq', {network: String(dev)}, site)).toBeUndefined();
  });

  it('remote gateway: IPv4 or a host name', () => {
    expect(validateRemoteGateway('')).toMatch(/required/);
    expect(validateRemoteGateway('198.51.100.300')).toMatch(/0–255/);
    expect(validateRemoteGateway('bad host')).toMatch(/neither/);
    expect(validateRemoteGateway('vpn.example.com')).toBeUndefined();
    expect(validateRemoteGateway('198.51.100.10')).toBeUndefined();
  });

  it('proposal: strongSwan syntax, broken algorithms refused', () => {
    expect(validateProposal('aes256-sha256-modp2048')).toBeUndefined();
    expect(validateProposal('aes256gcm16-prfsha384-ecp384,aes256-sha256-modp2048!')).toBeUndefined();
    expect(validateProposal('aes256')).toMatch(/not a proposal/);
    expect(validateProposal('3des-md5-modp1024')).toMatch(/^md5 is broken/);
    expect(validateProposal('aes128-sha1-modp1024')).toMatch(/^modp1024 is broken/);
  });

  it('PSK: not needed when generated; ≥ 16 characters, no quotes; blank keeps the old one when editing', () => {
    expect(validatePsk('', {pskMode: 'generate'})).toBeUndefined();
    expect(validatePsk('', {pskMode: 'enter'})).toMatch(/required/);
    expect(validatePsk('short', {pskMode: 'enter'})).toMatch(/at least 16/);
    expect(validatePsk('sixteen-chars-"q"', {pskMode: 'enter'})).toMatch(/no quotes/);
    expect(validatePsk(PSK, {pskMode: 'enter'})).toBeUndefined();
    expect(validatePsk('', {}, undefined, true)).toBeUndefined();
    const generated = generatePsk();
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generatePsk()).not.toBe(generated);
    expect(validatePsk(generated, {pskMode: 'enter'})).toBeUndefined();
  });

  it('selectors: CIDR lists; remote may not overlap local; phase 2 names unique in the tunnel; lifetime range', () => {
    expect(validateRemoteSelector('10.10.3.128/25', {local: '10.10.3.0/24'})).toMatch(/^overlaps the local side/);
    expect(validateRemoteSelector('172.16.0.0/16,172.17.0.0/16', {local: '10.10.3.0/24'})).toBeUndefined();
    expect(validateRemoteSelector('172.16.0.1/16', {local: '10.10.3.0/24'})).toMatch(/host bits/);
    expect(validatePhase2Name('hq-lan', {}, site, hq)).toMatch(/already has a phase 2 named hq-lan/);
    expect(validateLifetime(59)).toMatch(/60–86400/);
    expect(validateLifetime(3600)).toBeUndefined();
  });
});

describe('tunnel plans', () => {
  it('on a network with a configuration: phase 1 then phase 2 through a ref; the PSK is masked in every call', () => {
    const plan = createTunnelPlan({...tunnel(mgmt), local: '10.10.3.0/24'}, site, PSK);
    expect(plan.steps.map((s) => s.kind === 'create' && s.table)).toEqual(['vnet_ipsec_phase1s', 'vnet_ipsec_phase2s']);
    const [p1, p2] = plan.steps;
    expect(p1).toMatchObject({
      identity: {ipsec: hq.ipsec, name: 'branch'},
      secretFields: ['psk'],
      provides: `phase1:${mgmt}/branch`,
      touchesNetwork: mgmt,
    });
    expect(p1.kind === 'create' && p1.body['psk']).toBe(PSK);
    expect(p2).toMatchObject({
      body: {
        phase1: {ref: `phase1:${mgmt}/branch`},
        name: 'lan',
        local: '10.10.3.0/24',
        remote: '172.30.0.0/16',
        mode: 'tunnel',
        protocol: 'esp',
        lifetime: 3600,
      },
    });
    const calls = plan.steps.map((s) => formatCall(describeCall(s)));
    expect(calls[0]).toContain('psk=••••');
    expect(calls.join('\n')).not.toContain(PSK);
    expect(calls[1]).toContain('phase1=<phase1:');
  });

  it('on a network without one: the configuration first (found or created, never re-enabled), then the tunnel', () => {
    const plan = createTunnelPlan(tunnel(dev), site, PSK);
    expect(plan.steps[0]).toMatchObject({
      kind: 'create',
      table: 'vnet_ipsecs',
      body: {vnet: dev, enabled: true, mode: 'normal'},
      identity: {vnet: dev},
      compare: [],
      provides: `ipsec:${dev}`,
    });
    expect(plan.steps[1]).toMatchObject({
      body: {ipsec: {ref: `ipsec:${dev}`}},
      identity: {ipsec: {ref: `ipsec:${dev}`}, name: 'branch'},
    });
  });

  it('update: only changed fields; a new PSK only when given, masked', () => {
    const same = {
      description: hq.description,
      enabled: hq.enabled,
      remoteGateway: hq.remoteGateway,
      keyexchange: hq.keyexchange,
      ike: hq.ike,
      auto: hq.auto,
      dpdaction: hq.dpdaction,
    };
    expect(updateTunnelPlan(hq, same, site).steps).toEqual([]);
    const plan = updateTunnelPlan(hq, {...same, remoteGateway: '198.51.100.11'}, site, PSK);
    expect(formatCall(describeCall(plan.steps[0]))).toBe(
      `PUT /api/v4/vnet_ipsec_phase1s/${hq.key} remote_gateway="198.51.100.11" psk=••••`,
    );
  });

  it('delete: phase 2 entries first, then the tunnel', () => {
    expect(deleteTunnelPlan(hq, site).steps.map((s) => formatCall(describeCall(s)))).toEqual([
      `DELETE /api/v4/vnet_ipsec_phase2s/${hq.phase2[0].key}`,
      `DELETE /api/v4/vnet_ipsec_phase1s/${hq.key}`,
    ]);
  });

  it('phase 2 add, update, delete', () => {
    const add = createPhase2Plan(
      hq,
      {name: 'dmz', local: '10.10.3.0/24', remote: '172.17.0.0/16', lifetime: 7200, enabled: true},
      site,
    );
    expect(add.steps[0]).toMatchObject({
      kind: 'create',
      table: 'vnet_ipsec_phase2s',
      identity: {phase1: hq.key, name: 'dmz'},
      body: {phase1: hq.key, lifetime: 7200},
    });
    const lan = hq.phase2[0];
    expect(
      updatePhase2Plan(
        hq,
        lan,
        {local: lan.local, remote: lan.remote, lifetime: lan.lifetime, enabled: lan.enabled},
        site,
      ).steps,
    ).toEqual([]);
    expect(
      formatCall(
        describeCall(
          updatePhase2Plan(
            hq,
            lan,
            {local: lan.local, remote: '172.16.0.0/12', lifetime: lan.lifetime, enabled: lan.enabled},
            site,
          ).steps[0],
        ),
      ),
    ).toBe(`PUT /api/v4/vnet_ipsec_phase2s/${lan.key} remote="172.16.0.0/12"`);
    expect(deletePhase2Plan(hq, lan, site).steps[0]).toMatchObject({
      kind: 'delete',
      table: 'vnet_ipsec_phase2s',
      key: lan.key,
    });
  });
});
