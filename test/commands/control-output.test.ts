// API text holding C1 controls (U+009B is CSI on terminals that take 8-bit
// controls), DEL and bidi overrides, printed by `get -o json|yaml` and
// `export`: no such character reaches stdout raw, and every document reads
// back to the very same text (the characters are escaped, not dropped).
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {VergeClient} from '../../source/api/client.js';
import {exportCommand} from '../../source/commands/export.js';
import {getCommand} from '../../source/commands/get.js';
import {safeJson, safeYamlOf} from '../../source/domain/safe-serialise.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';
import {propertyParams} from '../support/seed.js';

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const NASTY = 'tier \u009b2J\u009d0;title\u009c \u001b[31m red\u007f \u202eevil\u202c\u0085next';

describe('control characters in JSON and YAML output', () => {
  const ws = new Workspace();
  let site: SimulatorHandle;
  beforeAll(async () => {
    site = await sim('demo');
    const client = new VergeClient({
      url: site.url,
      auth: {kind: 'basic', user: site.user, password: site.password},
      trust: {mode: 'pin', fingerprint: site.fingerprint!},
    });
    const db = site.rows('vnets').find((r) => r['name'] === 'db')!;
    await client.update('vnets', db['$key'] as number, {description: NASTY});
    await client.close();
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });

  const described = (rows: Array<Record<string, unknown>>) => rows.find((r) => r['name'] === 'db')?.['description'];

  it('get -o json and -o yaml escape them and read back unchanged', async () => {
    const json = await ws.run(getCommand, ['networks', '-o', 'json', ...ws.site(site)]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).not.toMatch(RAW);
    expect(described(JSON.parse(json.stdout) as Array<Record<string, unknown>>)).toBe(NASTY);
    const yaml = await ws.run(getCommand, ['networks', '-o', 'yaml', ...ws.site(site)]);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).not.toMatch(RAW);
    expect(described(parseYaml(yaml.stdout) as Array<Record<string, unknown>>)).toBe(NASTY);
  });

  it('export (YAML and JSON) escapes them and reads back unchanged', async () => {
    for (const format of ['yaml', 'json']) {
      const r = await ws.run(exportCommand, ['-o', format, ...ws.site(site)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      const doc = (format === 'json' ? JSON.parse(r.stdout) : parseYaml(r.stdout)) as {
        networks: Array<Record<string, unknown>>;
      };
      expect(described(doc.networks)).toBe(NASTY);
    }
  });

  it('any string survives both writers, and none leaves a control raw', () => {
    fc.assert(
      fc.property(fc.array(fc.string({unit: 'binary'}), {maxLength: 4}), fc.string({unit: 'binary'}), (list, key) => {
        const value = {list, [key]: list[0] ?? ''};
        const json = safeJson(value);
        const yaml = safeYamlOf(value, {lineWidth: 0});
        expect(json).not.toMatch(RAW);
        expect(yaml).not.toMatch(RAW);
        expect(JSON.parse(json)).toEqual(value);
        expect(parseYaml(yaml)).toEqual(value);
      }),
      propertyParams({numRuns: 300}),
    );
  });
});
