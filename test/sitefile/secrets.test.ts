import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {describeCall, formatCall} from '../../source/domain/changes/describe.js';
import {emptySite} from '../../source/domain/model.js';
import {diffSite, planToChangePlan, renderPlanText, planJson} from '../../source/domain/plan/index.js';
import {
  EXPORT_SECTIONS,
  SecretError,
  exportSite,
  parseSecretsFile,
  parseSitefile,
  secretEnvName,
  secretSource,
  secretUses,
} from '../../source/domain/sitefile/index.js';
import {demoSite} from './fixtures.js';
import {propertyParams} from '../support/seed.js';

describe('secret references', () => {
  it('names the environment variable from the secret name', () => {
    expect(secretEnvName('ipsec-mgmt-hq-psk')).toBe('VSEG_SECRET_IPSEC_MGMT_HQ_PSK');
    expect(secretEnvName('wg.Branch_1')).toBe('VSEG_SECRET_WG_BRANCH_1');
  });

  it('exports VPN secrets as references only', () => {
    const doc = parseSitefile(exportSite(demoSite()));
    expect(secretUses(doc)).toEqual([
      {ref: {secret: 'wg-mgmt-wg0-private-key', optional: true}, where: 'network mgmt / wireguard wg0 / privateKey'},
      {
        ref: {secret: 'wg-mgmt-wg0-laptop-psk', optional: true},
        where: 'network mgmt / wireguard wg0 / peer laptop / presharedKey',
      },
      {ref: {secret: 'ipsec-mgmt-hq-psk'}, where: 'network mgmt / ipsec hq / psk'},
    ]);
  });

  it('reads a secrets file only when no one else can read it, and never quotes it in errors', () => {
    expect(parseSecretsFile('a: one\nb: 2\n', {mode: 0o100600}, 's.yaml')).toEqual(
      new Map([
        ['a', 'one'],
        ['b', '2'],
      ]),
    );
    expect(() => parseSecretsFile('a: x\n', {mode: 0o100644}, 's.yaml')).toThrow(
      /accessible to other users \(mode 644\).*chmod 600 s\.yaml/,
    );
    let message = '';
    try {
      parseSecretsFile('a: "topsecret-value\n', {mode: 0o100600}, 's.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/not valid YAML/);
    expect(message).not.toContain('topsecret');
    expect(() => parseSecretsFile('- a\n', {mode: 0o100600}, 's.yaml')).toThrow(/map of secret name/);
  });

  it('prefers the environment over the file', () => {
    const source = secretSource(
      {VSEG_SECRET_A: 'from-env'},
      new Map([
        ['a', 'from-file'],
        ['b', 'file-b'],
      ]),
      's.yaml',
    );
    expect(source.get('a')).toBe('from-env');
    expect(source.get('b')).toBe('file-b');
    expect(source.get('c')).toBeUndefined();
    expect(source.hint('c')).toBe('set VSEG_SECRET_C or add "c" to s.yaml');
  });
});

describe('secrets at apply', () => {
  const file = `apiVersion: vseg/v1
kind: Segmentation
networks:
  - name: vpn
    ipsec:
      - name: hq
        remoteGateway: 198.51.100.1
        psk: {secret: hq-psk}
    wireguard:
      - name: wg0
        ip: 10.99.0.1/24
        privateKey: {secret: wg0-key, optional: true}
`;
  const empty = () => Object.assign(emptySite(), {sections: new Set(EXPORT_SECTIONS)});

  it('lists every missing required secret before anything is sent', () => {
    const plan = diffSite(empty(), parseSitefile(file));
    expect(() => planToChangePlan(plan, {secrets: secretSource({})})).toThrow(SecretError);
    expect(() => planToChangePlan(plan, {secrets: secretSource({})})).toThrow(
      /hq-psk \(ipsec vpn\/hq \/ psk\): set VSEG_SECRET_HQ_PSK/,
    );
  });

  it('fills secrets into the create bodies, masked in every description', () => {
    const plan = diffSite(empty(), parseSitefile(file));
    const cp = planToChangePlan(plan, {
      secrets: secretSource({VSEG_SECRET_HQ_PSK: 'psk-Value-123', VSEG_SECRET_WG0_KEY: 'wg-Private-456'}),
    });
    const tunnel = cp.steps.find((s) => s.id === 'create ipsec vpn/hq')!;
    expect(tunnel.kind === 'create' && tunnel.body['psk']).toBe('psk-Value-123');
    expect(tunnel.secretFields).toEqual(['psk']);
    const calls = cp.steps.map((s) => formatCall(describeCall(s))).join('\n');
    expect(calls).not.toContain('psk-Value-123');
    expect(calls).not.toContain('wg-Private-456');
    expect(calls).toContain('psk=••••');
    expect(renderPlanText(plan, {calls: cp})).not.toMatch(/psk-Value|wg-Private/);
    expect(JSON.stringify(planJson(plan))).not.toMatch(/psk-Value|wg-Private/);
  });

  it('leaves an optional secret out when it is not supplied (VergeOS generates the key)', () => {
    const plan = diffSite(empty(), parseSitefile(file));
    const cp = planToChangePlan(plan, {secrets: secretSource({VSEG_SECRET_HQ_PSK: 'x'})});
    const wg = cp.steps.find((s) => s.id === 'create wireguard vpn/wg0')!;
    expect(wg.kind === 'create' && 'private_key' in wg.body).toBe(false);
  });
});

// A snapshot that somehow carries secret values (a loader that read too much,
// a future field) must still export none of them: the exporter copies named
// fields only.
const secretArb = fc.string({
  minLength: 16,
  maxLength: 44,
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
});

describe('nothing secret in any export', () => {
  it('survives a site stuffed with secret-looking values', () => {
    fc.assert(
      fc.property(fc.array(secretArb, {minLength: 8, maxLength: 8}), (secrets) => {
        const site = demoSite();
        const [psk, wgPriv, peerPriv, peerPsk, tenantPw, ipsecSecrets, apiKey, token] = secrets as [
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        Object.assign(site.ipsec[0], {psk, ipsecSecrets, ipsec_secrets: ipsecSecrets});
        Object.assign(site.wireguards[0], {privateKey: wgPriv, private_key: wgPriv});
        Object.assign(site.wireguards[0].peers[0], {
          privateKey: peerPriv,
          presharedKey: peerPsk,
          preshared_key: peerPsk,
          wgConfig: `PrivateKey = ${peerPriv}`,
        });
        Object.assign(site.tenants[0], {password: tenantPw});
        Object.assign(site.networks[0], {apiKey, token});
        for (const format of ['yaml', 'json'] as const) {
          const text = exportSite(site, {format});
          for (const s of secrets) expect(text).not.toContain(s);
          expect(text).not.toMatch(/password|privateKey:\s*[^{\s]|presharedKey:\s*[^{\s]|psk:\s*[^{\s]/i);
        }
      }),
      propertyParams({numRuns: 60}),
    );
  });
});
