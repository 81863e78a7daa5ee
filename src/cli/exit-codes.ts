// The one table from error codes to process exit codes (0 ok, 1 error, 2 usage).

import type { ErrorCode } from '../errors.js';

export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

export function exitCodeFor(code: ErrorCode): number {
  return code === 'usage' || code === 'config_invalid' ? EXIT.usage : EXIT.error;
}
