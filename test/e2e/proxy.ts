// A TCP forwarder in front of a site, so a test can make the site unreachable
// (connections refused, open ones reset) and bring it back on the same
// address — with the same certificate behind it, as a network outage does.
import {createServer, connect, type Server, type Socket} from 'node:net';

export interface Proxy {
  /** The site's URL with the proxy's port. */
  url: string;
  /** Refuse new connections and reset the open ones. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  /** Bytes the site has sent through the proxy so far (TLS records included): what a client received. */
  bytesDown(): number;
}

export async function startProxy(targetUrl: string, listenPort = 0): Promise<Proxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = listenPort;
  let down = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.on('data', (chunk: Buffer) => (down += chunk.length));
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as {port: number}).port;
        server = s;
        resolve();
      });
    });

  const cut = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await listen();
  const url = new URL(targetUrl);
  url.port = String(port);
  return {url: url.origin, cut, restore: listen, close: cut, bytesDown: () => down};
}
