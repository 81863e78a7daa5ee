// A TCP forwarder between a client and PostgreSQL that a test can cut: from then on nothing passes in
// either direction and no close is passed on, as when a network link goes dark (both ends stay open).

import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** The given URL with host and port replaced by the proxy's. */
  url: string;
  cut(): void;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  let dark = false;
  const sockets = new Set<Socket>();
  const pipe = (from: Socket, to: Socket) => {
    from.on('data', (d) => {
      if (!dark) to.write(d);
    });
    from.on('end', () => {
      if (!dark) to.end();
    });
    from.on('error', () => undefined);
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    cut: () => void (dark = true),
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
