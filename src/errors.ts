// Typed errors: every failure the service or CLI reports carries a code from this union and a message
// that says what to do next. Expected bad input is returned as a value by pure parsers, not thrown.

export type ErrorCode =
  | 'config_invalid'
  | 'usage'
  | 'db_unavailable'
  | 'db_error'
  | 'migration_checksum_mismatch'
  | 'migration_missing'
  | 'migration_invalid'
  | 'migration_failed'
  | 'bootstrap_failed'
  | 'embedded_pg_failed'
  | 'decode_failed'
  | 'topic_invalid'
  | 'birth_rejected'
  | 'not_found'
  /** A program the command runs (pgbackrest, openssl…) is not installed or cannot be started. */
  | 'tool_missing'
  /** The server answered but offers no TLS, so there is no certificate to inspect. */
  | 'tls_not_offered'
  | 'constraint_violation'
  | 'conflict'
  | 'bench_failed'
  | 'port_in_use'
  | 'listen_failed'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'canary_sim_state_invalid'
  | 'canary_unavailable'
  | 'cdc_unavailable';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = opts.details ?? {};
  }
}

/** The SQLSTATEs the code branches on, by their PostgreSQL names (Appendix A of the manual). */
export const SQLSTATE = {
  invalid_authorization_specification: '28000',
  invalid_password: '28P01',
  invalid_catalog_name: '3D000',
  insufficient_privilege: '42501',
  undefined_function: '42883',
  undefined_table: '42P01',
  lock_not_available: '55P03',
  query_canceled: '57014',
  undefined_file: '58P01',
} as const;

/** The SQLSTATE of a driver error, if it is one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isConstraintViolation(err: unknown): boolean {
  return sqlState(err)?.startsWith('23') ?? false;
}
