// Child process of the leadership tests: runs startLeadership with the given timings and a stand-in
// writer that asks isLeader() every 100 ms, as the CDC stage does before each outbox commit. Reports
// JSON lines on stdout ({ event, t } with t on this process's monotonic clock) so the test can freeze it.

import { performance } from 'node:perf_hooks';
import { startLeadership, type LeaderTimings } from '../../src/cdc/leader.js';

const [url, timings] = [process.argv[2] ?? '', JSON.parse(process.argv[3] ?? '{}') as Partial<LeaderTimings>];
const say = (event: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, t: Math.round(performance.now()), ...extra })}\n`);

const leadership = startLeadership({
  url,
  ...timings,
  onAcquired: () => say('acquired'),
  onLost: (reason) => say('lost', { reason }),
});
// The stand-in writer: what it would do at each round (write when leading, hold back otherwise).
setInterval(() => say('round', { writes: leadership.isLeader() }), 100);
process.once('SIGTERM', () => void leadership.stop().then(() => process.exit(0)));
say('started');
