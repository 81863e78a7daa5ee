// The only reader of process.env: loadConfig(env) validates every setting at once, reports all problems
// together, and returns a frozen config. Secrets never leave this module unredacted (see redactConfig).

import { readFileSync, statSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { AppError } from './errors.js';

const bool = z.enum(['true', 'false', '1', '0', 'on', 'off']).transform((v) => v === 'true' || v === '1' || v === 'on');
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const url = (protocols: string[]) =>
  z.string().refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
    message: `must start with ${protocols.join(':// or ')}://`,
  });

/** Every variable, its default and meaning; `.env.example` is kept in step with this table by a test. */
export const configSchema = z.object({
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  DATABASE_ADMIN_URL: url(['postgres', 'postgresql']).optional(),
  PGHOST: z.string().optional(),
  PGPORT: int(1, 65535).optional(),
  PGDATABASE: z.string().optional(),
  PGUSER: z.string().optional(),
  PGPASSWORD: z.string().optional(),
  PGSSLMODE: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
  PGSSLROOTCERT: z.string().optional(),
  PGSSLCERT: z.string().optional(),
  PGSSLKEY: z.string().optional(),
  PG_REPL_URL: url(['postgres', 'postgresql']).optional(),
  // spec/system.md lists it; the contract with Canary and every query name uns_meta, so it is checked,
  // not used: another value is refused at start instead of being silently ignored.
  PG_SCHEMA: z
    .literal('uns_meta', { error: 'the schema is fixed by the contract: uns_meta (leave PG_SCHEMA unset)' })
    .default('uns_meta'),
  DB_MODE: z.enum(['local', 'mock']).default('local'),
  DB_POOL_MAX: int(1, 200).default(10),
  EMBEDDED_PG_DIR: z.string().default('.uns-meta/pg'),
  EMBEDDED_PG_PORT: int(1, 65535).default(54316),
  INGEST_RENAME_BY_FINGERPRINT: bool.default(true),
  INGEST_MAX_PAYLOAD_BYTES: int(1).default(268_435_455),
  INGEST_MAX_INFLATED_BYTES: int(1).default(536_870_912),
  INGEST_MAX_CLOCK_SKEW_SECONDS: int(0).default(300),
  QUARANTINE_PAYLOAD_MAX_BYTES: int(0).default(1_048_576),
  QUARANTINE_WINDOW_SECONDS: int(1).default(60),
  OPS_RETENTION_DAYS: int(0).default(30),
  MQTT_URL: url(['mqtt', 'mqtts']).optional(),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  MQTT_CA: z.string().optional(),
  MQTT_CERT: z.string().optional(),
  MQTT_KEY: z.string().optional(),
  MQTT_CLIENT_ID: z.string().default(`uns-meta-${hostname()}`),
  MQTT_GROUPS: z.string().default(''),
  MQTT_SHARED_GROUP: z.string().optional(),
  MQTT_KEEPALIVE: int(5, 65535).default(30),
  MQTT_REBIRTH: z.enum(['off', 'on']).default('on'),
  MQTT_REBIRTH_ON_START: bool.default(false),
  MQTT_REBIRTH_ON_SEQ_GAP: bool.default(false),
  MQTT_REORDER_TIMEOUT_MS: int(0, 60_000).default(2000),
  MQTT_REBIRTH_COOLDOWN_SECONDS: int(0).default(60),
  MQTT_REBIRTH_BUDGET_PER_MINUTE: int(1).default(30),
  MQTT_QOS: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => Number(v) as 0 | 1),
  MQTT_STATE_HOST_ID: z.string().default(`uns-meta-${hostname()}`),
  MQTT_PRIMARY_HOST_ID: z.string().optional(),
  EMBEDDED_MQTT_PORT: int(0, 65535).default(1883),
  INGEST_CONCURRENCY: int(1, 64).default(4),
  INGEST_MEMORY_BYTES: int(1).default(268_435_456),
  INGEST_RETRY_MAX_SECONDS: int(1).default(30),
  BIRTH_CACHE_DIR: z.string().default('.uns-meta/births'),
  CANARY_SAF_URL: url(['http', 'https']).optional(),
  CANARY_VIEWS_URL: url(['http', 'https']).optional(),
  CANARY_API_TOKEN: z.string().optional(),
  CANARY_CLIENT_ID: z.string().default('uns-meta'),
  CANARY_HISTORIANS: z.string().default(''),
  CANARY_DATASET_PREFIX: z.string().default(''),
  CANARY_DATASET_OVERRIDE: z.string().optional(),
  CANARY_RATE_LIMIT_RPS: int(1, 10_000).default(500),
  CANARY_MAX_BATCH_TAGS: int(1, 100).default(100),
  CANARY_MAX_PAYLOAD_BYTES: int(1024, 1_000_000).default(1_000_000),
  CANARY_SESSION_TIMEOUT_MS: int(1000).default(120_000),
  CANARY_KEEPALIVE_IDLE_SECONDS: int(1).default(30),
  CANARY_MAX_IN_FLIGHT: int(1, 64).default(16),
  CANARY_ATTEMPT_TIMEOUT_MS: int(100).default(10_000),
  CANARY_RETRY_ATTEMPTS: int(1, 20).default(6),
  CANARY_RETRY_BUDGET_MS: int(100).default(60_000),
  CANARY_BREAKER_FAILURES: int(1).default(20),
  CANARY_BREAKER_5XX_PERCENT: z.coerce.number().min(0).max(100).default(2),
  CANARY_BREAKER_OPEN_SECONDS: int(1).default(60),
  CANARY_RESOLVE_TAGS: bool.default(false),
  CANARY_DRY_RUN: bool.default(false),
  CDC_ENABLED: bool.default(true),
  CDC_SLOT: z.string().default('uns_meta_slot'),
  CDC_PUBLICATION: z.string().default('uns_meta_pub'),
  CDC_DEBOUNCE_SECONDS: int(0).default(180),
  CDC_DEBOUNCE_MAX_SECONDS: int(0).default(600),
  HTTP_PORT: int(0, 65535).default(8080),
  HTTP_HOST: z.string().default('127.0.0.1'),
  ADMIN_TOKEN: z.string().optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  LOG_FILE: z.string().optional(),
  OPS_SCHEDULE: bool.default(true),
  OPS_DAILY_AT: z
    .string()
    .regex(/^\d\d:\d\d$/, 'HH:MM')
    .default('02:00'),
  OPS_WEEKLY_AT: z
    .string()
    .regex(/^(mon|tue|wed|thu|fri|sat|sun) \d\d:\d\d$/, 'day HH:MM, e.g. sun 03:00')
    .default('sun 03:00'),
  OPS_MONTHLY_AT: z
    .string()
    .regex(/^\d{1,2} \d\d:\d\d$/, 'day-of-month HH:MM, e.g. 1 04:00')
    .default('1 04:00'),
  OPS_QUARTERLY_AT: z
    .string()
    .regex(/^\d{1,2} \d\d:\d\d$/, 'day-of-month HH:MM of Jan/Apr/Jul/Oct')
    .default('1 05:00'),
  OPS_RUN_ON_START: bool.default(true),
  OPS_CHECK_TIMEOUT_SECONDS: int(1).default(60),
  OPS_CANARY_PARITY_SAMPLE: int(1, 100_000).default(200),
  OPS_ARCHIVE_DIR: z.string().optional(),
  OPS_NOTIFY_WEBHOOK: url(['http', 'https']).optional(),
  OPS_OPERATOR: z.string().optional(),
  OPS_PGBACKREST_STANZA: z.string().optional(),
  OPS_PGBACKREST_BIN: z.string().default('pgbackrest'),
  OPS_PGBACKREST_CONFIG: z.string().optional(),
  OPS_PGBACKREST_USER: z.string().optional(),
  OPS_DR_SCRATCH_DIR: z.string().optional(),
  OPS_TLS_ENDPOINTS: z.string().default(''),
  OPS_TLS_CA_FILE: z.string().optional(),
  OPS_VACUUM_MAINTENANCE_WORK_MEM: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'a PostgreSQL memory size, e.g. 2GB')
    .default('2GB'),
  OPS_GRANTS_BASELINE: z.string().optional(),
  OPS_STORAGE_GROWTH_WINDOW_DAYS: int(1).default(30),
});

/** Rules between settings, checked after each one is valid on its own. */
function crossChecks(c: z.infer<typeof configSchema>): string[] {
  const problems: string[] = [];
  // Each birth being applied holds a connection; quarantine, readiness and alias lookups need more.
  if (c.DB_POOL_MAX < c.INGEST_CONCURRENCY + 2) {
    problems.push(
      `DB_POOL_MAX: ${c.DB_POOL_MAX} is too small for INGEST_CONCURRENCY=${c.INGEST_CONCURRENCY}; it must be at least ${c.INGEST_CONCURRENCY + 2}`,
    );
  }
  if (c.CANARY_RESOLVE_TAGS && c.CANARY_SAF_URL && !c.CANARY_VIEWS_URL) {
    problems.push('CANARY_RESOLVE_TAGS: tags are resolved through the Views API; set CANARY_VIEWS_URL too');
  }
  // keepAlive must land well inside the session timeout, or Canary drops the session between writes.
  if (c.CANARY_KEEPALIVE_IDLE_SECONDS * 1000 * 1.5 > c.CANARY_SESSION_TIMEOUT_MS) {
    problems.push(
      `CANARY_KEEPALIVE_IDLE_SECONDS: ${c.CANARY_KEEPALIVE_IDLE_SECONDS} s is not well inside CANARY_SESSION_TIMEOUT_MS=${c.CANARY_SESSION_TIMEOUT_MS}; keep it under two thirds of it`,
    );
  }
  // STATE under another host's id would speak for it: edge nodes follow their primary host's STATE.
  if (c.MQTT_STATE_HOST_ID !== 'off') {
    if (!/^[^/+#]+$/.test(c.MQTT_STATE_HOST_ID))
      problems.push(
        `MQTT_STATE_HOST_ID: "${c.MQTT_STATE_HOST_ID}" is not a Sparkplug host id (non-empty, no '/', '+' or '#'); or set it to off`,
      );
    else if (c.MQTT_STATE_HOST_ID === c.MQTT_PRIMARY_HOST_ID) {
      problems.push(
        `MQTT_STATE_HOST_ID: "${c.MQTT_STATE_HOST_ID}" is the plant's primary host (MQTT_PRIMARY_HOST_ID); this service must never publish its STATE — choose its own id`,
      );
    }
  }
  return problems;
}

export type Config = Readonly<
  z.infer<typeof configSchema> & {
    /** Every OPS_<CHECK>_WARN / _CRIT variable as given (threshold overrides; see src/ops/thresholds.ts). */
    OPS_THRESHOLD_ENV: Readonly<Record<string, string>>;
  }
>;

const SECRET_KEYS = new Set(['PGPASSWORD', 'MQTT_PASSWORD', 'CANARY_API_TOKEN', 'ADMIN_TOKEN']);
const URL_KEYS = new Set(['DATABASE_URL', 'DATABASE_ADMIN_URL', 'PG_REPL_URL', 'MQTT_URL']);

export interface LoadOptions {
  /** A .env file to read (variables already in env win); its mode should be 600. */
  envFile?: string;
  warn?: (msg: string) => void;
}

export function loadConfig(env: NodeJS.ProcessEnv, opts: LoadOptions = {}): Config {
  const merged: Record<string, string | undefined> = { ...readEnvFile(opts), ...env };
  const known = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, blankToUndefined(merged[k])]));
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError(
      'config_invalid',
      `invalid configuration (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`,
      {
        details: { problems },
      },
    );
  }
  const problems = crossChecks(parsed.data);
  if (problems.length) {
    throw new AppError(
      'config_invalid',
      `invalid configuration (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`,
      { details: { problems } },
    );
  }
  const thresholdEnv = Object.fromEntries(
    Object.entries(merged).filter(
      (e): e is [string, string] => /^OPS_.+_(WARN|CRIT)$/.test(e[0]) && typeof e[1] === 'string' && e[1].trim() !== '',
    ),
  );
  return Object.freeze({ ...parsed.data, OPS_THRESHOLD_ENV: Object.freeze(thresholdEnv) });
}

function blankToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

function readEnvFile(opts: LoadOptions): Record<string, string> {
  const file = opts.envFile ?? '.env';
  if (!existsSync(file)) return {};
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077)
    opts.warn?.(`${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it: it may hold secrets`);
  return parseDotenv(readFileSync(file));
}

/** Masks the password of a connection URL. */
/** Query parameters that carry a secret (node-postgres and libpq accept a password there too). */
const SECRET_PARAMS = ['password', 'sslpassword'];

export function maskUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '****';
    // Rewritten only when there is one: re-encoding would change how other parameters read.
    for (const p of SECRET_PARAMS) if (u.searchParams.has(p)) u.searchParams.set(p, '****');
    return u.toString();
  } catch {
    return '****';
  }
}

/** The config as it may be logged or printed: secrets replaced, URL passwords masked. */
export function redactConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => {
      if (v === undefined) return [k, v];
      if (SECRET_KEYS.has(k)) return [k, '****'];
      if (URL_KEYS.has(k)) return [k, maskUrl(String(v))];
      return [k, v];
    }),
  );
}
