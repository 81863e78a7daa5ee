// The bearer-token rule shared by every state-changing endpoint: closed (403) without ADMIN_TOKEN,
// 401 for a missing or wrong token. Compares digests in constant time; never echoes the token.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export function authorize(req: FastifyRequest, adminToken: string | undefined): void {
  if (!adminToken) {
    throw new AppError(
      'forbidden',
      'admin endpoints are disabled: ADMIN_TOKEN is not configured; set it to enable them',
    );
  }
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1] || !timingSafeEqual(sha256(match[1]), sha256(adminToken))) {
    throw new AppError(
      'unauthorized',
      'missing or wrong admin token; send the header "Authorization: Bearer <ADMIN_TOKEN>"',
    );
  }
}
