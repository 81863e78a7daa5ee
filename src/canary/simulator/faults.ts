// Fault switches of the simulator, mutable at run time by tests and benchmarks (all off by default):
// latency, seeded 5xx and Errors-text rates, queued failures, HTTP-error mode, a refusing proxy in front,
// throttling, body-size limit, forced session expiry, unknown DataSets and poison tags. It decides; the
// server applies.

import { seededRandom, type Random } from '../../seeded-random.js';

/** The text of transient `Errors` answers; a writer classifies it as retryable. */
export const TRANSIENT_ERROR_TEXT = 'Store and forward service is temporarily unavailable (transient); try again';

export type InjectedFault = 'server_error' | 'transient';

export interface FaultSwitches {
  /** Fixed delay (ms) before each API method answers. */
  latencyMs: number;
  /** Share (0–1) of requests answered with HTTP `serverErrorStatus`, drawn from `seed`. */
  serverErrorRate: number;
  serverErrorStatus: number;
  /** Share (0–1) of requests answered HTTP 200 `{statusCode:"Errors", errors:[transientErrorText]}`. The text
   * is the historian's own words, so it may be one a writer does not know ("Historian X is not responding"). */
  transientErrorRate: number;
  transientErrorText: string;
  /** A proxy or web server in front of Canary answers every request (of `methods`) with this HTTP status and
   * an HTML page before Canary sees it: 403 of a proxy, 404 of a moved path, 408, 409… null = off. */
  proxyStatus: number | null;
  /** Application errors as HTTP statuses (BadSessionToken/apiToken 401, validation 400, transient 503). */
  httpErrorMode: boolean;
  /** At most this many requests are served in any sliding 1000 ms; the rest get 429. null = off. */
  throttleRps: number | null;
  /** Request bodies over this many bytes get 413. null = off. */
  maxBodyBytes: number | null;
  /** DataSets reported missing (not listed, not auto-created) even if they exist. */
  unknownDatasets: string[];
  /** Tag ids whose write always yields a validation `Errors`. */
  poisonTags: string[];
  /** API method names (e.g. ["storeData"]) the rates, queued failures and proxy status apply to; null = every method. */
  methods: string[] | null;
  seed: number;
}

export interface FaultControl extends FaultSwitches {
  /** The next `count` requests (of `methods`) fail with this fault, before any rate is drawn. */
  failNext(count: number, fault: InjectedFault): void;
  /** Every session token becomes invalid now. */
  expireSessions(): void;
  /** All switches back to off, queued failures dropped, random sequence restarted from `seed`. */
  reset(): void;
  /** The fault for one request of an API method, or null (consumes a queued failure or random draws). */
  pick(method: string): InjectedFault | null;
  /** The HTTP status the proxy answers a request of this method with, or null when it lets it through. */
  proxied(method: string): number | null;
}

export function defaultFaults(): FaultSwitches {
  return {
    latencyMs: 0,
    serverErrorRate: 0,
    serverErrorStatus: 503,
    transientErrorRate: 0,
    transientErrorText: TRANSIENT_ERROR_TEXT,
    proxyStatus: null,
    httpErrorMode: false,
    throttleRps: null,
    maxBodyBytes: null,
    unknownDatasets: [],
    poisonTags: [],
    methods: null,
    seed: 1,
  };
}

export function createFaults(expireSessions: () => void): FaultControl {
  const queued: InjectedFault[] = [];
  let random: Random = seededRandom(1);
  let randomSeed = 1;
  const draw = (rate: number, seed: number): boolean => {
    if (rate <= 0) return false;
    if (seed !== randomSeed) random = seededRandom((randomSeed = seed));
    return random.next() < rate;
  };

  const control: FaultControl = {
    ...defaultFaults(),
    failNext(count, fault) {
      for (let i = 0; i < count; i++) queued.push(fault);
    },
    expireSessions,
    reset() {
      Object.assign(control, defaultFaults());
      queued.length = 0;
      random = seededRandom((randomSeed = control.seed));
    },
    proxied(method) {
      return control.methods !== null && !control.methods.includes(method) ? null : control.proxyStatus;
    },
    pick(method) {
      if (control.methods !== null && !control.methods.includes(method)) return null;
      const next = queued.shift();
      if (next) return next;
      if (draw(control.serverErrorRate, control.seed)) return 'server_error';
      if (draw(control.transientErrorRate, control.seed)) return 'transient';
      return null;
    },
  };
  return control;
}
