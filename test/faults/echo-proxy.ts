// A hostile site: a proxy in front of the simulator that passes every request
// through, except writes (POST/PUT) to the tables it is told to refuse, which
// it answers 422 quoting the request body back in its error — the way some
// servers help a developer and betray an operator. The quote comes in the
// forms a server might use: inside a JSON error, JSON-escaped twice, as plain
// text, URL-encoded.
import {createServer, request, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export type EchoForm = 'json' | 'double-escaped' | 'text' | 'urlencoded';

export interface EchoProxy {
  url: string;
  /** Tables whose writes are refused with the body quoted back. */
  refuse: Set<string>;
  form: EchoForm;
  /** Bodies quoted back so far. */
  echoed: string[];
  close(): Promise<void>;
}

export async function startEchoProxy(target: string): Promise<EchoProxy> {
  const upstream = new URL(target);
  const proxy: EchoProxy = {url: '', refuse: new Set(), form: 'json', echoed: [], close: () => Promise.resolve()};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const table = /^\/api\/v4\/([a-z0-9_]+)/.exec((req.url ?? '').split('?')[0])?.[1];
      if ((req.method === 'POST' || req.method === 'PUT') && table && proxy.refuse.has(table)) {
        const text = body.toString('utf8');
        proxy.echoed.push(text);
        const answer = {
          json: () => ({type: 'application/json', body: JSON.stringify({err: `invalid request body: ${text}`})}),
          'double-escaped': () => ({
            type: 'application/json',
            body: JSON.stringify({err: `invalid request body: ${JSON.stringify(text)}`}),
          }),
          text: () => ({type: 'text/plain', body: `422 invalid request body: ${text}`}),
          urlencoded: () => ({
            type: 'application/json',
            body: JSON.stringify({err: `invalid request: ${encodeURIComponent(text)}`}),
          }),
        }[proxy.form]();
        res.writeHead(422, {'content-type': answer.type}).end(answer.body);
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: {...req.headers, host: upstream.host},
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
