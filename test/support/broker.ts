// The MQTT broker of a test: Mosquitto when TEST_MQTT_URL names one (CI does), else an in-process aedes
// on a free port. Tests on a shared broker keep apart by using their own Sparkplug group ids.

import { startEmbeddedBroker } from '../../src/embedded/broker.js';

export interface TestBroker {
  url: string;
  stop(): Promise<void>;
}

export async function testBroker(): Promise<TestBroker> {
  const url = process.env.TEST_MQTT_URL;
  if (url) return { url, stop: async () => undefined };
  const broker = await startEmbeddedBroker({ port: 0 });
  return { url: broker.url, stop: () => broker.stop() };
}

/** A group id no other test (or earlier run against the same broker) uses. */
export function uniqueGroup(label: string): string {
  return `T${label}${process.pid}x${Date.now() % 1_000_000}`;
}
