// The Sparkplug 3.0 host application STATE payload (retained JSON on spBv1.0/STATE/<host id>). On by
// default under this service's own host id (MQTT_STATE_HOST_ID); edge nodes follow only their primary
// host's id, so this never makes the service their primary host.

/** `timestamp`: the CONNECT time for the birth and the Will; the time of the stop for a clean stop's offline message. */
export function hostStateMessage(online: boolean, timestamp: number): Buffer {
  return Buffer.from(JSON.stringify({ online, timestamp }));
}

/** A STATE payload as read back; null when it is not one. */
export function readHostState(payload: Buffer): { online: boolean; timestamp: number | null } | null {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { online?: unknown; timestamp?: unknown };
    if (typeof v.online !== 'boolean') return null;
    return { online: v.online, timestamp: typeof v.timestamp === 'number' ? v.timestamp : null };
  } catch {
    return null;
  }
}
