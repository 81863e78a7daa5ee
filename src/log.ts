// Logger factory: JSON lines (pino) with a `stage` field and secret redaction. Logs go to stderr so that
// command output on stdout stays machine-readable.

import pino from 'pino';

export type Logger = pino.Logger;

const REDACT = ['password', '*.password', 'PGPASSWORD', 'MQTT_PASSWORD', 'CANARY_API_TOKEN', 'sessionToken', '*.sessionToken', 'url', '*.url'];

export function createLogger(opts: { level?: string; stage?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    { level: opts.level ?? 'info', base: { stage: opts.stage ?? 'main' }, redact: { paths: REDACT, censor: '****' } },
    opts.destination ?? pino.destination(2),
  );
}

/** A logger for one stage of the pipeline. */
export function stageLogger(root: Logger, stage: string): Logger {
  return root.child({ stage });
}
