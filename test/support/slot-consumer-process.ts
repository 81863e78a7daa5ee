// Child process of the slot takeover tests: streams a logical slot with pgoutput as a consumer would
// (manual acknowledgement, keepalives answered) and reports JSON lines on stdout, so a test can freeze
// it while its walsender keeps the slot.

import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';

const [url, slot, publication] = process.argv.slice(2) as [string, string, string];
const say = (event: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...extra })}\n`);

const svc = new LogicalReplicationService(
  { connectionString: url, application_name: 'uns-meta-test-consumer' },
  { acknowledge: { auto: false, timeoutSeconds: 0 } },
);
svc.on('data', (lsn: string) => void say('data', { lsn }));
svc.on('heartbeat', (lsn: string, _ts: number, shouldRespond: boolean) => {
  if (shouldRespond) void svc.acknowledge(lsn);
});
svc.on('error', (err: Error) => void say('error', { message: err.message }));
say('subscribing');
svc.subscribe(new PgoutputPlugin({ protoVersion: 1, publicationNames: [publication] }), slot).then(
  () => say('ended'),
  (err: unknown) => say('ended', { message: (err as Error).message }),
);
