// A site that answers, but not as VergeOS does: the console says so — its own
// offline cause and banner — instead of calling the API unreachable, and does
// not hammer it with automatic retries (r still tries again).
import {afterEach, describe, expect, it} from 'vitest';
import {ConsoleSession} from '../../source/session/console-session.js';
import {BUILTIN_ACTIONS} from '../../source/ui/actions/builtin.js';
import {createActionRegistry} from '../../source/ui/actions/registry.js';
import {bannerFor} from '../../source/ui/app/banner.js';
import {startMalformedSite, type MalformedSite} from '../faults/malformed-server.js';
import {tempHome, type TempHome} from '../store/helpers.js';

let site: MalformedSite | undefined;
let home: TempHome | undefined;
let session: ConsoleSession | undefined;
afterEach(async () => {
  await session?.close();
  await site?.close();
  home?.cleanup();
  session = site = home = undefined;
});

const banner = (s: ConsoleSession) =>
  bannerFor(
    s.model.getState(),
    createActionRegistry(BUILTIN_ACTIONS),
    {readOnly: false, online: false},
    Date.now(),
    false,
    200,
  )?.text ?? '';

describe("answers that are not VergeOS's", () => {
  for (const mode of ['wrong-types', 'not-json', 'html-error-page'] as const) {
    it(`${mode}: offline as "malformed", with a banner that says what is wrong`, async () => {
      site = await startMalformedSite(mode);
      home = tempHome({VSEG_PASSWORD: 'malformed-site-pw'});
      session = new ConsoleSession({
        flags: {url: site.url, user: 'admin'},
        io: {env: home.env, stdin: process.stdin, stderr: process.stderr},
        connectionOptions: {paths: home.paths, retries: 0},
        refreshMs: 60_000,
        backoff: {initialMs: 50, maxMs: 50},
      });
      await session.start();
      const c = session.model.getState().connection;
      expect(c).toMatchObject({kind: 'offline', cause: 'malformed'});
      // Not retried by itself: the same site gives the same answer.
      expect(c.kind === 'offline' && c.retryAt).toBeFalsy();
      const text = banner(session);
      expect(text).toMatch(
        /^The site's answers are not what VergeOS sends \(.*(does not look like VergeOS's|was not JSON).*\) — check the address; r to try again$/,
      );
      expect(text).not.toMatch(/unreachable/);
      // r asks again (and finds the same).
      const before = site.bytesSent;
      await session.retryNow();
      expect(site.bytesSent).toBeGreaterThan(before);
      expect(session.model.getState().connection).toMatchObject({kind: 'offline', cause: 'malformed'});
    });
  }
});
