import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
  SitefileError,
  checkReferences,
  detectFormat,
  exportSite,
  parseSitefile,
  serialiseSitefile,
  siteToDoc,
  type Sitefile,
} from '../../source/domain/sitefile/index.js';
import {demoSite} from './fixtures.js';
import {propertyParams} from '../support/seed.js';

function issues(text: string): string[] {
  try {
    parseSitefile(text, 'site.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SitefileError);
    return (error as SitefileError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the file to be refused');
}

const HEAD = 'apiVersion: vseg/v1\nkind: Segmentation\n';

describe('export', () => {
  it('writes names not keys, rules in evaluation order, no system or owned rules, no derived networks', () => {
    const text = exportSite(demoSite());
    const doc = parseSitefile(text);
    expect(doc.networks.map((n) => n.name)).toEqual(['External', 'db', 'mgmt', 'web']);
    const db = doc.networks.find((n) => n.name === 'db')!;
    expect(db.rules.map((r) => r.name)).toEqual(['allow-pg', 'deny-rest']);
    expect(db.rules[0].source).toBe('alias:web-servers');
    expect(db.rules[0].destination).toBe('alias:db-servers');
    expect(doc.networks.find((n) => n.name === 'mgmt')!.rules.map((r) => r.name)).toEqual(['allow-vpn-ssh']);
    expect(text).not.toContain('web_mirror');
    expect(text).not.toContain('tenant-rule');
    expect(text).not.toMatch(/\$key|orderid|^\s*key:/m);
    expect(doc.tenants).toEqual([
      {
        name: 'acme',
        description: 'ACME',
        isolate: false,
        blocks: [{network: 'External', cidr: '203.0.113.64/28', description: 'ACME block'}],
      },
    ]);
    expect(doc.networks.find((n) => n.name === 'web')!.portMirroring).toBe('north_south');
    expect(doc.networks.find((n) => n.name === 'web')!.defaultGateway).toBe('External');
  });

  it('leaves out networks VergeOS made for another object', () => {
    const site = demoSite();
    site.networks.push({...site.networks[3], key: 42, name: 'tenant_globex', owner: 'tenants/9'});
    expect(siteToDoc(site).networks.map((n) => n.name)).not.toContain('tenant_globex');
  });

  it('is deterministic: the same site in any load order gives the same bytes', () => {
    const a = exportSite(demoSite());
    const shuffled = demoSite();
    shuffled.networks.reverse();
    shuffled.rules.reverse();
    shuffled.aliases.reverse();
    expect(exportSite(shuffled)).toBe(a);
    expect(exportSite(demoSite(), {format: 'json'})).toBe(exportSite(shuffled, {format: 'json'}));
  });

  it('YAML and JSON carry the same document', () => {
    const yaml = exportSite(demoSite());
    const json = exportSite(demoSite(), {format: 'json'});
    expect(detectFormat(json)).toBe('json');
    expect(parseSitefile(json)).toEqual(parseSitefile(yaml));
    expect(serialiseSitefile(parseSitefile(json), 'yaml')).toBe(yaml);
  });

  it('a partial export holds only the named networks and says so', () => {
    const doc = siteToDoc(demoSite(), {networks: ['db']});
    expect(doc.partial).toBe(true);
    expect(doc.networks.map((n) => n.name)).toEqual(['db']);
    expect(doc.tenants).toEqual([]);
    expect(exportSite(demoSite(), {networks: ['db']})).toContain('partial: true');
  });

  it('quotes values YAML 1.1 tools would read as booleans or numbers', () => {
    const site = demoSite();
    site.rules[0].description = 'no';
    site.rules[0].destinationPorts = '3306';
    const text = exportSite(site);
    expect(text).toContain('description: "no"');
    expect(text).toContain('destinationPorts: "3306"');
  });

  it('warns about an alias key that does not exist and keeps the raw reference', () => {
    const site = demoSite();
    site.rules[0].sourceIp = 'alias:77';
    const warnings: string[] = [];
    const doc = siteToDoc(site, {onWarning: (w) => warnings.push(w)});
    expect(warnings.join()).toContain('alias key 77');
    expect(doc.networks.find((n) => n.name === 'web')!.rules[0].source).toBe('alias:77');
  });
});

describe('parse and validate', () => {
  it('fills defaults and keeps the file order of rules', () => {
    const doc = parseSitefile(`${HEAD}networks:\n  - name: web\n    rules:\n      - name: b\n      - name: a\n`);
    const web = doc.networks[0];
    expect(web.type).toBe('internal');
    expect(web.mtu).toBe(1500);
    expect(web.rules.map((r) => r.name)).toEqual(['b', 'a']);
    expect(web.rules[0]).toMatchObject({
      action: 'accept',
      direction: 'incoming',
      protocol: 'any',
      enabled: true,
      pin: 'no',
      interface: 'auto',
    });
  });

  it('refuses unknown keys with a path that names the object and suggests the right key', () => {
    const found = issues(`${HEAD}networks:\n  - name: web\n    rules:\n      - name: allow\n        protocl: tcp\n`);
    expect(found).toEqual(['networks[0] (web).rules[0] (allow).protocl: unknown key (did you mean "protocol"?)']);
    expect(issues(`${HEAD}aliasses: []\n`)[0]).toBe('aliasses: unknown key (did you mean "aliases"?)');
  });

  it('reports wrong values with their path', () => {
    const found = issues(
      `${HEAD}networks:\n  - name: web\n    mtu: big\n    rules:\n      - name: x\n        action: allow\n`,
    );
    expect(found.some((f) => f.startsWith('networks[0] (web).mtu:'))).toBe(true);
    expect(found.some((f) => f.startsWith('networks[0] (web).rules[0] (x).action:'))).toBe(true);
  });

  it('refuses a wrong apiVersion or kind, invalid YAML, duplicate keys', () => {
    expect(issues('apiVersion: v2\nkind: Segmentation\n')[0]).toContain('apiVersion must be "vseg/v1"');
    expect(issues('apiVersion: vseg/v1\nkind: Other\n')[0]).toContain('kind must be "Segmentation"');
    expect(issues(`${HEAD}networks: [\n`)[0]).toContain('not valid YAML');
    expect(issues(`${HEAD}kind: Segmentation\n`)[0]).toContain('not valid YAML');
    expect(issues('{"apiVersion": ')[0]).toContain('not valid JSON');
    expect(issues('- a\n- b\n')[0]).toContain('expected a document');
  });

  it('refuses duplicate names and rules listed against their pin order', () => {
    const dup = issues(
      `${HEAD}aliases:\n  - name: a\n  - name: a\nnetworks:\n  - name: web\n    rules:\n      - name: r\n      - name: r\n`,
    );
    expect(dup).toContain('aliases[1]: alias "a" appears more than once');
    expect(dup).toContain('networks[0] (web).rules[1]: rule "r" appears more than once');
    const pins = issues(
      `${HEAD}networks:\n  - name: web\n    rules:\n      - name: last\n        pin: bottom\n      - name: first\n`,
    );
    expect(pins[0]).toMatch(/^networks\[0\] \(web\)\.rules\[1\] \(first\): pinned no but listed after/);
  });

  it('refuses a secret written in clear text and never echoes it', () => {
    const found = issues(
      `${HEAD}networks:\n  - name: vpn\n    ipsec:\n      - name: hq\n        remoteGateway: 198.51.100.1\n        psk: hunter2-very-secret\n`,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('networks[0] (vpn).ipsec[0] (hq).psk: secrets are never written in the file');
    expect(found.join()).not.toContain('hunter2');
  });

  it('accepts numbers where strings are meant (ports typed bare) and keeps them as text', () => {
    const doc = parseSitefile(
      `${HEAD}networks:\n  - name: web\n    rules:\n      - name: r\n        protocol: tcp\n        destinationPorts: 3306\n`,
    );
    expect(doc.networks[0].rules[0].destinationPorts).toBe('3306');
  });

  it('cross-checks references against the file and the site', () => {
    const doc = parseSitefile(
      `${HEAD}networks:\n  - name: web\n    defaultGateway: Outside\n    rules:\n      ` +
        `- name: r\n        source: alias:ghosts,10.0.0.1\n        destination: vnet:db\n`,
    );
    const alone = checkReferences(doc).map((i) => `${i.path}: ${i.message}`);
    expect(alone).toEqual([
      'networks[0] (web).defaultGateway: no network named "Outside" in the file',
      'networks[0] (web).rules[0] (r).source: no alias named "ghosts" in the file',
      'networks[0] (web).rules[0] (r).destination: no network named "db" in the file',
    ]);
    expect(checkReferences(doc, {networks: new Set(['Outside', 'db']), aliases: new Set(['ghosts'])})).toEqual([]);
  });
});

describe('docs/SITEFILE.md', () => {
  it('its example is a valid site file in canonical form', () => {
    const md = readFileSync(new URL('../../docs/SITEFILE.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(md)![1];
    const doc = parseSitefile(example);
    expect(checkReferences(doc, {networks: new Set(['External']), aliases: new Set()})).toEqual([]);
    expect(serialiseSitefile(doc)).toBe(example);
  });
});

// Arbitrary documents: parse(serialise(x)) is a fixed point, and serialise is stable.
const text = fc.string({maxLength: 12}).filter((s) => !s.includes('\u0000'));
const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,14}[A-Za-z0-9]$/);
// Networks are named like hosts (no spaces); an alias name that is only digits would read as a key.
const networkName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,14}[A-Za-z0-9]$/);
const aliasName = name.filter((n) => !/^\d+$/.test(n));
// Values a form would accept (site files are checked with the forms' own checks).
const address = fc.constantFrom('', '10.0.0.5', '10.1.0.0/16', '10.0.0.1-10.0.0.9', 'alias:web', '10.0.0.5,alias:web');
const ruleArb = fc.record({
  name,
  action: fc.constantFrom('accept', 'drop', 'reject', 'translate', 'route'),
  direction: fc.constantFrom('incoming', 'outgoing'),
  protocol: fc.constantFrom('tcp', 'udp', 'any', 'icmp', '47'),
  source: address,
  destinationPorts: fc.oneof(fc.constant(''), fc.constant('80,443'), fc.constant('3306')),
  enabled: fc.boolean(),
  log: fc.boolean(),
  description: text,
});
const networkArb = fc.record({
  name: networkName,
  type: fc.constantFrom('internal', 'external', 'vpn'),
  cidr: fc.constantFrom('', '10.0.0.0/24'),
  mtu: fc.integer({min: 1000, max: 9000}),
  dhcp: fc.oneof(
    fc.record({enabled: fc.boolean(), start: fc.constant(''), stop: fc.constant('')}),
    fc.record({enabled: fc.boolean(), start: fc.constant('10.0.0.100'), stop: fc.constant('10.0.0.200')}),
  ),
  rules: fc.uniqueArray(ruleArb, {selector: (r) => r.name, maxLength: 5}),
});
const docArb = fc.record({
  apiVersion: fc.constant('vseg/v1'),
  kind: fc.constant('Segmentation'),
  aliases: fc.uniqueArray(
    fc.record({
      name: aliasName,
      description: text,
      entries: fc.uniqueArray(
        fc.oneof(fc.constant('10.0.0.1'), fc.record({value: fc.constant('10.0.0.2'), label: name})),
        {selector: (e) => (typeof e === 'string' ? e : e.value), maxLength: 3},
      ),
    }),
    {selector: (a) => a.name, maxLength: 4},
  ),
  // Internal blocks may not overlap: each network gets its own /24, and its DHCP range in it.
  networks: fc.uniqueArray(networkArb, {selector: (n) => n.name, maxLength: 4}).map((nets) =>
    nets.map((n, i) => ({
      ...n,
      cidr: n.cidr && `10.0.${i}.0/24`,
      dhcp: n.dhcp.start ? {...n.dhcp, start: `10.0.${i}.100`, stop: `10.0.${i}.200`} : n.dhcp,
    })),
  ),
});

describe('serialisation properties', () => {
  it('serialise(parse(serialise(x))) is stable in both formats', () => {
    fc.assert(
      fc.property(docArb, (raw) => {
        const doc: Sitefile = parseSitefile(JSON.stringify(raw));
        for (const format of ['yaml', 'json'] as const) {
          const once = serialiseSitefile(doc, format);
          const again = serialiseSitefile(parseSitefile(once), format);
          expect(again).toBe(once);
          expect(parseSitefile(once)).toEqual(
            parseSitefile(serialiseSitefile(doc, format === 'yaml' ? 'json' : 'yaml')),
          );
        }
      }),
      propertyParams({numRuns: 150}),
    );
  });
});
