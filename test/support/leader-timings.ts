// The CDC leader's production timings divided by one factor, so a test keeps their ratios (heartbeat :
// lease : server session timeout : poll) and the 30 s failover bound scales with them.

import { LEADER_TIMINGS, type LeaderTimings } from '../../src/cdc/leader.js';

/** Production ÷ `factor`: with 5, heartbeat 1 s, lease 3 s, server timeout 4 s, poll 0.4 s, failover ≤ 6 s. */
export function scaledLeaderTimings(factor: number): LeaderTimings & { failoverMs: number } {
  const t = Object.fromEntries(Object.entries(LEADER_TIMINGS).map(([k, v]) => [k, v / factor])) as LeaderTimings;
  return { ...t, failoverMs: 30_000 / factor };
}
