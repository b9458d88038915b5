// --timeout bounds a request as a whole. A real server trickling its body one
// byte every 0.5 s (the headers arrive at once), and one that accepts the
// connection and never answers: `vseg get` stops at the limit with a message
// naming the request and the limit, and the console's load ends the same way
// instead of showing "loading…" for as long as the server likes — also when
// garbage collections run while the body trickles in.
import {createServer, type Server, type Socket} from 'node:net';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {getCommand} from '../../source/commands/get.js';
import {ConsoleSession} from '../../source/session/console-session.js';
import {Workspace} from '../commands/helpers.js';
import {startMalformedSite, type MalformedSite} from './malformed-server.js';

describe('--timeout ends every request', () => {
  const ws = new Workspace({VSEG_KEYRING: 'off'});
  let site: MalformedSite;
  let silent: Server;
  let silentUrl = '';
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    site = await startMalformedSite('trickle');
    // Accepts, reads, never writes a byte.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await site.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    ws.remove();
  });

  it('a body trickled one byte every 0.5 s: get stops at the limit and names the request', async () => {
    const sent = site.bytesSent;
    const r = await ws.run(getCommand, ['networks', '--url', site.url, '--user', 'admin', '--timeout', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /vseg get: Could not list networks: the answer was still arriving after 2 s \(\d+ bytes so far\); stopped at the --timeout limit \(GET \/api\/v4\/vnets\)/,
    );
    // The body really was arriving: this is the trickle, not a refused connection.
    expect(site.bytesSent).toBeGreaterThan(sent);
  }, 30_000);

  it('the same with garbage collections while the body trickles in', async () => {
    // The deadline's abort reached the body only through signals undici links
    // weakly; a collection in between dropped the link and get waited for ever.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const collecting = setInterval(() => gc(), 50);
    try {
      const r = await ws.run(getCommand, ['networks', '--url', site.url, '--user', 'admin', '--timeout', '2']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /the answer was still arriving after 2 s .*stopped at the --timeout limit \(GET \/api\/v4\/vnets\)/,
      );
    } finally {
      clearInterval(collecting);
    }
  }, 30_000);

  it('a server that never answers: the same limit, the same kind of message', async () => {
    const r = await ws.run(getCommand, ['networks', '--url', silentUrl, '--user', 'admin', '--timeout', '1']);
    expect(r.code).toBe(2);
    // A sign-in that got no answer may have opened a session: the message says so (sessions-left.ts).
    expect(r.stderr).toMatch(
      /no answer within 1 s \(the --timeout limit\); if VergeOS opened a session .*\(POST \/api\/sys\/tokens\)/,
    );
  }, 30_000);

  it('the console: the load ends at the limit, offline with the reason, not loading', async () => {
    const session = new ConsoleSession({
      // 3 s, not 1: the sign-in before the trickled load must not hit the limit on a loaded machine (a
      // trickled body of networks takes far longer than that to arrive, so the load still does).
      flags: {url: site.url, user: 'admin', timeout: '3'},
      io: {env: {...ws.env, VSEG_PASSWORD: 'x'}, stdin: process.stdin, stderr: process.stderr},
      connectionOptions: {retries: 0},
      refreshMs: 60_000,
      backoff: {initialMs: 60_000, maxMs: 60_000},
    });
    try {
      await session.start();
      expect(session.getSnapshot().loading).toBe(false);
      expect(session.getSnapshot().error).toMatch(/still arriving after 3 s .*--timeout limit/);
      expect(session.model.getState().connection).toMatchObject({kind: 'offline', cause: 'unreachable'});
    } finally {
      await session.close();
    }
  }, 30_000);
});
