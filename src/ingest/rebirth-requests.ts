// Sends rebirth requests (NCMD `Node Control/Rebirth` = true) through the governor, and counts and
// logs every request and every one held back. The decision rules are in sparkplug/rebirth-governor.ts.

import type { Logger } from '../log.js';
import { encodePayload } from '../sparkplug/encoder.js';
import type { RebirthGovernor, RebirthReason } from '../sparkplug/rebirth-governor.js';
import { rebirthRequestsTotal, rebirthSuppressedTotal } from '../metrics.js';

export type Publish = (topic: string, payload: Buffer) => Promise<void>;

export function rebirthCommand(group: string, edge: string, now = Date.now()): { topic: string; payload: Buffer } {
  return {
    topic: `spBv1.0/${group}/NCMD/${edge}`,
    payload: encodePayload({
      timestamp: BigInt(now),
      metrics: [{ name: 'Node Control/Rebirth', datatype: 'Boolean', value: true, timestamp: BigInt(now) }],
    }),
  };
}

export class RebirthRequests {
  constructor(
    private readonly governor: RebirthGovernor,
    private readonly publish: Publish,
    private readonly log: Logger,
  ) {}

  async request(group: string, edge: string, reason: RebirthReason, detail?: string): Promise<boolean> {
    const decision = this.governor.decide(`${group}/${edge}`, reason);
    if (decision !== 'send') {
      rebirthSuppressedTotal.inc({ reason, decision });
      this.log.debug({ group, edge, reason, decision, detail }, 'rebirth request held back');
      return false;
    }
    const cmd = rebirthCommand(group, edge);
    try {
      await this.publish(cmd.topic, cmd.payload);
    } catch (err) {
      this.log.warn({ group, edge, reason, err }, 'rebirth request could not be sent');
      return false;
    }
    rebirthRequestsTotal.inc({ reason });
    this.log.info({ group, edge, reason, detail }, 'rebirth requested');
    return true;
  }
}
