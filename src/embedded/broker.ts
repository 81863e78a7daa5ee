// The in-process MQTT broker of the zero-config start: aedes (MQTT 3.1.1 only) on plain TCP or TLS.
// No authentication and in-memory state only; production points MQTT_URL at EMQX or Mosquitto.

import net from 'node:net';
import tls from 'node:tls';
import { Aedes } from 'aedes';
import { AppError } from '../errors.js';

export interface EmbeddedBrokerOptions {
  host?: string;
  port: number;
  tls?: { key: string | Buffer; cert: string | Buffer };
  log?: (msg: string) => void;
}

export interface EmbeddedBroker {
  /** mqtt://host:port or mqtts://host:port */
  url: string;
  port: number;
  stop(): Promise<void>;
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function listenError(err: unknown, host: string, port: number): AppError {
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    return new AppError(
      'port_in_use',
      `MQTT port ${port} on ${host} is already taken (another broker?). Pass --mqtt-port <n> to run the embedded broker ` +
        'on another port, or set MQTT_URL to use the existing broker.',
      { details: { host, port }, cause: err },
    );
  }
  return new AppError(
    'listen_failed',
    `could not start the embedded MQTT broker on ${host}:${port}: ${(err as Error)?.message ?? err}`,
    {
      details: { host, port },
      cause: err,
    },
  );
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const host = opts.host ?? '127.0.0.1';
  const broker = await Aedes.createBroker();
  const closeBroker = () => new Promise<void>((resolve) => broker.close(() => resolve()));
  const server = opts.tls
    ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, broker.handle)
    : net.createServer(broker.handle);

  // Every raw socket, also those that never sent CONNECT (aedes only knows connected clients).
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', (err: Error) => opts.log?.(`embedded broker: TLS handshake refused: ${err.message}`));
  broker.on('clientError', (client, err) => opts.log?.(`embedded broker: client ${client.id}: ${err.message}`));

  let port: number;
  try {
    port = await listen(server, opts.port, host);
  } catch (err) {
    await closeBroker();
    throw listenError(err, host, opts.port);
  }
  const url = `${opts.tls ? 'mqtts' : 'mqtt'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  opts.log?.(`embedded MQTT broker listening on ${url}`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await closeBroker();
      for (const socket of sockets) socket.destroy();
      await closed;
      opts.log?.('embedded MQTT broker stopped');
    })();
    return stopping;
  };
  return { url, port, stop };
}
