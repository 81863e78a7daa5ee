// What `bench e2e` reports (B8/B9) and its table: the end-to-end time against B1 of the same run, where
// the time went (publish, ingest, CDC, Canary writes) and the service's memory by phase. Pure rendering.

export interface Markers {
  /** Seconds after the publish began: the broker acknowledged the whole message (QoS 1). */
  published: number;
  /** The birth's transaction committed (its uns_meta_sync.births row is visible). */
  committed: number | null;
  /** The first outbox row inserted (sampled every 0.5 s). */
  firstOutbox: number | null;
  /** As many outbox rows inserted as there are tags. */
  enqueued: number | null;
  /** Every tag equal in Canary. */
  parity: number | null;
}

export interface E2eBenchReport {
  /** loadAverage: the 1-minute load average when the run began and ended (the machine may be shared). */
  machine: { cores: number; memoryBytes: number; postgres: string; node: string; loadAverage: [number, number] };
  inputs: {
    metrics: number;
    properties: number;
    payloadBytes: number;
    seed: number;
    rateLimit: number;
    debounceSeconds: number;
    broker: 'in-process' | 'external';
  };
  /** B1 ingest.cold of the same birth in the same run; null with --no-baseline. */
  baseline: { seconds: number; rowsWritten: number } | null;
  e2e: {
    /** Bytes published → every tag equal in Canary. */
    seconds: number;
    markers: Markers;
    /** The birth writer's own time inside the service (its "birth applied" log record). */
    applySeconds: number | null;
    firstStoreSeconds: number | null;
    lastStoreSeconds: number | null;
    storeRequests: number;
    storeRequestsPerSecond: number;
    /** storeData requests that arrived in each second after the publish began. */
    storePerSecond: number[];
    /** The simulator's own time per storeData (arrival → reply), median and p95. */
    storeMs: { p50: number; p95: number };
    entries: number;
    /** Requests the simulator refused as over its limit. */
    throttled: number;
    maxInAnySecond: number;
    /** From verifyParity over the Views API after the watch said done (in pages for a huge birth). */
    tags: number;
    inParity: number;
    skipped: number;
    verifiedBy: string;
    /** Sampled every 0.5 s: outbox rows inserted so far, metrics Canary accepted so far. */
    outbox: Array<{ t: number; inserted: number; delivered: number }>;
    serviceErrors: string[];
  };
  ratioToBaseline: number | null;
  memory: {
    /** VmRSS once ready, before the publish. */
    idleBytes: number;
    /** VmHWM when the birth committed: the peak of start-up and ingest. */
    ingestPeakBytes: number;
    /** Highest sampled VmRSS after the commit (CDC decode, outbox, Canary writes). */
    afterCommitPeakBytes: number;
    /** VmHWM at parity: the service's peak RSS. */
    peakBytes: number;
    /** VmRSS; CPU seconds so far of the service, the PostgreSQL server (0 when not on this machine) and this process. */
    samples: Array<{
      t: number;
      rssBytes: number;
      cpuSeconds: number;
      pgCpuSeconds: number;
      benchCpuSeconds: number;
      phase: string;
    }>;
  };
  /** Node flags the service ran with (none as deployed). */
  serviceNodeArgs: string[];
  targets: { ratio: number; peakRssBytes: number };
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const sec = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)} s`);

export function renderE2eBench(r: E2eBenchReport): string {
  const e = r.e2e;
  const m = e.markers;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const id = r.inputs.metrics > 200_000 ? 'B9 e2e.huge' : 'B8 e2e.first-birth';
  const peakOk = r.memory.peakBytes <= r.targets.peakRssBytes;
  const rows = [
    `machine: ${r.machine.cores} cores, ${(r.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, PostgreSQL ${r.machine.postgres}, Node ${r.machine.node}; load average ${r.machine.loadAverage.map((x) => x.toFixed(1)).join(' → ')}`,
    `input: ${r.inputs.metrics} metrics, ${r.inputs.properties} properties, protobuf ${(r.inputs.payloadBytes / 2 ** 20).toFixed(1)} MiB (seed ${r.inputs.seed}); ${r.inputs.broker} broker; Canary simulator throttled at ${r.inputs.rateLimit} req/s; CDC debounce ${r.inputs.debounceSeconds} s`,
    '',
    '| id | seconds | result | target | |',
    '|---|---|---|---|---|',
    r.baseline
      ? `| B1 ingest.cold (baseline, same run) | ${sec(r.baseline.seconds)} | ${r.baseline.rowsWritten} rows | | |`
      : '| B1 ingest.cold (baseline) | – | not measured (--no-baseline) | | |',
    `| ${id}: bytes → every tag equal in Canary | ${sec(e.seconds)} | ${e.inParity} of ${e.tags} tags equal (${e.verifiedBy}, Views API)${e.skipped ? `, ${e.skipped} skipped` : ''} | ${r.baseline ? `≤ ${r.targets.ratio} × B1` : 'parity'} | ${r.ratioToBaseline === null ? met(e.inParity === e.tags) : `${r.ratioToBaseline.toFixed(2)} × B1: ${met(r.ratioToBaseline <= r.targets.ratio)}`} |`,
    `| service peak RSS (VmHWM) | | ${mib(r.memory.peakBytes)} | ≤ ${mib(r.targets.peakRssBytes)} | ${met(peakOk)} |`,
    `| over the Canary limit (simulator's count) | | ${e.throttled} refused; busiest second ${e.maxInAnySecond} | 0 | ${met(e.throttled === 0 && e.maxInAnySecond <= r.inputs.rateLimit)} |`,
    '',
    'where the time went (seconds after the first byte was published):',
    `  published (broker PUBACK) ${sec(m.published)}; birth committed ${sec(m.committed)} (the birth writer itself: ${sec(e.applySeconds)})`,
    `  first outbox row ${sec(m.firstOutbox)}; all ${e.tags} rows enqueued ${sec(m.enqueued)} (sampled every 0.5 s)`,
    `  Canary storeData: first ${sec(e.firstStoreSeconds)}, last ${sec(e.lastStoreSeconds)}; ${e.storeRequests} requests at ${e.storeRequestsPerSecond.toFixed(0)} req/s (${((100 * e.storeRequestsPerSecond) / r.inputs.rateLimit).toFixed(0)} % of the limit), ${e.entries} property entries; simulator time per request p50 ${e.storeMs.p50} ms, p95 ${e.storeMs.p95} ms`,
    `  parity ${sec(m.parity)}; Canary's own floor at the limit: ${(e.storeRequests / r.inputs.rateLimit).toFixed(1)} s`,
    'service memory (RSS from /proc):',
    `  idle ${mib(r.memory.idleBytes)}; peak up to the commit (ingest) ${mib(r.memory.ingestPeakBytes)}; peak after the commit (CDC + Canary) ${mib(r.memory.afterCommitPeakBytes)}; overall ${mib(r.memory.peakBytes)}`,
    'by phase (service RSS peak; CPU as share of one core: the service, the PostgreSQL server, this process with broker and simulator):',
    ...phases(r.memory.samples),
  ];
  if (r.serviceNodeArgs.length) rows.push(`service node flags: ${r.serviceNodeArgs.join(' ')} (not as deployed)`);
  if (e.serviceErrors.length)
    rows.push(`service logged ${e.serviceErrors.length} error(s), first: ${e.serviceErrors[0]}`);
  return rows.join('\n');
}

function phases(samples: E2eBenchReport['memory']['samples']): string[] {
  const spans = new Map<string, { first: (typeof samples)[number]; last: (typeof samples)[number]; peak: number }>();
  for (const s of samples) {
    const p = spans.get(s.phase);
    spans.set(s.phase, { first: p?.first ?? s, last: s, peak: Math.max(p?.peak ?? 0, s.rssBytes) });
  }
  return [...spans].map(([name, p]) => {
    const dt = p.last.t - p.first.t;
    const share = (a: number, b: number) => (dt > 0 ? `${((100 * (b - a)) / dt).toFixed(0)} %` : '–');
    return `  ${name.padEnd(11)} ${p.first.t.toFixed(1).padStart(6)}–${p.last.t.toFixed(1).padEnd(6)} s  RSS peak ${mib(p.peak).padStart(8)}  CPU service ${share(p.first.cpuSeconds, p.last.cpuSeconds).padStart(5)}, PostgreSQL ${share(p.first.pgCpuSeconds, p.last.pgCpuSeconds).padStart(5)}, bench ${share(p.first.benchCpuSeconds, p.last.benchCpuSeconds).padStart(5)}`;
  });
}
