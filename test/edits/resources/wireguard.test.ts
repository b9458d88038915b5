// WireGuard edits on the demo site: field checks against the site, the plans
// (only the public key, staged rules named), the delete guard and the client
// configuration.
import {beforeAll, describe, expect, it} from 'vitest';
import {describeCall, formatCall} from '../../../source/domain/changes/describe.js';
import type {Site, WireguardInterface} from '../../../source/domain/model.js';
import {
  createInterfacePlan,
  createPeerPlan,
  defaultClientRoutes,
  deleteInterfaceImpact,
  deleteInterfacePlan,
  deletePeerPlan,
  wireguardLiveness,
  peerClientConfig,
  suggestPeerIp,
  updateInterfacePlan,
  updatePeerPlan,
  validateAllowedIps,
  validateInterfaceIp,
  validateInterfaceName,
  validateInterfaceNetwork,
  validateListenPort,
  validatePeerIp,
  validatePeerName,
  validatePublicKey,
} from '../../../source/domain/edits/wireguard.js';
import {generateWireguardKeyPair} from '../../../source/domain/wireguard-keys.js';
import {byName, demoSite} from './site.js';

let site: Site;
let wg0: WireguardInterface;
let mgmt: number;
beforeAll(async () => {
  site = await demoSite();
  wg0 = byName(site.wireguards, 'wg0');
  mgmt = byName(site.networks, 'mgmt').key;
});

describe('interface fields', () => {
  it('network: internal, external or VPN, not a mirror or a tenant network', () => {
    expect(validateInterfaceNetwork(undefined, {}, site)).toMatch(/choose/);
    expect(validateInterfaceNetwork(String(byName(site.networks, 'web_mirror').key), {}, site)).toMatch(
      /port_mirror network/,
    );
    expect(validateInterfaceNetwork(String(byName(site.networks, 'tenant_acme').key), {}, site)).toMatch(
      /internal network/,
    );
    expect(validateInterfaceNetwork(String(mgmt), {}, site)).toBeUndefined();
  });

  it('name: unique per network', () => {
    expect(validateInterfaceName('wg0', {network: String(mgmt)}, site)).toMatch(/already has an interface named wg0/);
    expect(validateInterfaceName('wg0', {network: String(byName(site.networks, 'dev').key)}, site)).toBeUndefined();
    expect(validateInterfaceName('wg0', {}, site, wg0)).toBeUndefined();
    expect(validateInterfaceName(' wg1', {network: String(mgmt)}, site)).toMatch(/leading or trailing/);
  });

  it('address: a host of a subnet no network or other tunnel uses', () => {
    expect(validateInterfaceIp('', {}, site)).toMatch(/required/);
    expect(validateInterfaceIp('192.168.250.1', {}, site)).toMatch(/not a CIDR/);
    expect(validateInterfaceIp('192.168.250.0/24', {}, site)).toMatch(/network or broadcast/);
    expect(validateInterfaceIp('192.168.250.1/31', {}, site)).toMatch(/\/30 or larger/);
    expect(validateInterfaceIp('10.10.2.1/24', {}, site)).toMatch(/^overlaps db \(10\.10\.2\.0\/24\)/);
    expect(validateInterfaceIp('192.168.255.9/28', {}, site)).toMatch(/^overlaps wg0/);
    expect(validateInterfaceIp('192.168.255.1/24', {}, site, wg0)).toBeUndefined();
    expect(validateInterfaceIp('192.168.250.1/24', {}, site)).toBeUndefined();
  });

  it('listen port: 1–65535, one interface per port on a network', () => {
    expect(validateListenPort(0, {}, site)).toMatch(/1–65535/);
    expect(validateListenPort(51820, {network: String(mgmt)}, site)).toMatch(/wg0 already listens on 51820/);
    expect(validateListenPort(51821, {network: String(mgmt)}, site)).toBeUndefined();
    expect(validateListenPort(51820, {}, site, wg0)).toBeUndefined();
  });
});

describe('interface plans', () => {
  it('create: one POST, identity by network and name, rules staged on the network', () => {
    const plan = createInterfacePlan(
      {
        network: String(mgmt),
        name: 'wg1',
        ip: '192.168.250.1/24',
        listenPort: 51821,
        endpointIp: '',
        configureFirewall: true,
        enabled: true,
        description: 'x',
      },
      site,
    );
    expect(plan.steps).toHaveLength(1);
    const step = plan.steps[0];
    expect(step).toMatchObject({
      kind: 'create',
      table: 'vnet_wireguards',
      identity: {vnet: mgmt, name: 'wg1'},
      touchesNetwork: mgmt,
    });
    expect(step.kind === 'create' && step.body).toEqual({
      vnet: mgmt,
      name: 'wg1',
      description: 'x',
      enabled: true,
      ip: '192.168.250.1/24',
      listenport: 51821,
      endpoint_ip: '',
      configure_firewall: true,
    });
  });

  it('update: only what changed; nothing changed → no step', () => {
    const same = {
      listenPort: wg0.listenPort,
      endpointIp: wg0.endpointIp,
      enabled: wg0.enabled,
      description: wg0.description,
    };
    expect(updateInterfacePlan(wg0, same, site).steps).toEqual([]);
    const plan = updateInterfacePlan(wg0, {...same, enabled: false}, site);
    expect(formatCall(describeCall(plan.steps[0]))).toBe(`PUT /api/v4/vnet_wireguards/${wg0.key} enabled=false`);
  });

  it('delete of a live interface: disable, Apply Rules, delete; peers go with it (VERGEOS-API.md §8.1 #2)', () => {
    expect(wireguardLiveness(wg0, site)).toMatchObject({live: true, certain: true});
    expect(deleteInterfacePlan(wg0, site).steps.map((s) => formatCall(describeCall(s)))).toEqual([
      `PUT /api/v4/vnet_wireguards/${wg0.key} enabled=false`,
      `POST /api/v4/vnet_actions vnet=${mgmt} action="refresh"`,
      `DELETE /api/v4/vnet_wireguards/${wg0.key}`,
    ]);
    const impact = deleteInterfaceImpact(wg0, site).join(' ');
    expect(impact).toMatch(/Its 2 peers go with it/);
    expect(impact).toMatch(/wg0 runs on the router of mgmt: .*disables it, applies the rules of mgmt/);
  });

  it('a disabled interface whose disable is applied, or one on a stopped network, is deleted at once', () => {
    const applied = {...wg0, enabled: false};
    expect(wireguardLiveness(applied, site)).toMatchObject({live: false, why: 'its disable is applied on mgmt'});
    expect(deleteInterfacePlan(applied, site).steps.map((s) => s.kind)).toEqual(['delete']);
    const stopped = {
      ...site,
      networks: site.networks.map((n) => (n.key === mgmt ? {...n, running: false, status: 'stopped'} : n)),
    };
    expect(wireguardLiveness(wg0, stopped)).toMatchObject({live: false, why: 'mgmt is not running'});
    expect(deleteInterfaceImpact(wg0, stopped).join(' ')).toMatch(/is deleted at once/);
  });
});

describe('peer fields', () => {
  it('name unique per interface', () => {
    expect(validatePeerName('alice-laptop', {}, site, wg0)).toMatch(/already has a peer named alice-laptop/);
    expect(validatePeerName('alice-laptop', {}, site, wg0, wg0.peers[0])).toBeUndefined();
  });

  it("tunnel IP: one address inside the tunnel subnet, not the interface's, not another peer's", () => {
    expect(validatePeerIp('10.0.0.5', {}, site, wg0)).toMatch(/^outside 192\.168\.255\.0\/24/);
    expect(validatePeerIp('192.168.255.1', {}, site, wg0)).toMatch(/interface's own address/);
    expect(validatePeerIp('192.168.255.10/32', {}, site, wg0)).toMatch(/taken by peer alice-laptop/);
    expect(validatePeerIp('192.168.255.0/30', {}, site, wg0)).toMatch(/one address/);
    expect(validatePeerIp('192.168.255.255', {}, site, wg0)).toMatch(/broadcast/);
    expect(validatePeerIp('192.168.255.3', {}, site, wg0)).toBeUndefined();
  });

  it('allowed IPs: CIDRs no other peer of the interface routes', () => {
    expect(validateAllowedIps('', {}, site, wg0)).toMatch(/required/);
    expect(validateAllowedIps('172.20.5.0/24', {}, site, wg0)).toMatch(
      /^overlaps peer branch-office \(172\.20\.0\.0\/16\)/,
    );
    expect(validateAllowedIps('192.168.255.3/32,172.21.0.0/16', {}, site, wg0)).toBeUndefined();
    expect(validateAllowedIps('10.0.0.1/24', {}, site, wg0)).toMatch(/host bits/);
  });

  it("public key: checked only when pasted; not the interface's, not another peer's", () => {
    expect(validatePublicKey('', {keySource: 'generate'}, site, wg0)).toBeUndefined();
    expect(validatePublicKey('', {keySource: 'paste'}, site, wg0)).toMatch(/required/);
    expect(validatePublicKey(wg0.publicKey, {keySource: 'paste'}, site, wg0)).toMatch(/interface's own/);
    expect(validatePublicKey(wg0.peers[1].publicKey, {keySource: 'paste'}, site, wg0)).toMatch(/already uses this key/);
    expect(validatePublicKey(generateWireguardKeyPair().publicKey, {keySource: 'paste'}, site, wg0)).toBeUndefined();
  });

  it('suggests the first free address and the client routes', () => {
    expect(suggestPeerIp(wg0)).toBe('192.168.255.3/32');
    expect(defaultClientRoutes(wg0, site)).toBe('192.168.255.0/24,10.10.3.0/24');
  });
});

describe('peer plans and client configuration', () => {
  const values = {
    name: 'carol',
    peerIp: '192.168.255.3',
    allowedIps: '192.168.255.3/32, 172.21.0.0/16',
    firewall: 'site-to-site',
    endpoint: '',
    port: 51820,
    keepalive: 25,
    enabled: true,
    description: '',
  };

  it('create sends the public key and never a private one', () => {
    const pair = generateWireguardKeyPair();
    const plan = createPeerPlan(wg0, values, site, pair.publicKey);
    const step = plan.steps[0];
    expect(step).toMatchObject({
      kind: 'create',
      table: 'vnet_wireguard_peers',
      identity: {wireguard: wg0.key, name: 'carol'},
      touchesNetwork: mgmt,
    });
    const body = step.kind === 'create' ? step.body : {};
    expect(body).toMatchObject({
      wireguard: wg0.key,
      public_key: pair.publicKey,
      peer_ip: '192.168.255.3/32',
      allowed_ips: '192.168.255.3/32,172.21.0.0/16',
      configure_firewall: 'site-to-site',
    });
    expect(Object.keys(body)).not.toContain('private_key');
    expect(JSON.stringify(plan)).not.toContain(pair.privateKey);
  });

  it('update sends only changed fields; delete names the interface', () => {
    const alice = wg0.peers[0];
    const same = {
      name: alice.name,
      peerIp: alice.peerIp,
      allowedIps: alice.allowedIps,
      firewall: alice.configureFirewall,
      endpoint: alice.endpoint,
      port: alice.port,
      keepalive: alice.keepalive,
      enabled: alice.enabled,
      description: alice.description,
    };
    expect(updatePeerPlan(wg0, alice, same, site).steps).toEqual([]);
    expect(formatCall(describeCall(updatePeerPlan(wg0, alice, {...same, keepalive: 0}, site).steps[0]))).toBe(
      `PUT /api/v4/vnet_wireguard_peers/${alice.key} keepalive=0`,
    );
    expect(deletePeerPlan(wg0, alice, site).steps[0]).toMatchObject({
      kind: 'delete',
      table: 'vnet_wireguard_peers',
      key: alice.key,
      touchesNetwork: mgmt,
    });
  });

  it('client configuration: wg-quick format with the interface key and endpoint', () => {
    const pair = generateWireguardKeyPair();
    const lines = peerClientConfig(wg0, {name: 'carol', peerIp: '192.168.255.3/32', keepalive: 25}, site, {
      privateKey: pair.privateKey,
      dns: '10.10.3.1, 1.1.1.1',
      siteHost: 'vergeos.lab',
    });
    expect(lines.slice(1)).toEqual([
      '[Interface]',
      `PrivateKey = ${pair.privateKey}`,
      'Address = 192.168.255.3/32',
      'DNS = 10.10.3.1, 1.1.1.1',
      '',
      '[Peer]',
      `PublicKey = ${wg0.publicKey}`,
      'AllowedIPs = 192.168.255.0/24, 10.10.3.0/24',
      'Endpoint = 203.0.113.2:51820',
      'PersistentKeepalive = 25',
    ]);
    // Without the private key: a placeholder; without an endpoint IP: the external network's router, else the site host.
    const noEndpoint = {...wg0, endpointIp: ''};
    const other = peerClientConfig(noEndpoint, {name: 'x', peerIp: '192.168.255.4/32', keepalive: 0}, site, {
      siteHost: 'vergeos.lab:443',
    });
    expect(other).toContain("PrivateKey = <the peer's private key: vseg never has it>");
    expect(other).toContain('Endpoint = 203.0.113.2:51820');
    expect(other.some((l) => l.startsWith('PersistentKeepalive'))).toBe(false);
    const isolated = {networks: site.networks.map((n) => ({...n, defaultGateway: null}))} as Site;
    expect(
      peerClientConfig(noEndpoint, {name: 'x', peerIp: '192.168.255.4/32', keepalive: 0}, isolated, {
        siteHost: 'vergeos.lab:443',
      }),
    ).toContain('Endpoint = vergeos.lab:51820');
  });
});
