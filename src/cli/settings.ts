// The one reading of the config for the stages: each gets the typed group it declares (next to itself),
// with units in the names and lists split. Only src/cli builds them; nothing below it sees the config.

import type { CanaryStageSettings } from '../canary/stage.js';
import { loadConfig, type Config } from '../config.js';
import type { ApplySettings } from '../ingest/apply-settings.js';
import type { IngestSettings } from '../ingest/service.js';
import type { ActionLogSettings } from '../ops/action-log.js';
import type { PgBackRestSettings } from '../ops/backup/pgbackrest.js';
import type { OpsSettings } from '../ops/context.js';
import type { RehearsalSettings } from '../ops/dr/rehearsal.js';
import type { SchedulerSettings } from '../ops/scheduler.js';

/** `build` over exactly `env`: neither the process environment nor a .env file (the benchmarks' set-ups). */
export function forEnv<T>(build: (c: Config) => T): (env: Record<string, string>) => T {
  return (env) => build(loadConfig(env, { envFile: '/nonexistent' }));
}

/** The intake limits and writer options of every path that applies births; `changedBy` says which. */
export function applySettings(c: Config, changedBy: string): ApplySettings {
  return {
    limits: { maxPayloadBytes: c.INGEST_MAX_PAYLOAD_BYTES, maxInflatedBytes: c.INGEST_MAX_INFLATED_BYTES },
    writer: {
      changedBy,
      renameByFingerprint: c.INGEST_RENAME_BY_FINGERPRINT,
      quarantinePayloadMaxBytes: c.QUARANTINE_PAYLOAD_MAX_BYTES,
      maxClockSkewMs: c.INGEST_MAX_CLOCK_SKEW_SECONDS * 1000,
    },
  };
}

export function ingestSettings(c: Config): IngestSettings {
  return {
    dbMode: c.DB_MODE,
    apply: applySettings(c, `ingest:${c.MQTT_CLIENT_ID}`),
    maxClockSkewMs: c.INGEST_MAX_CLOCK_SKEW_SECONDS * 1000,
    birthCacheDir: c.BIRTH_CACHE_DIR,
    queue: {
      concurrency: c.INGEST_CONCURRENCY,
      memoryBytes: c.INGEST_MEMORY_BYTES,
      retryMaxMs: c.INGEST_RETRY_MAX_SECONDS * 1000,
    },
    quarantine: { payloadMaxBytes: c.QUARANTINE_PAYLOAD_MAX_BYTES, windowMs: c.QUARANTINE_WINDOW_SECONDS * 1000 },
    rebirth: {
      enabled: c.MQTT_REBIRTH === 'on',
      cooldownMs: c.MQTT_REBIRTH_COOLDOWN_SECONDS * 1000,
      budgetPerMinute: c.MQTT_REBIRTH_BUDGET_PER_MINUTE,
      onStart: c.MQTT_REBIRTH_ON_START,
      onSeqGap: c.MQTT_REBIRTH_ON_SEQ_GAP,
    },
    reorderTimeoutMs: c.MQTT_REORDER_TIMEOUT_MS,
    mqtt: {
      clientId: c.MQTT_CLIENT_ID,
      username: c.MQTT_USERNAME,
      password: c.MQTT_PASSWORD,
      caFile: c.MQTT_CA,
      certFile: c.MQTT_CERT,
      keyFile: c.MQTT_KEY,
      keepaliveSeconds: c.MQTT_KEEPALIVE,
      qos: c.MQTT_QOS,
      groups: splitList(c.MQTT_GROUPS),
      sharedGroup: c.MQTT_SHARED_GROUP,
      stateHostId: c.MQTT_STATE_HOST_ID === 'off' ? null : c.MQTT_STATE_HOST_ID,
    },
  };
}

export function canaryStageSettings(c: Config): CanaryStageSettings {
  const historians = splitList(c.CANARY_HISTORIANS);
  return {
    safUrl: c.CANARY_SAF_URL,
    viewsUrl: c.CANARY_VIEWS_URL,
    apiToken: c.CANARY_API_TOKEN,
    clientId: c.CANARY_CLIENT_ID,
    // Unset: the local historian, what the simulator and a single-node Canary expect.
    historians: historians.length ? historians : ['localhost'],
    sessionTimeoutMs: c.CANARY_SESSION_TIMEOUT_MS,
    keepaliveIdleMs: c.CANARY_KEEPALIVE_IDLE_SECONDS * 1000,
    attemptTimeoutMs: c.CANARY_ATTEMPT_TIMEOUT_MS,
    rateLimitRps: c.CANARY_RATE_LIMIT_RPS,
    breaker: {
      consecutiveFailures: c.CANARY_BREAKER_FAILURES,
      serverErrorPercent: c.CANARY_BREAKER_5XX_PERCENT,
      openMs: c.CANARY_BREAKER_OPEN_SECONDS * 1000,
    },
    retry: { maxAttempts: c.CANARY_RETRY_ATTEMPTS, budgetMs: c.CANARY_RETRY_BUDGET_MS },
    batch: { maxTags: c.CANARY_MAX_BATCH_TAGS, maxBytes: c.CANARY_MAX_PAYLOAD_BYTES },
    datasets: datasetOptions(c),
    maxInFlight: c.CANARY_MAX_IN_FLIGHT,
    resolveTags: c.CANARY_RESOLVE_TAGS,
    dryRun: c.CANARY_DRY_RUN,
  };
}

/** What the checks and the doctor read (`ops check`, `ops doctor`, the scheduler, `ops backup check`). */
export function opsSettings(c: Config): OpsSettings {
  return {
    run: { thresholdEnv: c.OPS_THRESHOLD_ENV, timeoutMs: c.OPS_CHECK_TIMEOUT_SECONDS * 1000 },
    poolMax: c.DB_POOL_MAX,
    cdc: { enabled: c.CDC_ENABLED, slot: c.CDC_SLOT, debounceMaxSeconds: c.CDC_DEBOUNCE_MAX_SECONDS },
    storageGrowthWindowDays: c.OPS_STORAGE_GROWTH_WINDOW_DAYS,
    vacuumMaintenanceWorkMem: c.OPS_VACUUM_MAINTENANCE_WORK_MEM,
    http: { host: c.HTTP_HOST, port: c.HTTP_PORT },
    tls: {
      database: {
        url: c.DATABASE_URL,
        host: c.PGHOST,
        port: c.PGPORT,
        sslmode: c.PGSSLMODE,
        sslcert: c.PGSSLCERT,
        sslkey: c.PGSSLKEY,
        sslrootcert: c.PGSSLROOTCERT,
      },
      endpoints: c.OPS_TLS_ENDPOINTS,
      caFile: c.OPS_TLS_CA_FILE,
    },
    grants: { baselineFile: c.OPS_GRANTS_BASELINE },
    backup: pgBackRestSettings(c),
    canary: {
      viewsUrl: c.CANARY_VIEWS_URL,
      apiToken: c.CANARY_API_TOKEN,
      sampleSize: c.OPS_CANARY_PARITY_SAMPLE,
      datasets: datasetOptions(c),
    },
  };
}

export function schedulerSettings(c: Config): SchedulerSettings {
  return {
    enabled: c.OPS_SCHEDULE,
    at: {
      dailyAt: c.OPS_DAILY_AT,
      weeklyAt: c.OPS_WEEKLY_AT,
      monthlyAt: c.OPS_MONTHLY_AT,
      quarterlyAt: c.OPS_QUARTERLY_AT,
    },
    runOnStart: c.OPS_RUN_ON_START,
    archiveDir: c.OPS_ARCHIVE_DIR || undefined,
    retentionDays: c.OPS_RETENTION_DAYS,
    checks: opsSettings(c),
  };
}

export function actionLogSettings(c: Config): ActionLogSettings {
  return { operator: c.OPS_OPERATOR, notifyWebhook: c.OPS_NOTIFY_WEBHOOK };
}

export function rehearsalSettings(c: Config): RehearsalSettings {
  return {
    backup: pgBackRestSettings(c),
    scratchDir: c.OPS_DR_SCRATCH_DIR,
    apply: applySettings(c, 'ops:dr-rehearsal'),
    canary: c.CDC_ENABLED ? canaryStageSettings(c) : null,
  };
}

function pgBackRestSettings(c: Config): PgBackRestSettings {
  return {
    bin: c.OPS_PGBACKREST_BIN,
    stanza: c.OPS_PGBACKREST_STANZA,
    configFile: c.OPS_PGBACKREST_CONFIG,
    runAs: c.OPS_PGBACKREST_USER,
  };
}

/** CANARY_DATASET_OVERRIDE and CANARY_DATASET_PREFIX, as the writer and every comparison apply them. */
export function datasetOptions(c: Config): { override: string | undefined; prefix: string } {
  return { override: c.CANARY_DATASET_OVERRIDE, prefix: c.CANARY_DATASET_PREFIX };
}

/** A comma-separated setting as its entries, blanks dropped. */
function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
