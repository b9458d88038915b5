// A site that answers like VergeOS on sign-in and /version.json, and then
// says something VergeOS never says when asked for data: the wrong types,
// missing fields, no JSON at all, or far too much of it. Plain HTTP on
// loopback; one mode at a time, switchable between requests.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export type Mode =
  | 'wrong-types'
  | 'missing-fields'
  | 'object-not-array'
  | 'null'
  | 'not-json'
  | 'truncated-json'
  | 'html-error-page'
  | 'huge-declared'
  | 'huge-streamed'
  | 'nested-bomb'
  | 'huge-all'
  | 'trickle'
  | 'custom';

export const MODES: readonly Mode[] = [
  'wrong-types',
  'missing-fields',
  'object-not-array',
  'null',
  'not-json',
  'truncated-json',
  'html-error-page',
  'huge-declared',
  'huge-streamed',
  'nested-bomb',
];

export interface MalformedSite {
  url: string;
  mode: Mode;
  /** The body every data table answers with in mode `custom`. */
  body: string;
  /** Bytes of data-table bodies written so far (for the huge modes). */
  bytesSent: number;
  /** Mode `trickle`: every data table answers 200 at once, then one byte of its body per this many ms, never ending. */
  trickleMs: number;
  /** Mode `huge-all`: every data table streams this many bytes, all at once. */
  hugeBytes: number;
  /** Data-table answers being written right now, and the most at one time. */
  streaming: number;
  peakStreaming: number;
  /**
   * Mode `huge-all`: while true, an answer whose bytes are all written is not
   * ended — the client cannot finish (and let go of) any of them, so only its
   * limits can stop the load. release() ends them all and stops holding.
   */
  hold: boolean;
  release(): void;
  close(): Promise<void>;
}

const HUGE = 200 * 1024 * 1024;

function dataBody(mode: Mode): string {
  switch (mode) {
    case 'wrong-types':
      return JSON.stringify([
        {
          $key: 'one',
          name: 42,
          type: ['internal'],
          enabled: 'maybe',
          network: {cidr: 7},
          need_fw_apply: 'yes',
          vnet: 'x',
          orderid: 'first',
        },
      ]);
    case 'missing-fields':
      return JSON.stringify([{}, {$key: 3}]);
    case 'object-not-array':
      return JSON.stringify({rows: [{$key: 1, name: 'web'}]});
    case 'null':
      return 'null';
    case 'not-json':
      return 'OK\u0007 this is not JSON \u001b[2J';
    case 'truncated-json':
      return '[{"$key":1,"name":"web","type":"inter';
    case 'html-error-page':
      return '<html><body><h1>502 Bad Gateway</h1>\u001b]52;c;ZXZpbA==\u0007</body></html>';
    case 'nested-bomb':
      return `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    default:
      return '[]';
  }
}

export async function startMalformedSite(initial: Mode): Promise<MalformedSite> {
  const held = new Set<() => void>();
  const site: MalformedSite = {
    url: '',
    mode: initial,
    body: '[]',
    bytesSent: 0,
    hugeBytes: HUGE,
    trickleMs: 500,
    streaming: 0,
    peakStreaming: 0,
    hold: false,
    release() {
      site.hold = false;
      for (const end of [...held]) end();
      held.clear();
    },
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    req.resume();
    if (path === '/version.json') {
      res
        .writeHead(200, {'content-type': 'application/json'})
        .end('{"name":"VergeOS","version":"26.1.8","hash":"0000000000000000000000000000000000000000"}');
      return;
    }
    if (path === '/api/sys/tokens' && req.method === 'POST') {
      res
        .writeHead(201, {'content-type': 'application/json'})
        .end(
          '{"location":"/sys/tokens/abc","dbpath":"tokens/abc","$row":1,"$key":"0123456789abcdef0123456789abcdef01234567"}',
        );
      return;
    }
    if (path.startsWith('/api/sys/tokens/')) {
      res.writeHead(200, {'content-type': 'application/json'}).end('[]');
      return;
    }
    if (!path.startsWith('/api/v4/')) {
      res.writeHead(404).end('{"err":"not found"}');
      return;
    }
    const mode = site.mode;
    // One huge table is enough: the others answer normally (the load asks them in parallel).
    // huge-all: every table is big, none too big on its own; together they are.
    if (
      ((mode === 'huge-declared' || mode === 'huge-streamed') && path.startsWith('/api/v4/vnets')) ||
      mode === 'huge-all'
    ) {
      const total = mode === 'huge-all' ? site.hugeBytes : HUGE;
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(mode === 'huge-declared' ? {'content-length': String(total)} : {}),
      });
      const chunk = Buffer.alloc(Math.min(1024 * 1024, total), 0x20);
      let sent = 0;
      site.streaming++;
      site.peakStreaming = Math.max(site.peakStreaming, site.streaming);
      res.once('close', () => site.streaming--);
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          site.bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (mode === 'huge-all' && site.hold) {
          const end = () => res.end();
          held.add(end);
          res.once('close', () => held.delete(end));
        } else res.end();
      };
      res.on('error', () => undefined);
      res.socket?.on('error', () => undefined);
      res.write('[');
      pump();
      return;
    }
    if (mode === 'trickle') {
      // A real byte stream that never finishes: the headers say 200 at once, the body never completes.
      res.writeHead(200, {'content-type': 'application/json'});
      const text = `[${' '.repeat(1_000_000)}]`;
      let at = 0;
      const timer = setInterval(() => {
        site.bytesSent++;
        res.write(text[at++ % text.length]);
      }, site.trickleMs);
      res.once('close', () => clearInterval(timer));
      res.on('error', () => undefined);
      return;
    }
    const body = mode === 'custom' ? site.body : dataBody(mode);
    site.bytesSent += body.length;
    res.writeHead(200, {'content-type': mode === 'html-error-page' ? 'text/html' : 'application/json'}).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}
