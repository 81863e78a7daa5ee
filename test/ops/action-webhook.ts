// A Slack-compatible incoming webhook on 127.0.0.1 that keeps what it is sent (OPS_NOTIFY_WEBHOOK).

import { createServer, type Server } from 'node:http';

export interface Webhook {
  url: string;
  texts: string[];
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  const texts: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      texts.push((JSON.parse(body) as { text: string }).text);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    texts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
