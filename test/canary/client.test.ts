// The client's part of the classification: a 401 gets one fresh session and one retry; a 401 again is a
// Canary-wide refusal the breaker counts, as is a 403 or 404 from a proxy. The simulator over HTTP.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from '../../src/canary/breaker.js';
import { tagWrites } from '../../src/canary/entries.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { testCanaryClient } from '../support/canary.js';

let sim: CanarySimulator;
const writes = tagWrites([
  { canaryId: 'Secil.C.A', changes: [{ key: 'u', value: { type: 'string', value: 'a' }, at: new Date(0) }] },
]).writes;
const paths = () => sim.requests().map((r) => `${r.path.replace('/api/v1/', '')}:${r.httpStatus}`);

beforeAll(async () => {
  sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.faults.reset();
  sim.clearRequests();
});

describe('canary client refusals', () => {
  it('401 once: a new session and one retry deliver', async () => {
    const client = testCanaryClient(sim.safUrl);
    expect(await client.storeData(writes)).toMatchObject({ kind: 'success' });
    sim.faults.httpErrorMode = true;
    sim.faults.expireSessions();
    expect(await client.storeData(writes)).toMatchObject({ kind: 'success' });
    expect(paths().slice(-3)).toEqual(['storeData:401', 'getSessionToken:200', 'storeData:200']);
    await client.close();
  });

  it('401 again with a new session: transient (session_refused), counted by the breaker until it opens', async () => {
    const states: CircuitState[] = [];
    const client = testCanaryClient(sim.safUrl, {
      breaker: new CircuitBreaker({ onStateChange: (s) => states.push(s) }),
    });
    expect(await client.storeData(writes)).toMatchObject({ kind: 'success' });
    sim.faults.proxyStatus = 401;
    for (let i = 0; i < 19; i++)
      expect(await client.storeData(writes)).toMatchObject({
        kind: 'transient',
        cause: 'session_refused',
        status: 401,
      });
    expect(states).toEqual([]);
    await client.storeData(writes);
    expect(states).toEqual(['open']);
    expect(await client.storeData(writes)).toMatchObject({ kind: 'circuit_open' });
    await client.close();
  });

  it.each([403, 404])('%i from a proxy: transient (http_refused), counted by the breaker', async (status) => {
    const states: CircuitState[] = [];
    const client = testCanaryClient(sim.safUrl, {
      breaker: new CircuitBreaker({ onStateChange: (s) => states.push(s) }),
    });
    sim.faults.proxyStatus = status;
    for (let i = 0; i < 20; i++)
      expect(await client.storeData(writes)).toMatchObject({ kind: 'transient', cause: 'http_refused', status });
    expect(states).toEqual(['open']);
    await client.close();
  });
});
