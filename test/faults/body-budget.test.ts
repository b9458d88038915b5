// A site whose every table answers with a big body, all at once: no single
// answer passes the per-response limit, together they would fill the jump
// host's memory (a site load asks ~11 tables in parallel). The client holds at
// most its in-flight budget, and says so with a typed error.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {VergeError} from '../../source/api/errors.js';
import {
  BodyBudget,
  BodyLimitError,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_IN_FLIGHT_BYTES,
  isBodyLimitError,
} from '../../source/api/http.js';
import {loadSite} from '../../source/domain/load-site.js';
import {startMalformedSite, type MalformedSite} from './malformed-server.js';
import {waitUntil} from '../support/wait.js';

const MB = 1024 * 1024;

/** A budget that remembers the most it ever held. */
class WatchedBudget extends BodyBudget {
  peak = 0;
  override take(bytes: number): boolean {
    const ok = super.take(bytes);
    this.peak = Math.max(this.peak, this.inFlightBytes);
    return ok;
  }
}

describe('one response budget for all concurrent answers', () => {
  let site: MalformedSite;
  beforeAll(async () => {
    site = await startMalformedSite('huge-all');
  });
  afterAll(async () => {
    await site.close();
  });

  async function load(options: {maxBodyBytes?: number; budget: BodyBudget}): Promise<unknown> {
    const client = new VergeClient({
      url: site.url,
      auth: {kind: 'basic', user: 'admin', password: 'budget-site-pw'},
      retries: 0,
      maxBodyBytes: options.maxBodyBytes,
      maxInFlightBytes: options.budget,
    });
    // No answer can finish while held: the load ends only when a limit stops it.
    site.hold = true;
    try {
      return await loadSite(client).then(
        () => undefined,
        (e: unknown) => e,
      );
    } finally {
      site.release();
      await client.close();
    }
  }

  it('the defaults: 96 MB for one answer, 192 MB for all of them together', () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(96 * MB);
    expect(DEFAULT_MAX_IN_FLIGHT_BYTES).toBe(192 * MB);
  });

  // Each answer is under the per-response limit, which is under the shared
  // one: only answers read at the same time can pass the shared limit.
  it('small limits: answers under the per-response limit, over the shared one together', async () => {
    site.hugeBytes = 12 * MB;
    const budget = new WatchedBudget(24 * MB);
    const error = await load({maxBodyBytes: 16 * MB, budget});
    expect(error).toBeInstanceOf(VergeError);
    expect((error as VergeError).kind).toBe('response');
    expect(isBodyLimitError(error)).toBe(true);
    expect((error as VergeError).details).toMatchObject({bodyLimit: 'in-flight', limitBytes: 24 * MB});
    expect((error as VergeError).describe()).toMatch(
      /the answers being read at once are larger than 24 MB together; refusing to read more of this one/,
    );
    expect(budget.peak).toBeLessThanOrEqual(24 * MB);
    expect(budget.peak).toBeGreaterThan(12 * MB);
  });

  it('one answer over the per-response limit is refused on its own', async () => {
    site.hugeBytes = 6 * MB;
    const budget = new WatchedBudget(64 * MB);
    const error = await load({maxBodyBytes: 4 * MB, budget});
    expect(isBodyLimitError(error)).toBe(true);
    expect((error as VergeError).details).toMatchObject({bodyLimit: 'response', limitBytes: 4 * MB});
    expect((error as VergeError).describe()).toMatch(/the answer is larger than 4 MB; refusing to read it/);
    expect(budget.peak).toBeLessThanOrEqual(64 * MB);
  });

  it('the budget is given back: the same client reads normal answers afterwards', async () => {
    site.hugeBytes = 12 * MB;
    const budget = new WatchedBudget(24 * MB);
    const client = new VergeClient({
      url: site.url,
      auth: {kind: 'basic', user: 'admin', password: 'budget-site-pw'},
      retries: 0,
      maxBodyBytes: 16 * MB,
      maxInFlightBytes: budget,
    });
    site.hold = true;
    try {
      expect(
        isBodyLimitError(
          await loadSite(client).then(
            () => undefined,
            (e: unknown) => e,
          ),
        ),
      ).toBe(true);
      site.release();
      // The answers still being read in the background finish (and fail to parse), then nothing is held.
      await waitUntil(() => budget.inFlightBytes === 0, {what: 'no answer bytes held', timeoutMs: 10_000});
      site.mode = 'custom';
      site.body = '[]';
      const loaded = await loadSite(client);
      expect(loaded.networks).toEqual([]);
    } finally {
      site.release();
      site.mode = 'huge-all';
      await client.close();
    }
  });

  it('defaults, against bodies of 90 MB from every table at once: never more than 192 MB held', async () => {
    // Under 96 MB each (each alone would be read); ~1 GB together without the shared budget.
    site.hugeBytes = 90 * MB;
    site.peakStreaming = 0;
    const budget = new WatchedBudget(DEFAULT_MAX_IN_FLIGHT_BYTES);
    const error = await load({budget});
    expect(site.peakStreaming, 'the answers were sent at the same time').toBeGreaterThanOrEqual(3);
    expect(error).toBeInstanceOf(VergeError);
    expect(isBodyLimitError(error) && error.details.bodyLimit).toBe('in-flight');
    expect(budget.peak).toBeLessThanOrEqual(DEFAULT_MAX_IN_FLIGHT_BYTES);
    expect(budget.peak).toBeGreaterThan(150 * MB);
  }, 30_000);

  it('the typed error keeps its type', () => {
    const e = new BodyLimitError({
      scope: 'response',
      limitBytes: 96 * MB,
      method: 'GET',
      path: '/api/v4/vnets',
      operation: 'list networks',
    });
    expect(e).toBeInstanceOf(VergeError);
    expect(e.describe()).toBe(
      'Could not list networks: the answer is larger than 96 MB; refusing to read it (GET /api/v4/vnets)',
    );
    expect(isBodyLimitError(e.withOperation('load the site'))).toBe(true);
    expect(isBodyLimitError(new VergeError({kind: 'response', message: 'x'}))).toBe(false);
  });
});
