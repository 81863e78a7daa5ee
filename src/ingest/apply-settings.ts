// What every path that applies births takes — the service, `ingest file`, `ingest replay`, a quarantine
// retry (CLI and dashboard), the DR smoke test: the intake limits and the birth writer's options. It is
// built from the config in one place (src/cli/settings.ts), so no path applies a birth under other rules.

import type { WriterOptions } from '../store/outcome.js';
import type { IntakeLimits } from './intake.js';

export interface ApplySettings {
  limits: IntakeLimits;
  writer: WriterOptions;
}
