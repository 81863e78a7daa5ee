// Logger factory: JSON lines (pino) with a `stage` field and secret redaction. Logs go to stderr so that
// command output on stdout stays machine-readable.

import pino from 'pino';

export type Logger = pino.Logger;

const REDACT = [
  'password',
  '*.password',
  'PGPASSWORD',
  'MQTT_PASSWORD',
  'CANARY_API_TOKEN',
  'ADMIN_TOKEN',
  'sessionToken',
  '*.sessionToken',
  'url',
  '*.url',
];

/** Without `stage` the logger is a root whose children (stageLogger) name their stage. */
export function createLogger(
  opts: { level?: string; stage?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: opts.stage ? { stage: opts.stage } : {},
      redact: { paths: REDACT, censor: '****' },
    },
    opts.destination ?? pino.destination(2),
  );
}

/** A logger for one stage of the pipeline. */
export function stageLogger(root: Logger, stage: string): Logger {
  return root.child({ stage });
}
