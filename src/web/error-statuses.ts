// The one table from AppError codes to HTTP statuses, and the error body the web server answers with.
// Codes missing from the table are server faults (500); fastify's own 4xx errors keep their status.

import { AppError, type ErrorCode } from '../errors.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  bad_request: 400,
  topic_invalid: 400,
  decode_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  constraint_violation: 409,
  conflict: 409,
  birth_rejected: 422,
  db_unavailable: 503,
};

export interface ErrorBody {
  error: string;
  message: string;
}

export function httpError(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError)
    return { status: STATUS[err.code] ?? 500, body: { error: err.code, message: err.message } };
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: 'bad_request', message: (err as Error).message } };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error; see the service log' } };
}
