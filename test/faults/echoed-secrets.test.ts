// A hostile site quotes the request body back in its error. The WireGuard
// private key vseg sent from a site file's secret (--secrets FILE), or a PSK
// a console plan carries, must not come back out: not on stderr, not in the
// audit log's error, not in the apply draft, the debug log or the console's
// messages — in any form the server chose to quote it (JSON, escaped twice,
// plain text, URL-encoded). The draft is still written: masking, not losing.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse as parseYaml, stringify as toYaml} from 'yaml';
import {applyCommand} from '../../source/commands/apply.js';
import {exportCommand} from '../../source/commands/export.js';
import {generateWireguardKeyPair} from '../../source/domain/wireguard-keys.js';
import {ConsoleSession} from '../../source/session/console-session.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {resetKnownSecrets, rememberSecret} from '../../source/store/secrets/known.js';
import {sim, Workspace} from '../commands/helpers.js';
import {startEchoProxy, type EchoForm, type EchoProxy} from './echo-proxy.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });
}

/** A secret in the forms an echo could carry it. */
const forms = (secret: string) => [
  secret,
  JSON.stringify(secret).slice(1, -1),
  JSON.stringify(JSON.stringify(secret)).slice(1, -1),
  encodeURIComponent(secret),
];

describe('a secret echoed by the server', () => {
  const ws = new Workspace({VSEG_KEYRING: 'off'});
  let site: SimulatorHandle;
  let proxy: EchoProxy;
  // A quote and a backslash make the escaped forms differ from the raw one.
  const key = generateWireguardKeyPair().privateKey;
  const psk = 'Psk-"quoted"\\and/slashed+plus=7f3e';

  beforeAll(async () => {
    site = await sim('demo', {tls: false});
    proxy = await startEchoProxy(site.url);
  });
  afterAll(async () => {
    await proxy.close();
    await site.close();
    ws.remove();
    resetKnownSecrets();
  });

  it('apply with a site-file secret: stderr, audit log, draft and debug log stay clean, in every quoted form', async () => {
    const exported = await ws.run(exportCommand, ['--url', site.url, '--user', site.user]);
    expect(exported.code, exported.stderr).toBe(0);
    const doc = parseYaml(exported.stdout) as {networks: Array<{name: string; wireguard?: unknown[]}>};
    (doc.networks.find((n) => n.name === 'web')!.wireguard ??= []).push({
      name: 'wg9',
      ip: '192.168.250.1/24',
      privateKey: {secret: 'wg-web-wg9-private-key'},
    });
    const file = ws.file('site.yaml', toYaml(doc));
    const secrets = ws.file('secrets.yaml', `wg-web-wg9-private-key: "${key}"\n`, 0o600);
    proxy.refuse.add('vnet_wireguards');

    const forms_: EchoForm[] = ['json', 'double-escaped', 'text', 'urlencoded'];
    const outputs: string[] = [];
    for (const form of forms_) {
      proxy.form = form;
      const r = await ws.run(applyCommand, [
        '-f',
        file,
        '--secrets',
        secrets,
        '--yes',
        '--debug',
        '--url',
        proxy.url,
        '--user',
        site.user,
      ]);
      expect(r.code, r.stderr).not.toBe(0);
      // The server's words are still shown — with the secret masked.
      expect(r.stderr).toMatch(/invalid request/);
      expect(r.stderr).toContain('••••');
      outputs.push(r.stdout, r.stderr);
    }
    // The hostile server really did quote the key back, once per form.
    expect(proxy.echoed.filter((b) => b.includes(key))).toHaveLength(forms_.length);

    const written = filesUnder(ws.dir).filter((f) => !f.endsWith('secrets.yaml'));
    const audit = written.find((f) => f.endsWith('audit.jsonl'));
    expect(audit, 'the audit log was written').toBeDefined();
    expect(readFileSync(audit!, 'utf8')).toMatch(/"outcome":"failed"[^\n]*"error":[^\n]*invalid request/);
    expect(
      written.some((f) => f.includes(join('vseg', 'drafts'))),
      'the apply draft was kept',
    ).toBe(true);
    for (const text of [...outputs, ...written.map((f) => readFileSync(f, 'utf8'))])
      for (const form of forms(key)) expect(text).not.toContain(form);
  }, 60_000);

  it('the console: a plan carrying a PSK, refused with its body quoted — no message shows it', async () => {
    proxy.refuse.add('vnet_ipsec_phase1s');
    proxy.form = 'json';
    rememberSecret(psk);
    const session = new ConsoleSession({
      flags: {url: proxy.url, user: site.user},
      io: {env: {...ws.env, VSEG_PASSWORD: 'sim-admin-password'}, stdin: process.stdin, stderr: process.stderr},
      refreshMs: 60_000,
    });
    try {
      await session.start();
      const seen: string[] = [];
      session.model.subscribe(() => {
        const s = session.model.getState();
        seen.push(
          s.status?.text ?? '',
          ...s.operations.flatMap((o) => [o.error ?? '', ...o.steps.map((x) => x.detail ?? '')]),
        );
      });
      const vpn = site.rows('vnets').find((r) => r['name'] === 'vpn') ?? site.rows('vnets')[0];
      await session.runPlan({
        title: 'Add tunnel',
        steps: [
          {
            kind: 'create',
            id: 'tunnel',
            title: 'Create tunnel echo',
            table: 'vnet_ipsec_phase1s',
            body: {name: 'echo', remote_gateway: '198.51.100.99', psk, ipsec: vpn['$key'] as number},
            identity: {name: 'echo'},
            secretFields: ['psk'],
          },
        ],
      });
      expect(
        proxy.echoed.some((b) => b.includes(JSON.stringify(psk).slice(1, -1))),
        seen.join('\n'),
      ).toBe(true);
      expect(seen.join('\n')).toMatch(/invalid request/);
      for (const text of seen) for (const form of forms(psk)) expect(text).not.toContain(form);
    } finally {
      await session.close();
    }
  }, 30_000);
});
