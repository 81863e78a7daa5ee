// The Sparkplug 3.0 host application STATE payload (retained JSON on spBv1.0/STATE/<host id>).
// Published only when MQTT_STATE_HOST_ID is set: by default this service is a secondary host.

export function hostStateMessage(online: boolean, now = Date.now()): Buffer {
  return Buffer.from(JSON.stringify({ online, timestamp: now }));
}
