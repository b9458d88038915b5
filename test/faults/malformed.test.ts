// Answers VergeOS would never send — wrong types, missing fields, no JSON,
// bodies of 200 MB, random JSON — reach the client as one typed error
// (VergeError, kind "response") and reach the console as a message on
// screen, never as a crash.
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {VergeError} from '../../source/api/errors.js';
import {loadSite} from '../../source/domain/load-site.js';
import {startTerminal} from '../e2e/harness.js';
import {MODES, startMalformedSite, type MalformedSite} from './malformed-server.js';
import {propertyParams} from '../support/seed.js';

describe('malformed answers from the API', () => {
  let site: MalformedSite;
  let client: VergeClient;
  beforeAll(async () => {
    site = await startMalformedSite('wrong-types');
    client = new VergeClient({
      url: site.url,
      auth: {kind: 'basic', user: 'admin', password: 'malformed-site-pw'},
      retries: 0,
    });
  });
  afterAll(async () => {
    await client.close();
    await site.close();
  });

  for (const mode of MODES.filter((m) => m !== 'custom')) {
    it(`${mode}: the client raises a typed response error`, async () => {
      site.mode = mode;
      site.bytesSent = 0;
      const error = await loadSite(client).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, mode).toBeInstanceOf(VergeError);
      expect((error as VergeError).kind, (error as VergeError).describe()).toBe('response');
      expect((error as VergeError).describe()).toMatch(/\S/);
      // The error text carries no raw control bytes from the body.
      expect((error as VergeError).describe()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      if (mode === 'huge-declared') expect(site.bytesSent).toBeLessThan(64 * 1024 * 1024);
    }, 30_000);
  }

  it('random JSON as any table: a Site or a typed error, nothing else', async () => {
    site.mode = 'custom';
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({maxDepth: 4}),
          fc.array(
            fc.dictionary(
              fc.constantFrom(
                '$key',
                'name',
                'vnet',
                'network',
                'type',
                'action',
                'enabled',
                'machine',
                'value',
                'orderid',
                'x',
              ),
              fc.jsonValue({maxDepth: 2}),
            ),
            {maxLength: 4},
          ),
        ),
        async (value) => {
          site.body = JSON.stringify(value);
          try {
            const loaded = await loadSite(client);
            expect(Array.isArray(loaded.networks)).toBe(true);
          } catch (error) {
            expect(error, site.body).toBeInstanceOf(VergeError);
            expect((error as VergeError).kind, site.body).toBe('response');
          }
        },
      ),
      propertyParams({numRuns: 120}),
    );
  }, 60_000);

  for (const mode of [
    'wrong-types',
    'missing-fields',
    'null',
    'not-json',
    'html-error-page',
    'huge-streamed',
  ] as const) {
    it(`${mode}: the console shows the error and keeps running`, async () => {
      site.mode = mode;
      const t = startTerminal({
        args: ['--url', site.url, '--user', 'admin'],
        cols: 120,
        rows: 24,
        env: {VSEG_PASSWORD: 'malformed-site-pw'},
      });
      try {
        const screen = await t.waitFor(/offline|✖/, 30_000);
        // A message about the answer, on screen.
        await t.waitFor(/does not look like VergeOS's|was not JSON|larger than \d+ MB/, 30_000);
        expect(screen[0]).toMatch(/^vseg/);
        // No raw control bytes from the body reached the terminal as text.
        expect(t.text()).not.toMatch(/\]52;|ZXZpbA==/);
        expect(t.exitStatus()).toBeUndefined();
        t.write('q');
        expect((await t.exited).exitCode).toBe(0);
      } finally {
        await t.close();
      }
    }, 60_000);
  }
});
