import { describe, it, expect } from 'vitest';
import { createLogger, stageLogger } from '../../src/log.js';

describe('logger', () => {
  it('writes JSON lines with the stage and never a secret', () => {
    const lines: string[] = [];
    const log = createLogger({ stage: 'cli', destination: { write: (s: string) => void lines.push(s) } });
    log.info({ password: 'p4ss', db: { url: 'postgres://u:p4ss@h/db' } }, 'connected');
    stageLogger(log, 'ingest').warn({ sessionToken: 'tok' }, 'birth quarantined');
    const [a, b] = lines.map((l) => JSON.parse(l));
    expect(a).toMatchObject({ stage: 'cli', msg: 'connected', password: '****', db: { url: '****' } });
    expect(b).toMatchObject({ stage: 'ingest', level: 40, sessionToken: '****' });
    expect(lines.join('')).not.toContain('p4ss');
  });
});
